// Owns the SQL reads of places: the filters as SQL (exports stream through them; lists and
// searches use the in-memory catalog, checked against them), one place with its source records
// and the provenance of each field, every place for exports. Merged-away places are hidden.
import type { Queryable } from '../../platform/db.ts';
import { normalizeText } from '../../platform/text.ts';
import type { LieuData } from '../domain/lieu.ts';
import { composeLieu, type Provenance, type SourceRecord } from './compose.ts';

export type LieuFilters = {
  commune?: string;
  departement?: string;
  epci?: string;
  region?: string;
  services?: string[];
  publics?: string[];
  prise_en_charge?: string[];
  frais?: string[];
  modalites_acces?: string[];
  modalites_accompagnement?: string[];
  kind?: string[];
  status?: string[];
  /** west, south, east, north in WGS84 degrees */
  bbox?: [number, number, number, number];
  q?: string;
};

export type StoredLieu = {
  id: string;
  kind: string;
  status: string;
  data: LieuData;
  commune_code: string | null;
  departement_code: string | null;
  epci_code: string | null;
  region_code: string | null;
  commune_nom: string | null;
  updated_at: string;
};

/** List filters and the list field of the data each reads (the catalog's indexes use the same table). */
export const ARRAY_FILTERS = {
  services: 'services',
  publics: 'publics_specifiquement_adresses',
  prise_en_charge: 'prise_en_charge_specifique',
  frais: 'frais_a_charge',
  modalites_acces: 'modalites_acces',
  modalites_accompagnement: 'modalites_accompagnement',
} as const;

/** WHERE clause of a filter set: values of one filter are alternatives (OR), filters combine (AND). */
export function whereClause(filters: LieuFilters, params: unknown[]): string {
  const where = ['l.merged_into IS NULL'];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  if (filters.commune) {
    const p = param(filters.commune);
    where.push(`(l.commune_code = ${p} OR l.data->'itinerance_passages' @> jsonb_build_array(jsonb_build_object('commune_code', ${p}::text)))`);
  }
  if (filters.departement) where.push(`l.departement_code = ${param(filters.departement)}`);
  if (filters.epci) where.push(`l.epci_code = ${param(filters.epci)}`);
  if (filters.region) where.push(`l.region_code = ${param(filters.region)}`);
  for (const [key, field] of Object.entries(ARRAY_FILTERS) as [keyof typeof ARRAY_FILTERS, string][]) {
    const values = filters[key];
    // `?|`: one of the values is an element of the field's array.
    if (values?.length) where.push(`l.data->'${field}' ?| ${param(values)}::text[]`);
  }
  if (filters.kind?.length) where.push(`l.kind = ANY(${param(filters.kind)}::text[])`);
  if (filters.status?.length) where.push(`l.status = ANY(${param(filters.status)}::text[])`);
  if (filters.bbox) {
    const [w, s, e, n] = filters.bbox;
    where.push(`point(l.longitude, l.latitude) <@ box(point(${param(w)}, ${param(s)}), point(${param(e)}, ${param(n)}))`);
  }
  for (const word of normalizeText(filters.q ?? '').split(' ').filter((w) => w.length > 0)) {
    where.push(`l.search_text LIKE ${param(`%${word}%`)}`);
  }
  return where.join(' AND ');
}

const SELECT_LIEU = `SELECT l.id, l.kind, l.status, l.data, l.commune_code, l.departement_code, l.epci_code, l.region_code,
  c.nom AS commune_nom, l.updated_at FROM lieux l LEFT JOIN communes c ON c.code = l.commune_code`;

export type LieuDetail = StoredLieu & {
  sources: { source: string; source_id: string; format: string; date_maj: string; updated_at: string }[];
  provenance: Provenance;
  merged_into: string | null;
};

export async function getLieu(db: Queryable, id: string): Promise<LieuDetail | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  const [lieu] = await db.query<StoredLieu & { merged_into: string | null }>(`${SELECT_LIEU.replace('SELECT', 'SELECT l.merged_into,')} WHERE l.id = $1`, [id]);
  if (!lieu) return undefined;
  const stored = await db.query<Omit<SourceRecord, 'data'> & { data: LieuData | null; format: string; updated_at: string }>(
    'SELECT source, source_id, format, data, updated_at FROM source_records WHERE lieu_id = $1 ORDER BY first_seen_at, source, source_id',
    [id],
  );
  // data NULL: the record created the place and still shares its data (migration 016).
  const records = stored.map((r) => ({ ...r, data: r.data ?? lieu.data }));
  return {
    ...lieu,
    sources: records.map((r) => ({ source: r.source, source_id: r.source_id, format: r.format, date_maj: r.data.date_maj, updated_at: r.updated_at })),
    provenance: records.length > 0 ? composeLieu(records).provenance : {},
  };
}

/**
 * Streams every visible place, page by page, for exports. The order (name, then the source's own
 * id, then Passerelle's id) depends on the data only, so two databases holding the same places
 * export them in the same order, whatever ids they gave them.
 */
export async function* allLieux(db: Queryable, filters: LieuFilters = {}, pageSize = 2000): AsyncGenerator<StoredLieu> {
  const sourceId = "coalesce(l.data->>'id', '')";
  let after: [nom: string, sourceId: string, id: string] | undefined;
  for (;;) {
    const params: unknown[] = [];
    const where = whereClause(filters, params);
    let keyset = '';
    if (after) {
      params.push(...after);
      // `l.nom >=` lets the (nom, id) index start at the page; the row comparison does the rest.
      keyset = ` AND l.nom >= $${params.length - 2} AND (l.nom, ${sourceId}, l.id) > ($${params.length - 2}, $${params.length - 1}, $${params.length}::uuid)`;
    }
    params.push(pageSize);
    const rows = await db.query<StoredLieu & { nom: string; source_id: string }>(
      `${SELECT_LIEU.replace('SELECT', `SELECT l.nom, ${sourceId} AS source_id,`)} WHERE ${where}${keyset} ORDER BY l.nom, ${sourceId}, l.id LIMIT $${params.length}`,
      params,
    );
    for (const { nom: _nom, source_id: _sourceId, ...lieu } of rows) yield lieu;
    const last = rows[rows.length - 1];
    if (!last || rows.length < pageSize) return;
    after = [last.nom, last.source_id, last.id];
  }
}
