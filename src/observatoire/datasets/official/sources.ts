// Owns which datasets of the registry can be read from their producer's own files, and where
// those files are downloaded from: the producer's address, or the same path under a proxy mirror
// (PASSERELLE_DONNEES_OFFICIELLES_URL: `<base>/<host>/<path>`), which is how the tests serve them
// from 127.0.0.1 and how a site behind a caching proxy would.
import type { OfficialSource } from './official-parser.ts';
import { ARCEP_THD_OFFICIAL, INSEE_COMPARATEUR_OFFICIAL, PASSAGE_COMMUNES_OFFICIAL } from './arcep-cog-sources.ts';
import { INSEE_RP_COMMUNES_OFFICIAL, INSEE_RP_IRIS_OFFICIAL } from './insee-rp-sources.ts';
import { COMMUNES_CENTROIDES_OFFICIAL, COMMUNES_CONTOURS_OFFICIAL, TERRITOIRES_CONTOURS_OFFICIAL } from './etalab-contours-sources.ts';

/** By registry name (registry.ts). */
const SOURCES: Record<string, OfficialSource> = {
  'passage-communes': PASSAGE_COMMUNES_OFFICIAL,
  'insee-comparateur': INSEE_COMPARATEUR_OFFICIAL,
  'arcep-thd': ARCEP_THD_OFFICIAL,
  'insee-rp2022-communes': INSEE_RP_COMMUNES_OFFICIAL,
  'insee-rp2022-iris': INSEE_RP_IRIS_OFFICIAL,
  'communes-centroides': COMMUNES_CENTROIDES_OFFICIAL,
  'communes-contours': COMMUNES_CONTOURS_OFFICIAL,
  'territoires-contours': TERRITOIRES_CONTOURS_OFFICIAL,
};

export function officialSource(name: string): OfficialSource | undefined {
  return SOURCES[name];
}

/** The address a producer's file is downloaded from. */
export function officialUrl(url: string, env: NodeJS.ProcessEnv = process.env): string {
  const base = env.PASSERELLE_DONNEES_OFFICIELLES_URL;
  if (!base) return url;
  const u = new URL(url);
  return new URL(`${u.host}${u.pathname}${u.search}`, base.endsWith('/') ? base : `${base}/`).href;
}
