// Owns the configuration read from the environment, with the defaults of a newcomer's machine.
import { resolve } from 'node:path';

export type Config = {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  /** A schema of its own on the server (tests and side-by-side instances). */
  databaseSchema?: string;
  /** Seed the demo dataset on first start. */
  seed: boolean;
  /** Search endpoint of the national address API (BAN); no address search when absent. */
  geocoderUrl?: string;
  /** The site's public address (https://passerelle.exemple.fr), for links printed or sent (QR codes); from the request when absent. */
  publicUrl?: string;
  /** Map tiles ({z}/{x}/{y} URL template) and their attribution; no tiles when the URL is "aucune". */
  tiles: { url?: string; attribution: string };
  /** SMTP server for outgoing mail (smtp://user:pass@host:port, smtps://…); mails go to the outbox folder when absent. */
  smtpUrl?: string;
  /** Folder where mails are written (.eml and .json) when no SMTP server is configured. */
  outboxDir: string;
  /** The sender of every mail. */
  mailFrom: string;
};

export const DEFAULT_MAIL_FROM = 'Passerelle <ne-pas-repondre@passerelle.localhost>';
export const DEFAULT_TILES = { url: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png', attribution: '© les contributeurs d’OpenStreetMap' };

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: Number(env.PORT ?? 3000),
    host: env.HOST ?? '0.0.0.0',
    dataDir: resolve(env.PASSERELLE_DATA_DIR ?? 'data/pglite'),
    ...(env.DATABASE_URL && { databaseUrl: env.DATABASE_URL }),
    ...(env.DATABASE_SCHEMA && { databaseSchema: env.DATABASE_SCHEMA }),
    seed: env.PASSERELLE_SEED !== 'false',
    ...(env.PASSERELLE_GEOCODER_URL && { geocoderUrl: env.PASSERELLE_GEOCODER_URL }),
    ...(env.PASSERELLE_PUBLIC_URL && { publicUrl: env.PASSERELLE_PUBLIC_URL.replace(/\/+$/, '') }),
    tiles: tilesOf(env),
    ...(env.PASSERELLE_SMTP_URL && { smtpUrl: env.PASSERELLE_SMTP_URL }),
    outboxDir: resolve(env.PASSERELLE_OUTBOX_DIR ?? 'data/outbox'),
    mailFrom: env.PASSERELLE_MAIL_FROM || DEFAULT_MAIL_FROM,
  };
}

function tilesOf(env: NodeJS.ProcessEnv): Config['tiles'] {
  const url = env.PASSERELLE_TILES_URL;
  if (url === undefined) return DEFAULT_TILES;
  const attribution = env.PASSERELLE_TILES_ATTRIBUTION ?? '';
  return url === 'aucune' || url === '' ? { attribution } : { url, attribution };
}
