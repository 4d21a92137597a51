// Owns the moderation digest (issue 4): claims to manage a place, visitors' proposals of new places
// and their error reports wait in /moderation/demandes and /moderation; each coordinator (and
// administrator) whose territories — the rule is `can(user, 'moderate', …)` — received at least
// one of them since her last digest is mailed what is new and how much waits, at most once per
// PASSERELLE_RESUME_HEURES hours. The state is one row per person in moderation_digests:
//   - notified_up_to: items created up to this instant were told. It starts at the later of the
//     account's creation and FIRST_WINDOW_DAYS ago, so a new coordinator is not flooded by a
//     backlog (still counted in "en attente en tout", just not announced as new), and it moves
//     only to the created_at of items actually read, compared in SQL (no clock skew between the
//     application and the database, no microseconds lost through JavaScript dates);
//   - claim_id / attempted_at: a sweep claims the row with one conditional UPDATE (window
//     unchanged, interval passed, no send under way) before mailing, so any number of processes
//     sweeping at once send one digest; the window moves only once the mail port accepted the
//     mail. A failure leaves it where it was: the same items are told by a later sweep (after a
//     lease of RETRY_AFTER_MINUTES, once per interval after FAILURES_BEFORE_BACKOFF failures in a
//     row). Delivery is at least once: a crash between the mail and its record mails it again.
import { randomUUID } from 'node:crypto';
import type { Db, Queryable } from '../platform/db.ts';
import type { Mailer } from '../platform/mail/mailer.ts';
import { can } from '../comptes/permissions.ts';
import { getUser, type Territory } from '../comptes/users.ts';
import { digestMail, type DigestEntry, type DigestKind, type DigestSection } from './moderation-digest-mail.ts';

export const DEFAULT_DIGEST_HOURS = 24;
/** A new coordinator hears of items at most this old. */
export const FIRST_WINDOW_DAYS = 7;
/** A send not recorded after this long (crash) or failed is tried again by a later sweep. */
export const RETRY_AFTER_MINUTES = 15;
export const FAILURES_BEFORE_BACKOFF = 5;
/**
 * The interval is measured from the sweep that sent the last digest: this much early is still on
 * time, so a daily cron (or the hourly sweep) at a fixed hour sends every day, not every other day.
 */
export const INTERVAL_SLACK_MINUTES = 5;

/** PASSERELLE_RESUME_HEURES: hours between two digests to one person (24 by default, 0 for none). */
export function digestHours(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.PASSERELLE_RESUME_HEURES;
  if (raw === undefined || raw === '') return DEFAULT_DIGEST_HOURS;
  const hours = Number(raw);
  if (!Number.isInteger(hours) || hours < 0 || hours > 720) {
    throw new Error(`PASSERELLE_RESUME_HEURES vaut « ${raw} » : indiquez un nombre entier d’heures entre 0 (pas de résumé aux coordinateurs) et 720.`);
  }
  return hours;
}

export type DigestOptions = {
  hours: number;
  /** The site's address for the links, without a trailing slash. */
  publicUrl: string;
  now: Date;
  /** Told each failure (the message names no one). */
  log?: (message: string) => void;
};
/** due: people with something new to be told this sweep; sent and failed: what became of the digests this sweep claimed. */
export type DigestCounts = { due: number; sent: number; failed: number };

type Territorial = { lieu_id: string | null; commune_code: string | null; epci_code: string | null; departement_code: string | null; region_code: string | null };
type WaitingRow = Territorial & {
  kind: DigestKind; name: string | null; fields: { nom?: unknown; commune?: unknown } | null; commune: string | null; requester: string | null;
  created_at: string; is_new: boolean;
};

// What the queues show (claims.ts pendingClaimsFor, moderation.ts pendingSuggestionsFor and
// pendingReportsFor), in one statement, each item marked new when created after $1.
const WAITING_SQL = `
SELECT kind, name, fields, commune, requester, at::text AS created_at, at > $1::timestamptz AS is_new,
  lieu_id, commune_code, epci_code, departement_code, region_code
FROM (
  SELECT 'claim' AS kind, l.nom AS name, NULL::jsonb AS fields, l.data->'adresse'->>'commune' AS commune, u.email AS requester,
    c.created_at AS at, l.id::text AS lieu_id, l.commune_code, l.epci_code, l.departement_code, l.region_code
  FROM claims c JOIN lieux l ON l.id = c.lieu_id JOIN users u ON u.id = c.user_id WHERE c.status = 'pending'
  UNION ALL
  SELECT 'suggestion', NULL, jsonb_build_object('nom', s.fields->'nom', 'commune', s.fields->'commune'), NULL, NULL,
    s.created_at, NULL, s.commune_code, s.epci_code, s.departement_code, s.region_code
  FROM suggestions s WHERE s.status = 'pending'
  UNION ALL
  SELECT 'report', l.nom, NULL, l.data->'adresse'->>'commune', NULL,
    r.created_at, l.id::text, l.commune_code, l.epci_code, l.departement_code, l.region_code
  FROM signalements r JOIN lieux l ON l.id = r.lieu_id WHERE r.status = 'new'
) AS waiting
ORDER BY at, kind`;

/** SQL: the latest item waiting in any queue (each read from its (status, created_at) index). */
const LATEST_SQL = `(SELECT max(m) FROM (
  SELECT max(created_at) AS m FROM claims WHERE status = 'pending'
  UNION ALL SELECT max(created_at) FROM suggestions WHERE status = 'pending'
  UNION ALL SELECT max(created_at) FROM signalements WHERE status = 'new') AS latest)`;

/** SQL: the row may be claimed at $1 (the interval $2 hours has passed and no send is under way or was just tried). */
const CLAIMABLE_SQL = `(d.sent_at IS NULL OR d.sent_at <= $1::timestamptz - make_interval(hours => $2::int) + make_interval(mins => ${INTERVAL_SLACK_MINUTES}))
  AND (d.attempted_at IS NULL OR d.attempted_at <= $1::timestamptz - make_interval(mins => CASE WHEN d.failures >= ${FAILURES_BEFORE_BACKOFF} THEN $2::int * 60 ELSE ${RETRY_AFTER_MINUTES} END))`;

const MODERATORS = `('coordinator', 'admin')`;

export async function sendDueDigests(db: Db, mailer: Mailer, options: DigestOptions): Promise<DigestCounts> {
  const counts: DigestCounts = { due: 0, sent: 0, failed: 0 };
  if (options.hours <= 0) return counts;
  const at = options.now.toISOString();
  // Someone no longer a moderator loses her row: named again, she starts afresh (not flooded).
  await db.query(`DELETE FROM moderation_digests d USING users u WHERE u.id = d.user_id AND u.role NOT IN ${MODERATORS}`);
  await db.query(
    `INSERT INTO moderation_digests (user_id, notified_up_to)
     SELECT id, greatest(created_at, $1::timestamptz - make_interval(days => $2::int)) FROM users WHERE role IN ${MODERATORS}
     ON CONFLICT (user_id) DO NOTHING`,
    [at, FIRST_WINDOW_DAYS],
  );
  const due = await db.query<{ user_id: string; notified_up_to: string }>(
    `SELECT d.user_id, d.notified_up_to::text AS notified_up_to FROM moderation_digests d JOIN users u ON u.id = d.user_id
     WHERE u.role IN ${MODERATORS} AND d.notified_up_to < ${LATEST_SQL} AND ${CLAIMABLE_SQL}
     ORDER BY d.user_id`,
    [at, options.hours],
  );

  for (const row of due) {
    const user = await getUser(db, row.user_id);
    if (!user) continue; // deleted since
    const waiting = await db.query<WaitingRow>(WAITING_SQL, [row.notified_up_to]);
    const newest = waiting.filter((w) => w.is_new).at(-1)?.created_at;
    if (!newest) continue; // decided since
    const mine = waiting.filter((w) => can(user, 'moderate', { lieu: { ...w, id: w.lieu_id ?? '' } }));
    if (!mine.some((w) => w.is_new)) {
      // Nothing new on her territories: what was read is behind her, so later sweeps skip her
      // until something else arrives (unless another sweep moved the window meanwhile).
      await db.query(
        `UPDATE moderation_digests SET notified_up_to = $3::timestamptz WHERE user_id = $1 AND notified_up_to = $2::timestamptz AND claim_id IS NULL`,
        [user.id, row.notified_up_to, newest],
      );
      continue;
    }
    counts.due++;
    const claimId = randomUUID();
    const [claimed] = await db.query(
      `UPDATE moderation_digests d SET claim_id = $5::uuid, attempted_at = $1::timestamptz
       WHERE d.user_id = $3 AND d.notified_up_to = $4::timestamptz AND ${CLAIMABLE_SQL} RETURNING d.user_id`,
      [at, options.hours, user.id, row.notified_up_to, claimId],
    );
    // Nothing returned: another sweep sends it, or sent it since this one read the row.
    if (!claimed) continue;
    const mail = digestMail({
      publicUrl: options.publicUrl,
      hours: options.hours,
      ...(user.role !== 'admin' && { territories: await territoryLabels(db, user.territories) }),
      sections: sections(mine),
    });
    try {
      await mailer.send({ to: user.email, ...mail });
    } catch (error) {
      counts.failed++;
      await db.query('UPDATE moderation_digests SET claim_id = NULL, failures = failures + 1 WHERE user_id = $1 AND claim_id = $2::uuid', [user.id, claimId]);
      options.log?.(`Résumé de modération non envoyé (nouvel essai au prochain passage) : ${(error as Error).message}`);
      continue;
    }
    await db.query(
      `UPDATE moderation_digests SET notified_up_to = greatest(notified_up_to, $3::timestamptz), sent_at = $4::timestamptz, claim_id = NULL, failures = 0
       WHERE user_id = $1 AND claim_id = $2::uuid`,
      [user.id, claimId, newest, at],
    );
    counts.sent++;
  }
  return counts;
}

const first = (value: unknown): string => (Array.isArray(value) ? first(value[0]) : typeof value === 'string' ? value : '');

function sections(rows: WaitingRow[]): Record<DigestKind, DigestSection> {
  const result: Record<DigestKind, DigestSection> = { claim: { fresh: [], waiting: 0 }, suggestion: { fresh: [], waiting: 0 }, report: { fresh: [], waiting: 0 } };
  for (const row of rows) {
    const section = result[row.kind];
    section.waiting++;
    if (!row.is_new) continue;
    const entry: DigestEntry = row.kind === 'suggestion'
      ? { name: first(row.fields?.nom), commune: first(row.fields?.commune) }
      : { name: row.name ?? '', commune: row.commune ?? '' };
    if (row.requester) entry.requester = row.requester;
    section.fresh.push(entry);
  }
  return result;
}

const LABEL_SQL: Record<Territory['level'], string> = {
  region: `SELECT 'région ' || nom AS label FROM regions WHERE code = $1`,
  departement: `SELECT nom || ' (' || code || ')' AS label FROM departements WHERE code = $1`,
  epci: 'SELECT nom AS label FROM epci WHERE code = $1',
  commune: `SELECT nom || ' (' || code || ')' AS label FROM communes WHERE code = $1`,
};

/** "Isère (38)", "région Auvergne-Rhône-Alpes", "Grenoble-Alpes-Métropole"; the code when unknown. */
async function territoryLabels(db: Queryable, territories: Territory[]): Promise<string[]> {
  const labels: string[] = [];
  for (const t of territories) {
    const [row] = await db.query<{ label: string }>(LABEL_SQL[t.level], [t.code]);
    labels.push(row?.label ?? `${t.level} ${t.code}`);
  }
  return labels;
}
