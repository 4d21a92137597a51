// Owns which datasets of the registry can be read from their producer's own files, and where
// those files are downloaded from: the producer's address, or the same path under a proxy mirror
// (PASSERELLE_DONNEES_OFFICIELLES_URL: `<base>/<host>/<path>`), which is how the tests serve them
// from 127.0.0.1 and how a site behind a caching proxy would.
import type { OfficialSource } from './official-parser.ts';

const SOURCES: Record<string, OfficialSource> = {};

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
