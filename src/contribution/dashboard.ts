// Owns the coordinators' dashboard (issue 4): the places of an account's territories (every place
// for an administrator) that need someone — stale (staleness.ts decides), unclaimed (no manager
// in user_lieux), reported by visitors (signalements still 'new'; any other status is handled) —
// with the count of each category, one page of rows at a time, and every row for the export read
// page by page. The territories are those of can() (comptes/permissions.ts): a place belongs to a
// coordinator when its commune, EPCI, département or région is one of hers. Merged places never
// appear; places closed for good are neither to verify nor to claim, only their reports remain.
import type { Queryable } from '../platform/db.ts';
import type { Territory, TerritoryLevel, User } from '../comptes/users.ts';
import { can } from '../comptes/permissions.ts';
import { now } from '../platform/clock.ts';
import { lastConfirmedSql, staleMonths, staleSql } from './staleness.ts';

export const DASHBOARD_CATEGORIES = {
  'a-verifier': { title: 'Lieux à vérifier', one: 'lieu à vérifier', many: 'lieux à vérifier' },
  'sans-responsable': { title: 'Lieux sans responsable', one: 'lieu sans responsable', many: 'lieux sans responsable' },
  signales: { title: 'Lieux signalés', one: 'lieu signalé', many: 'lieux signalés' },
} as const;
export type DashboardCategory = keyof typeof DASHBOARD_CATEGORIES;
export const isDashboardCategory = (value: unknown): value is DashboardCategory => typeof value === 'string' && Object.hasOwn(DASHBOARD_CATEGORIES, value);

/** What the coordinator asked for: one category (all flagged places when absent), one of her territories (all when absent). */
export type DashboardFilter = { category?: DashboardCategory | undefined; territory?: Territory | undefined };
/** The instant and the number of months of the staleness rule; the clock and PASSERELLE_RAPPEL_MOIS by default. */
export type DashboardClock = { at?: Date; months?: number };

export type DashboardRow = {
  id: string;
  nom: string;
  commune: string | null;
  commune_code: string | null;
  departement_code: string | null;
  /** The day (Europe/Paris, YYYY-MM-DD) the place was last confirmed; null when never. */
  last_confirmed: string | null;
  stale: boolean;
  unclaimed: boolean;
  pending_reports: number;
  /** The kind of the most recent pending report (signalement/report-kinds.ts). */
  latest_report_kind: string | null;
};

/** Places of the territory filter in each category, and in at least one (`total`). */
export type DashboardCounts = Record<DashboardCategory, number> & { total: number };

export type DashboardPage = {
  counts: DashboardCounts;
  rows: DashboardRow[];
  /** Rows of the category asked for (the whole list, not only this page). */
  matching: number;
  page: number;
  pageCount: number;
  pageSize: number;
  months: number;
};

export const DASHBOARD_PAGE_SIZE = 50;

/** Only coordinators and administrators have a dashboard; structure managers do not. */
export const hasDashboard = (user: Pick<User, 'role'>) => user.role === 'coordinator' || user.role === 'admin';

/** A territory the filter named, with its name and the territories containing it. */
export type NamedTerritory = Territory & { nom: string; departement_code?: string | null; region_code?: string | null; epci_code?: string | null };

/** The territory of a `level:code` value ("departement:38"), undefined when it does not exist. */
export async function findTerritory(db: Queryable, value: string): Promise<NamedTerritory | undefined> {
  const match = /^(commune|epci|departement|region):([0-9A-Za-z]{1,9})$/.exec(value.trim());
  if (!match) return undefined;
  const level = match[1] as TerritoryLevel;
  const code = match[2]!.toUpperCase();
  const sql = {
    region: 'SELECT nom FROM regions WHERE code = $1',
    departement: 'SELECT nom, region_code FROM departements WHERE code = $1',
    // An EPCI lies in one région (nearly always): the one of its communes, when there is one only.
    epci: `SELECT e.nom, (SELECT CASE WHEN count(DISTINCT c.region_code) = 1 THEN min(c.region_code) END FROM communes c WHERE c.epci_code = e.code) AS region_code
           FROM epci e WHERE e.code = $1`,
    commune: 'SELECT nom, departement_code, region_code, epci_code FROM communes WHERE code = $1',
  }[level];
  const [row] = await db.query<Omit<NamedTerritory, 'level' | 'code'>>(sql, [code]);
  return row && { level, code, ...row };
}

/** True when the account may look at that territory: an administrator always, a coordinator inside hers. */
export const mayFilterBy = (user: User, territory: NamedTerritory) => hasDashboard(user) && can(user, 'export', { territory });

/**
 * The territories offered by the filter: an administrator's are the régions and départements; a
 * coordinator's are hers, and the départements of her régions.
 */
export async function territoryChoices(db: Queryable, user: User): Promise<NamedTerritory[]> {
  if (user.role === 'admin') {
    const regions = await db.query<{ code: string; nom: string }>('SELECT code, nom FROM regions ORDER BY code');
    const departements = await db.query<{ code: string; nom: string }>('SELECT code, nom FROM departements ORDER BY code');
    return [...regions.map((r) => ({ level: 'region' as const, ...r })), ...departements.map((d) => ({ level: 'departement' as const, ...d }))];
  }
  if (!hasDashboard(user)) return [];
  const own = (await Promise.all(user.territories.map((t) => findTerritory(db, `${t.level}:${t.code}`)))).filter((t) => t !== undefined);
  const regionCodes = user.territories.filter((t) => t.level === 'region').map((t) => t.code);
  const inside = regionCodes.length === 0 ? [] : await db.query<{ code: string; nom: string; region_code: string }>(
    'SELECT code, nom, region_code FROM departements WHERE region_code = ANY($1::text[]) ORDER BY code', [regionCodes],
  );
  const seen = new Set(own.map((t) => `${t.level}:${t.code}`));
  return [...own, ...inside.filter((d) => !seen.has(`departement:${d.code}`)).map((d) => ({ level: 'departement' as const, ...d }))];
}

const LEVEL_COLUMN: Record<TerritoryLevel, string> = { commune: 'commune_code', epci: 'epci_code', departement: 'departement_code', region: 'region_code' };

/** SQL condition "place `l` is in one of the account's territories" (as can() decides), its parameters pushed. */
function scopeSql(user: User, params: unknown[]): string {
  if (user.role === 'admin') return 'true';
  if (user.role !== 'coordinator') return 'false';
  const byLevel = new Map<TerritoryLevel, string[]>();
  for (const t of user.territories) byLevel.set(t.level, [...(byLevel.get(t.level) ?? []), t.code]);
  const conditions = [...byLevel].map(([level, codes]) => {
    params.push(codes);
    return `l.${LEVEL_COLUMN[level]} = ANY($${params.length}::text[])`;
  });
  return conditions.length === 0 ? 'false' : `(${conditions.join(' OR ')})`;
}

const CATEGORY_SQL: Record<DashboardCategory | 'all', string> = {
  'a-verifier': 'd.stale',
  'sans-responsable': 'd.unclaimed',
  signales: 'd.pending_reports > 0',
  all: '(d.stale OR d.unclaimed OR d.pending_reports > 0)',
};

/** Every place of the account's territories (and of the filter's), with its flags, as subquery `d`. */
function flaggedPlacesSql(user: User, filter: DashboardFilter, clock: DashboardClock, params: unknown[]): string {
  params.push((clock.at ?? now()).toISOString(), clock.months ?? staleMonths());
  const [atParam, monthsParam] = [params.length - 1, params.length];
  const where = ['l.merged_into IS NULL', scopeSql(user, params)];
  if (filter.territory) {
    params.push(filter.territory.code);
    where.push(`l.${LEVEL_COLUMN[filter.territory.level]} = $${params.length}`);
  }
  return `SELECT l.id, l.nom, l.commune_code, l.departement_code,
      coalesce(c.nom, l.data->'adresse'->>'commune') AS commune,
      -- accents and case ignored whatever the database's collation: Échirolles before Grenoble
      coalesce(c.nom_normalise, lower(l.data->'adresse'->>'commune'), '') AS commune_sort,
      to_char(${lastConfirmedSql('l')} AT TIME ZONE 'Europe/Paris', 'YYYY-MM-DD') AS last_confirmed,
      (l.status <> 'closed' AND ${staleSql(atParam, monthsParam, 'l')}) AS stale,
      (l.status <> 'closed' AND NOT EXISTS (SELECT 1 FROM user_lieux ul WHERE ul.lieu_id = l.id)) AS unclaimed,
      coalesce(r.pending, 0) AS pending_reports,
      r.latest_kind AS latest_report_kind
    FROM lieux l
    LEFT JOIN communes c ON c.code = l.commune_code
    LEFT JOIN (
      SELECT lieu_id, count(*)::int AS pending, (array_agg(kind ORDER BY created_at DESC, id DESC))[1] AS latest_kind
      FROM signalements WHERE status = 'new' GROUP BY lieu_id
    ) r ON r.lieu_id = l.id
    WHERE ${where.join(' AND ')}`;
}

const ROW_COLUMNS = 'd.id, d.nom, d.commune, d.commune_code, d.departement_code, d.last_confirmed, d.stale, d.unclaimed, d.pending_reports, d.latest_report_kind';
const ORDER = 'd.commune_sort, d.nom, d.id';

export async function dashboardCounts(db: Queryable, user: User, filter: DashboardFilter = {}, clock: DashboardClock = {}): Promise<DashboardCounts> {
  const params: unknown[] = [];
  const [row] = await db.query<DashboardCounts>(
    `SELECT count(*) FILTER (WHERE ${CATEGORY_SQL['a-verifier']})::int AS "a-verifier",
            count(*) FILTER (WHERE ${CATEGORY_SQL['sans-responsable']})::int AS "sans-responsable",
            count(*) FILTER (WHERE ${CATEGORY_SQL.signales})::int AS signales,
            count(*) FILTER (WHERE ${CATEGORY_SQL.all})::int AS total
     FROM (${flaggedPlacesSql(user, filter, clock, params)}) d`,
    params,
  );
  return row!;
}

/** One page (from 1) of the places of the filter, ordered by commune then name; the counts of every category. */
export async function dashboardPage(db: Queryable, user: User, filter: DashboardFilter = {}, page = 1, clock: DashboardClock = {}, pageSize = DASHBOARD_PAGE_SIZE): Promise<DashboardPage> {
  const months = clock.months ?? staleMonths();
  const at = clock.at ?? now();
  const counts = await dashboardCounts(db, user, filter, { at, months });
  const matching = filter.category ? counts[filter.category] : counts.total;
  const pageCount = Math.max(1, Math.ceil(matching / pageSize));
  const current = Math.min(Math.max(1, Math.trunc(page) || 1), pageCount);
  const params: unknown[] = [];
  const base = flaggedPlacesSql(user, filter, { at, months }, params);
  params.push(pageSize, (current - 1) * pageSize);
  const rows = matching === 0 ? [] : await db.query<DashboardRow>(
    `SELECT ${ROW_COLUMNS} FROM (${base}) d WHERE ${CATEGORY_SQL[filter.category ?? 'all']}
     ORDER BY ${ORDER} LIMIT $${params.length - 1} OFFSET $${params.length}`,
    params,
  );
  return { counts, rows, matching, page: current, pageCount, pageSize, months };
}

/** Every row of the filter, in the page's order, read `batch` rows at a time (for the export). */
export async function* dashboardRows(db: Queryable, user: User, filter: DashboardFilter = {}, clock: DashboardClock = {}, batch = 5000): AsyncGenerator<DashboardRow> {
  // One instant and one rule for the whole file, however long it takes to read.
  const fixed = { at: clock.at ?? now(), months: clock.months ?? staleMonths() };
  let after: [commune: string, nom: string, id: string] | undefined;
  for (;;) {
    const params: unknown[] = [];
    const base = flaggedPlacesSql(user, filter, fixed, params);
    let keyset = '';
    if (after) {
      params.push(...after);
      keyset = ` AND (d.commune_sort, d.nom, d.id) > ($${params.length - 2}, $${params.length - 1}, $${params.length}::uuid)`;
    }
    params.push(batch);
    const rows = await db.query<DashboardRow & { commune_sort: string }>(
      `SELECT ${ROW_COLUMNS}, d.commune_sort FROM (${base}) d WHERE ${CATEGORY_SQL[filter.category ?? 'all']}${keyset}
       ORDER BY ${ORDER} LIMIT $${params.length}`,
      params,
    );
    for (const { commune_sort: _sort, ...row } of rows) yield row;
    const last = rows[rows.length - 1];
    if (!last || rows.length < batch) return;
    after = [last.commune_sort, last.nom, last.id];
  }
}
