// Owns the commune resolver's snapshot (migration 017): the communes and former communes that
// resolver.ts indexes, kept in the database as one JSON text. Reading it back costs ~0.03 s where
// aggregating the tables at the start of an import costs ~0.2 s. Loading the territories makes it;
// any write to those tables forgets it (triggers); a reader that finds none makes it again.
import type { Queryable } from '../platform/db.ts';

export type CommuneSnapshot = {
  communes: {
    code: string; nom: string; nom_normalise: string; departement_code: string; region_code: string;
    epci_code: string | null; codes_postaux: string[];
  }[];
  historiques: { code: string; nom: string; commune_code: string }[];
};

// The format's version is in the name, so a snapshot made by other code is never read: change it
// with MADE (databases and test templates made before keep theirs under the old name).
const NAME = 'communes-resolver-v1';
const MADE = `SELECT json_build_object(
    'communes', (SELECT json_agg(c) FROM (SELECT code, nom, nom_normalise, departement_code, region_code, epci_code, codes_postaux FROM communes) c),
    'historiques', (SELECT json_agg(h) FROM (SELECT code, nom, commune_code FROM communes_historiques) h)
  )::text AS body`;

export async function readCommuneSnapshot(db: Queryable): Promise<CommuneSnapshot> {
  const [stored] = await db.query<{ body: string }>('SELECT body FROM reference_snapshots WHERE name = $1', [NAME]);
  // json_agg of no rows is null: tables still empty.
  const parsed = JSON.parse(stored?.body ?? (await makeCommuneSnapshot(db))) as { [K in keyof CommuneSnapshot]: CommuneSnapshot[K] | null };
  return { communes: parsed.communes ?? [], historiques: parsed.historiques ?? [] };
}

/** Makes the snapshot from the tables, stores it and returns its text. */
export async function makeCommuneSnapshot(db: Queryable): Promise<string> {
  const [made] = await db.query<{ body: string }>(
    `WITH made AS (${MADE}),
       kept AS (INSERT INTO reference_snapshots (name, body) SELECT $1, body FROM made
                ON CONFLICT (name) DO UPDATE SET body = excluded.body, made_at = now())
     SELECT body FROM made`,
    [NAME],
  );
  return made!.body;
}
