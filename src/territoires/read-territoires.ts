// Owns the queries that read territories for the API and the pages.
import type { Queryable } from '../platform/db.ts';
import { normalizeCommuneName } from '../platform/text.ts';

export async function listTerritoires(db: Queryable) {
  const [regions, departements, epci] = await Promise.all([
    db.query<{ code: string; nom: string }>('SELECT code, nom FROM regions ORDER BY code'),
    db.query<{ code: string; nom: string; region_code: string }>('SELECT code, nom, region_code FROM departements ORDER BY code'),
    db.query<{ code: string; nom: string; type: string }>('SELECT code, nom, type FROM epci ORDER BY nom'),
  ]);
  return { regions, departements, epci };
}

/** Communes whose name starts with (then contains) the query, or that have this postcode. */
export async function searchCommunes(db: Queryable, query: { q?: string; departement?: string; limit?: number }) {
  const limit = query.limit ?? 20;
  const q = (query.q ?? '').trim();
  const params: unknown[] = [];
  const where: string[] = [];
  if (query.departement) {
    params.push(query.departement);
    where.push(`departement_code = $${params.length}`);
  }
  let order = 'population DESC NULLS LAST, nom';
  if (/^\d{2,5}$/.test(q)) {
    params.push(`${q}%`);
    where.push(`EXISTS (SELECT 1 FROM unnest(codes_postaux) cp WHERE cp LIKE $${params.length})`);
  } else if (q !== '') {
    const name = normalizeCommuneName(q);
    params.push(`%${name}%`, `${name}%`);
    where.push(`nom_normalise LIKE $${params.length - 1}`);
    order = `(nom_normalise LIKE $${params.length}) DESC, ${order}`;
  }
  params.push(limit);
  return db.query(
    `SELECT code, nom, departement_code, region_code, epci_code, codes_postaux, population FROM communes
     ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ${order} LIMIT $${params.length}`,
    params,
  );
}
