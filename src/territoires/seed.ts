// Owns the loading of French territories (régions, départements, EPCI, communes) from
// @etalab/decoupage-administratif into the database, on first start and after a reset.
import { createRequire } from 'node:module';
import type { Db, Queryable } from '../platform/db.ts';
import { chunk } from '../platform/collections.ts';
import { normalizeCommuneName } from '../platform/text.ts';
import { makeCommuneSnapshot } from './commune-snapshot.ts';

const require = createRequire(import.meta.url);

type RawCommune = {
  code: string; nom: string; type: string; departement?: string; region?: string; zone?: string;
  codesPostaux?: string[]; population?: number; chefLieu?: string; commune?: string;
};
type RawEpci = { code: string; nom: string; type: string; populationTotale?: number; membres: { code: string }[] };

export async function territoriesLoaded(db: Queryable): Promise<boolean> {
  const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM communes');
  return (row?.n ?? 0) > 0;
}

export async function seedTerritories(db: Db): Promise<{ communes: number; epci: number }> {
  const regions = require('@etalab/decoupage-administratif/data/regions.json') as { code: string; nom: string; zone: string }[];
  const departements = require('@etalab/decoupage-administratif/data/departements.json') as { code: string; nom: string; region: string; zone: string }[];
  const epci = require('@etalab/decoupage-administratif/data/epci.json') as RawEpci[];
  const communes = require('@etalab/decoupage-administratif/data/communes.json') as RawCommune[];

  const epciOf = new Map<string, string>();
  for (const e of epci) for (const m of e.membres) epciOf.set(m.code, e.code);

  const actuelles = communes.filter((c) => c.type === 'commune-actuelle');
  const historiques = communes
    .filter((c) => c.type !== 'commune-actuelle')
    .map((c) => ({ code: c.code, type: c.type, nom: c.nom, commune_code: c.chefLieu ?? c.commune }))
    .filter((c) => c.commune_code);

  await db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO regions (code, nom, zone) SELECT code, nom, zone FROM jsonb_to_recordset($1::jsonb)
         AS r(code text, nom text, zone text) ON CONFLICT (code) DO UPDATE SET nom = excluded.nom`,
      [JSON.stringify(regions)],
    );
    await tx.query(
      `INSERT INTO departements (code, nom, region_code, zone)
       SELECT code, nom, region, zone FROM jsonb_to_recordset($1::jsonb) AS d(code text, nom text, region text, zone text)
       ON CONFLICT (code) DO UPDATE SET nom = excluded.nom`,
      [JSON.stringify(departements)],
    );
    await tx.query(
      `INSERT INTO epci (code, nom, type, population)
       SELECT code, nom, type, "populationTotale" FROM jsonb_to_recordset($1::jsonb)
         AS e(code text, nom text, type text, "populationTotale" integer)
       ON CONFLICT (code) DO UPDATE SET nom = excluded.nom`,
      [JSON.stringify(epci.map(({ membres: _m, ...e }) => e))],
    );
    for (const batch of chunk(actuelles, 5000)) {
      const rows = batch.map((c) => ({
        code: c.code, nom: c.nom, nom_normalise: normalizeCommuneName(c.nom), departement_code: c.departement,
        region_code: c.region, epci_code: epciOf.get(c.code) ?? null, codes_postaux: c.codesPostaux ?? [],
        population: c.population ?? null, zone: c.zone ?? 'metro',
      }));
      await tx.query(
        `INSERT INTO communes (code, nom, nom_normalise, departement_code, region_code, epci_code, codes_postaux, population, zone)
         SELECT code, nom, nom_normalise, departement_code, region_code, epci_code,
                ARRAY(SELECT jsonb_array_elements_text(codes_postaux)), population, zone
         FROM jsonb_to_recordset($1::jsonb) AS c(code text, nom text, nom_normalise text, departement_code text,
              region_code text, epci_code text, codes_postaux jsonb, population integer, zone text)
         ON CONFLICT (code) DO UPDATE SET nom = excluded.nom, nom_normalise = excluded.nom_normalise,
              epci_code = excluded.epci_code, codes_postaux = excluded.codes_postaux, population = excluded.population`,
        [JSON.stringify(rows)],
      );
    }
    for (const batch of chunk(historiques, 5000)) {
      await tx.query(
        `INSERT INTO communes_historiques (code, type, nom, commune_code)
         SELECT code, type, nom, commune_code FROM jsonb_to_recordset($1::jsonb)
           AS h(code text, type text, nom text, commune_code text)
         WHERE commune_code IN (SELECT code FROM communes)
         ON CONFLICT (code, type) DO NOTHING`,
        [JSON.stringify(batch)],
      );
    }
  });
  // Fresh statistics for the planner (PGlite runs no autovacuum).
  await db.exec('ANALYZE regions; ANALYZE departements; ANALYZE epci; ANALYZE communes; ANALYZE communes_historiques');
  await makeCommuneSnapshot(db); // now rather than at the first import
  return { communes: actuelles.length, epci: epci.length };
}
