// Owns serving the national cartography client (@gouvfr-anct/cartographie-nationale) locally for
// the page-weight benchmark: a generated host page, the package's files compressed as Passerelle
// compresses (weight-compress.ts), and a TLS twin answering for cdn.jsdelivr.net (the package hard-codes that CDN for its
// assets, fonts and map style), so every byte the client asks for comes from the installed package;
// the same TLS server plays the national address API, which the client needs to show results.
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, extname, join, resolve, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import { compress } from './weight-compress.ts';
import { GEOCODER_HOST, fakeGeocoder } from './weight-fake-geocoder.ts';

const require = createRequire(import.meta.url);
export const CARTO_DIR = dirname(require.resolve('@gouvfr-anct/cartographie-nationale/package.json'));
export const CARTO_VERSION: string = JSON.parse(readFileSync(join(CARTO_DIR, 'package.json'), 'utf8')).version;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8', '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg',
  '.webp': 'image/webp', '.ico': 'image/x-icon', '.woff2': 'font/woff2', '.woff': 'font/woff', '.ttf': 'font/ttf',
  '.eot': 'application/vnd.ms-fontobject', '.txt': 'text/plain; charset=utf-8',
};

/** One way of embedding the client, as its README describes it. */
export type HostVariant = { name: string; script: string; body: string };

// The demo data bundled in the package, the same 687 places Passerelle seeds on first start.
const SOURCE = '/assets/data/source.json';

export const HOST_VARIANTS: HostVariant[] = [
  {
    // README « Intégration dans une page HTML »: the whole client, navigation bar and footer.
    name: 'client complet (mediation-numerique.js)',
    script: 'mediation-numerique.js',
    body: `<fr-mediation-numerique-conteneur>\n  <fr-mediation-numerique source="${SOURCE}"></fr-mediation-numerique>\n</fr-mediation-numerique-conteneur>`,
  },
  {
    // README « Utiliser seulement la cartographie »: only the sources that the map and list need.
    name: 'cartographie seule (cartographie.js)',
    script: 'cartographie.js',
    body: `<fr-mediation-numerique-cartographie source="${SOURCE}"></fr-mediation-numerique-cartographie>`,
  },
];

export function hostPage(variant: HostVariant): string {
  // The README's page, with the package served from this origin instead of the CDN.
  return `<!DOCTYPE html>
<html lang="fr">
  <head>
    <meta charset="utf-8" />
    <title>Cartographie nationale (mesure de poids)</title>
    <base href="/" />
    <link href="/styles.css" rel="stylesheet" />
  </head>
  <body class="vh-100">
    ${variant.body}
    <script src="/${variant.script}" type="module"></script>
  </body>
</html>
`;
}

export type CartoServers = {
  /** http://127.0.0.1:port/ of each host variant, in the order of HOST_VARIANTS. */
  origins: string[];
  /** The port of the TLS server answering for cdn.jsdelivr.net and the address API, or null without openssl. */
  cdnPort: number | null;
  close: () => Promise<void>;
};

export async function startCartoServers(): Promise<CartoServers> {
  const servers: Server[] = [];
  const origins: string[] = [];
  for (const variant of HOST_VARIANTS) {
    const host = hostPage(variant);
    const server = createHttpServer((req, res) => serve(req, res, (path) => (path === '/' || !extname(path) ? host : null)));
    origins.push(`http://127.0.0.1:${await listen(server)}`);
    servers.push(server);
  }
  let cdnPort: number | null = null;
  const cert = selfSignedCertificate();
  if (cert) {
    const cdn = createHttpsServer(cert, (req, res) => {
      if (req.headers.host === GEOCODER_HOST) return fakeGeocoder(req, res);
      // Only the package's own CDN paths, whatever version the bundle names (it says 5.20.0).
      const match = /^\/npm\/@gouvfr-anct\/cartographie-nationale@[^/]+(\/.*)$/.exec(req.url ?? '');
      if (!match) return notFound(res);
      req.url = match[1];
      serve(req, res, () => null);
    });
    cdnPort = await listen(cdn);
    servers.push(cdn);
  }
  return {
    origins,
    cdnPort,
    close: async () => {
      for (const server of servers) {
        server.closeAllConnections();
        await new Promise<void>((done) => server.close(() => done()));
      }
    },
  };
}

function serve(req: IncomingMessage, res: ServerResponse, fallback: (path: string) => string | null): void {
  const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  // CORS like jsDelivr: fonts and module scripts are fetched in CORS mode.
  res.setHeader('Access-Control-Allow-Origin', '*');
  let body: Buffer;
  let type: string;
  const file = resolve(CARTO_DIR, '.' + path);
  if (path !== '/' && (file === CARTO_DIR || file.startsWith(CARTO_DIR + sep)) && isFile(file)) {
    body = readFileSync(file);
    type = TYPES[extname(file)] ?? 'application/octet-stream';
    // What jsDelivr sends for a versioned package file.
    res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
  } else {
    const page = fallback(path); // the client's own routes (/cartographie…) get the host page
    if (page === null) return notFound(res);
    body = Buffer.from(page);
    type = TYPES['.html']!;
  }
  res.setHeader('Content-Type', type);
  res.setHeader('Vary', 'Accept-Encoding');
  const sent = compress(body, type, req.headers['accept-encoding']);
  if (sent.encoding) res.setHeader('Content-Encoding', sent.encoding);
  res.setHeader('Content-Length', sent.body.length);
  res.end(req.method === 'HEAD' ? undefined : sent.body);
}

function notFound(res: ServerResponse): void {
  res.statusCode = 404;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.end('Not found');
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function listen(server: Server): Promise<number> {
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done((server.address() as AddressInfo).port)));
}

/** A throw-away certificate for cdn.jsdelivr.net (the browser is told to accept it). */
function selfSignedCertificate(): { key: Buffer; cert: Buffer } | null {
  const dir = mkdtempSync(join(tmpdir(), 'passerelle-weight-tls-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=cdn.jsdelivr.net',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
  } catch {
    return null;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
