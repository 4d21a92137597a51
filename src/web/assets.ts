// Owns the static assets of the pages (src/web/assets/): each is served under a URL holding a
// hash of its content, so browsers may keep it for a year and still get a new one after a change.
// The files ship with the code and never change while a process runs, so they are read once.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zlibConstants } from 'node:zlib';
import type { FastifyInstance } from 'fastify';

const ASSETS_DIR = new URL('./assets/', import.meta.url);
const require = createRequire(import.meta.url);

const TYPES: Record<string, string> = {
  css: 'text/css; charset=utf-8',
  // text/javascript (the current standard type) is also what @fastify/compress compresses.
  js: 'text/javascript; charset=utf-8',
  svg: 'image/svg+xml',
};

/** Every file of src/web/assets/ that pages may link to; add a new file here. */
const ASSET_FILES = ['style.css', 'recherche.js', 'fiche.js', 'carte.js', 'observatoire.js'] as const;
/** Files of npm packages served the same way: the map library, loaded by carte.js on the map view only. */
const VENDOR_FILES = {
  'leaflet.js': require.resolve('leaflet/dist/leaflet.js'),
  'leaflet.css': require.resolve('leaflet/dist/leaflet.css'),
  // The observatory's own stylesheet, kept beside its pages (src/web/observatoire).
  'observatoire.css': fileURLToPath(new URL('./observatoire/observatoire.css', import.meta.url)),
} as const;
export type AssetName = (typeof ASSET_FILES)[number] | keyof typeof VENDOR_FILES;

// Brotli at its best quality once at start (~0.3 s for every asset), rather than the quick quality
// the response compressor uses for pages: Leaflet alone goes from 44 to 37 kB.
type Asset = { url: string; body: Buffer; brotli: Buffer; type: string };

function load(name: AssetName): Asset {
  const body = readFileSync(name in VENDOR_FILES ? VENDOR_FILES[name as keyof typeof VENDOR_FILES] : new URL(name, ASSETS_DIR));
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
  const dot = name.lastIndexOf('.');
  const extension = name.slice(dot + 1);
  const brotli = brotliCompressSync(body, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: body.length } });
  return { url: `/assets/${name.slice(0, dot)}.${hash}.${extension}`, body, brotli, type: TYPES[extension]! };
}

const ASSETS = new Map<AssetName, Asset>([...ASSET_FILES, ...(Object.keys(VENDOR_FILES) as AssetName[])].map((name) => [name, load(name)]));
const BY_URL = new Map([...ASSETS.values()].map((asset) => [asset.url, asset]));

/** The content-hashed URL of an asset, e.g. /assets/style.3f2a…css. */
export function assetUrl(name: AssetName): string {
  return ASSETS.get(name)!.url;
}

export function registerAssets(app: FastifyInstance): void {
  app.get('/assets/:file', async (request, reply) => {
    const asset = BY_URL.get(request.url.split('?')[0]!);
    // An old hash after a deployment: a 404 (never a stale file cached for a year under a new name).
    if (!asset) return reply.callNotFound();
    reply
      .type(asset.type)
      .header('cache-control', 'public, max-age=31536000, immutable')
      .header('x-content-type-options', 'nosniff')
      .header('vary', 'accept-encoding');
    // Already compressed: the response compressor leaves a body with a Content-Encoding alone.
    if (/\bbr\b/.test(String(request.headers['accept-encoding'] ?? ''))) return reply.header('content-encoding', 'br').send(asset.brotli);
    return reply.send(asset.body);
  });
}
