// Owns loading one page in headless Chromium and adding up what crossed the network, by kind of
// resource: compressed body bytes as the browser received them (Playwright's request.sizes(), from
// the CDP Network.loadingFinished encodedDataLength), header bytes, and what could not be fetched.
import { gzipSync } from 'node:zlib';
import type { Browser, Page, Request } from 'playwright-core';
import { COMPRESSIBLE, GZIP_LEVEL } from './weight-compress.ts';

export const KINDS = ['document', 'stylesheet', 'script', 'data', 'font', 'image', 'other'] as const;
export type Kind = (typeof KINDS)[number];

export type ResourceRecord = {
  url: string;
  kind: Kind;
  status: number | null;
  /** Answered by the browser's HTTP cache (a repeated request within the page): no bytes. */
  cached: boolean;
  /** Compressed body bytes received (0 when the request failed). */
  bodyBytes: number;
  headerBytes: number;
  /** Body size once decoded. */
  decodedBytes: number;
  /** The body gzipped at level 6 here, when the type is compressible: compares servers that differ. */
  gzip6Bytes: number;
  encoding: string;
  failure?: string;
  /** Not on the measured origins: a third-party host (map tiles, APIs…), left out of the totals. */
  external: boolean;
  /** Map tiles, map style sources, glyphs and sprites: excluded from the weight by the issue. */
  mapTiles: boolean;
};

export type KindTotal = { requests: number; cached: number; bodyBytes: number; decodedBytes: number; gzip6Bytes: number };

export type PageWeight = {
  label: string;
  url: string;
  javaScript: boolean;
  /** Compressed bytes of everything fetched from the measured origins (bodies + headers). */
  totalBytes: number;
  bodyBytes: number;
  headerBytes: number;
  decodedBytes: number;
  gzip6Bytes: number;
  byKind: Record<Kind, KindTotal>;
  /** Requests to other hosts, not in the totals (bodyBytes > 0 only for the stand-in address API). */
  external: { url: string; kind: Kind; mapTiles: boolean; bodyBytes: number; failure?: string }[];
  resources: ResourceRecord[];
  /** A sanity check that the page really rendered something. */
  visibleTextChars: number;
  title: string;
};

export type MeasureOptions = {
  label: string;
  url: string;
  javaScript: boolean;
  /** Hosts whose requests count as the page's own (the server measured, and its mapped CDN). */
  ownHosts: string[];
  screenshot?: string;
  /** What a person does after the first load to see the results (every request counts). */
  interact?: (page: Page) => Promise<void>;
};

// Hosts of vector tiles, their style, glyphs and sprites (cartographie-nationale's map-style.json).
const MAP_HOSTS = /(^|\.)(openmaptiles\.[a-z.]+|openmaptiles\.github\.io|tile\.openstreetmap\.org|maptiler\.com|tiles\.[a-z.]+)$/;
const MAP_PATHS = /\.(pbf|mvt)(\?|$)|\/tiles?\/|\/sprite|\/fonts\/\{?[^/]*\}?\/\d+-\d+\.pbf|france-vector\.json/;

export async function measurePage(browser: Browser, options: MeasureOptions): Promise<PageWeight> {
  // A new context per page: empty cache and cookies, as for a first visit.
  const context = await browser.newContext({ javaScriptEnabled: options.javaScript, ignoreHTTPSErrors: true, locale: 'fr-FR', viewport: { width: 1280, height: 900 } });
  const pending: Promise<ResourceRecord>[] = [];
  // blob: and data: URLs (MapLibre's worker, inline images) never touch the network.
  const track = (request: Request) => {
    if (/^https?:/.test(request.url())) pending.push(record(request, options.ownHosts));
  };
  context.on('requestfinished', track);
  context.on('requestfailed', track);
  const page = await context.newPage();
  try {
    await page.goto(options.url, { waitUntil: 'networkidle', timeout: 120_000 });
    if (options.interact) {
      await options.interact(page);
      await page.waitForLoadState('networkidle');
    }
    const title = await page.title();
    const visibleTextChars = (await page.locator('body').innerText()).replace(/\s+/g, ' ').trim().length;
    if (options.screenshot) await page.screenshot({ path: options.screenshot, fullPage: false });
    const resources = await Promise.all(pending);
    return summarise(options, resources, title, visibleTextChars);
  } finally {
    await context.close();
  }
}

async function record(request: Request, ownHosts: string[]): Promise<ResourceRecord> {
  const url = request.url();
  const parsed = new URL(url);
  const external = !ownHosts.includes(parsed.host);
  const mapTiles = MAP_HOSTS.test(parsed.hostname) || MAP_PATHS.test(parsed.pathname);
  const kind = kindOf(request.resourceType());
  const failure = request.failure()?.errorText;
  const response = failure ? null : await request.response();
  let bodyBytes = 0;
  let headerBytes = 0;
  let decodedBytes = 0;
  let gzip6Bytes = 0;
  let encoding = '';
  let cached = false;
  if (response) {
    const sizes = await request.sizes();
    // Served from the browser's cache: nothing received (Playwright then reports -headers as the body).
    cached = sizes.responseBodySize + sizes.responseHeadersSize <= 0;
    bodyBytes = cached ? 0 : sizes.responseBodySize;
    headerBytes = cached ? 0 : sizes.responseHeadersSize;
    encoding = (await response.headerValue('content-encoding')) ?? '';
    const body = await response.body().catch(() => Buffer.alloc(0));
    decodedBytes = cached ? 0 : body.length;
    const type = (await response.headerValue('content-type')) ?? '';
    if (!cached) gzip6Bytes = COMPRESSIBLE.test(type.split(';')[0]!) ? gzipSync(body, { level: GZIP_LEVEL }).length : body.length;
  }
  return {
    url, kind, status: response ? response.status() : null, cached, bodyBytes, headerBytes, decodedBytes, gzip6Bytes, encoding,
    ...(failure && { failure }), external, mapTiles,
  };
}

function kindOf(resourceType: string): Kind {
  if (resourceType === 'xhr' || resourceType === 'fetch') return 'data';
  return (KINDS as readonly string[]).includes(resourceType) ? (resourceType as Kind) : 'other';
}

function summarise(options: MeasureOptions, resources: ResourceRecord[], title: string, visibleTextChars: number): PageWeight {
  const byKind = Object.fromEntries(KINDS.map((k) => [k, { requests: 0, cached: 0, bodyBytes: 0, decodedBytes: 0, gzip6Bytes: 0 }])) as Record<Kind, KindTotal>;
  let bodyBytes = 0;
  let headerBytes = 0;
  let decodedBytes = 0;
  let gzip6Bytes = 0;
  const external: PageWeight['external'] = [];
  for (const r of resources) {
    if (r.external || r.mapTiles) {
      // Map tiles are excluded by the issue; other third parties are reported on their own.
      external.push({ url: r.url, kind: r.kind, mapTiles: r.mapTiles, bodyBytes: r.bodyBytes, ...(r.failure && { failure: r.failure }) });
      continue;
    }
    const total = byKind[r.kind];
    total.requests++;
    if (r.cached) total.cached++;
    total.bodyBytes += r.bodyBytes;
    total.decodedBytes += r.decodedBytes;
    total.gzip6Bytes += r.gzip6Bytes;
    bodyBytes += r.bodyBytes;
    headerBytes += r.headerBytes;
    decodedBytes += r.decodedBytes;
    gzip6Bytes += r.gzip6Bytes;
  }
  return {
    label: options.label, url: options.url, javaScript: options.javaScript,
    totalBytes: bodyBytes + headerBytes, bodyBytes, headerBytes, decodedBytes, gzip6Bytes,
    byKind, external, resources, visibleTextChars, title,
  };
}
