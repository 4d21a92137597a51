// Owns the page-weight benchmark (`npm run bench:weight`): Passerelle's pages and the national
// cartography client (@gouvfr-anct/cartographie-nationale, served locally with its bundled data)
// loaded in headless Chromium, compressed bytes summed by kind of resource, printed as Markdown
// and written to bench/out/weight-<time>.json with every request.
//
// Environment: WEIGHT_CHROMIUM (default /usr/bin/chromium); WEIGHT_PAGES, a space-separated list of
// Passerelle paths replacing PASSERELLE_PAGES (percent-encoded, {lieu} = a place's id);
// WEIGHT_DATA_DIR to keep Passerelle's database between runs.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { chromium, type Page } from 'playwright-core';
import { measurePage, type PageWeight } from './weight-measure.ts';
import { CARTO_VERSION, HOST_VARIANTS, startCartoServers } from './weight-static.ts';
import { BROTLI_QUALITY, GZIP_LEVEL } from './weight-compress.ts';
import { resolvePages, startPasserelle, type PasserellePage } from './weight-passerelle.ts';
import { report } from './weight-report.ts';
import { GEOCODER_HOST } from './weight-fake-geocoder.ts';

// The search of issue 3's example: free help with administrative procedures at Échirolles.
const WHERE = 'Échirolles';
const RESULTS = `/recherche?${new URLSearchParams({ ou: WHERE, services: 'Aide aux démarches administratives', gratuit: 'oui' })}`;

/**
 * Passerelle's pages to measure; a page that answers 404 (not written yet) is left out. The map
 * view loads the map library (leaflet) on top of the list; the server runs without map tiles
 * (PASSERELLE_TILES_URL=aucune, see weight-passerelle.ts), which the target leaves out anyway.
 */
const PASSERELLE_PAGES: PasserellePage[] = [
  { label: 'Passerelle — résultats', path: RESULTS },
  { label: 'Passerelle — résultats, vue carte', path: `${RESULTS}&vue=carte` },
  { label: 'Passerelle — accueil', path: '/' },
  { label: 'Passerelle — fiche lieu', path: '/lieux/{lieu}' },
];

/**
 * The national client's results, per host variant (same order as HOST_VARIANTS). Its list of places
 * only appears once an address is picked in its search field (opening a URL with the address in it
 * shows the per-région counts), so the benchmark does what a person does: type the commune and pick
 * the first suggestion.
 */
const CARTO_SERVICE = 'Réaliser des démarches administratives avec un accompagnement'; // the bundle's (v0) service names
const CARTO_PAGES: { variant: number; label: string; path: string }[] = [
  { variant: 0, label: 'cartographie-nationale — résultats (client complet)', path: `/cartographie?${new URLSearchParams({ service: CARTO_SERVICE })}` },
  { variant: 1, label: 'cartographie-nationale — résultats (cartographie seule)', path: `/?${new URLSearchParams({ service: CARTO_SERVICE })}` },
];

async function searchWhere(page: Page): Promise<void> {
  const field = page.getByRole('combobox', { name: 'Quelle est votre adresse ?' }).first();
  // The suggestions come from the address API (the local stand-in), after a debounce.
  await Promise.all([page.waitForResponse((r) => r.url().includes(GEOCODER_HOST)), field.fill(WHERE)]);
  await field.press('ArrowDown');
  await field.press('Enter');
  await page.getByText('Liste des lieux').first().waitFor({ timeout: 60_000 });
}

const CHROMIUM = process.env.WEIGHT_CHROMIUM ?? '/usr/bin/chromium';
const OUT = new URL('./out/', import.meta.url);

const log = (line: string) => process.stderr.write(line + '\n');
mkdirSync(OUT, { recursive: true });
const stamp = new Date().toISOString().replace(/[:.]/g, '-');

log(`Serving cartographie-nationale ${CARTO_VERSION} (brotli ${BROTLI_QUALITY} / gzip ${GZIP_LEVEL}, like Passerelle)…`);
const carto = await startCartoServers();
log('Starting Passerelle (first start loads territories and demo places)…');
const passerelle = await startPasserelle(log);

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync',
    // cdn.jsdelivr.net and the address API → the local TLS server; every other name fails at once.
    `--host-resolver-rules=${carto.cdnPort ? `MAP cdn.jsdelivr.net 127.0.0.1:${carto.cdnPort}, MAP ${GEOCODER_HOST} 127.0.0.1:${carto.cdnPort}, ` : ''}MAP * ~NOTFOUND, EXCLUDE 127.0.0.1`,
  ],
});

const pages: PageWeight[] = [];
try {
  const shot = (label: string, js: boolean) => new URL(`weight-${stamp}-${label.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}${js ? '' : '-nojs'}.png`, OUT).pathname;
  for (const page of CARTO_PAGES) {
    const origin = carto.origins[page.variant]!;
    const ownHosts = [new URL(origin).host, 'cdn.jsdelivr.net'];
    log(`Measuring ${page.label}…`);
    pages.push(await measurePage(browser, { label: page.label, url: origin + page.path, javaScript: true, ownHosts, screenshot: shot(page.label, true), interact: searchWhere }));
  }
  const wanted = process.env.WEIGHT_PAGES
    ? process.env.WEIGHT_PAGES.split(/\s+/).filter(Boolean).map((path) => ({ label: `Passerelle — ${path}`, path }))
    : PASSERELLE_PAGES;
  for (const page of await resolvePages(passerelle.origin, wanted, log)) {
    for (const javaScript of [true, false]) {
      log(`Measuring ${page.label} (JavaScript ${javaScript ? 'on' : 'off'})…`);
      pages.push(await measurePage(browser, {
        label: page.label, url: passerelle.origin + page.path, javaScript, ownHosts: [new URL(passerelle.origin).host], screenshot: shot(page.label, javaScript),
      }));
    }
  }
} finally {
  await browser.close();
  await passerelle.close();
  await carto.close();
}

const meta = {
  date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
  machine: `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
  chromium: chromiumVersion(),
  cartoVersion: CARTO_VERSION,
  cdnMapped: carto.cdnPort !== null,
};
const markdown = report(pages, meta);
process.stdout.write(markdown + '\n');
const file = new URL(`weight-${stamp}.json`, OUT);
writeFileSync(file, JSON.stringify({ ...meta, compression: { brotliQuality: BROTLI_QUALITY, gzipLevel: GZIP_LEVEL }, hostVariants: HOST_VARIANTS, pages }, null, 2));
log(`Written ${file.pathname}`);

function chromiumVersion(): string {
  try {
    return execFileSync(CHROMIUM, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'Chromium';
  }
}
