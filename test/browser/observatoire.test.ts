// The observatory's pages in a real Chromium, on the demo places and the datasets of ../shared/data
// (skipped without Chromium or without those files): no axe violation on the map page with
// JavaScript on (the choropleth drawn) and off (the table), on a territory sheet, the comparison
// and the white zones; the map library is fetched on the map page only; the sheet of Échirolles
// prints on exactly one A4 page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { importFile } from '../../src/lieux/import/import-file.ts';
import { loadDemoDatasets } from '../../src/observatoire/datasets/demo.ts';
import { DATASETS, demoFile } from '../../src/observatoire/datasets/registry.ts';
import { DEMO_DATASET, SHARED_DATA } from '../support/paths.ts';
import { axeViolations, browserSkip, describeViolations, startWebHarness, type WebHarness } from './support/browser.ts';

const dataSkip = DATASETS.every((d) => demoFile(d, SHARED_DATA)) ? false : 'shared open data (../shared/data) absent';
const options = { skip: browserSkip || dataSkip, timeout: 120_000 };

let h: WebHarness;
before(async () => {
  if (options.skip) return;
  h = await startWebHarness({
    seed: async (db) => {
      await importFile(db, { path: DEMO_DATASET, source: 'hinaura', actor: 'test' });
      await loadDemoDatasets(db, () => undefined, { ...process.env, PASSERELLE_DONNEES_DEMO: SHARED_DATA });
    },
  });
  // The first read computes the figures; the pages below are then served from them.
  await h.app.inject({ url: '/observatoire' });
}, { timeout: 180_000 });
after(async () => h?.close());

const assertNoViolations = async (page: Page) => {
  const violations = await axeViolations(page);
  assert.deepEqual(violations.map((v) => v.id), [], `${page.url()}\n${describeViolations(violations)}`);
};
/** Every URL the page asked for while loading. */
const requestsOf = (page: Page) => {
  const urls: string[] = [];
  page.on('request', (r) => urls.push(new URL(r.url()).pathname));
  return urls;
};
const pdfPages = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? []).length;

test('the map page with JavaScript: the choropleth of the communes of Isère above the table, its legend, no axe violation', options, async () => {
  const page = await h.newPage({ javaScript: true });
  const requests = requestsOf(page);
  await page.goto('/observatoire?niveau=commune&departement=38&indicateur=score_seniors');
  await page.locator('#obs-carte[data-territoires]').waitFor();
  assert.ok(Number(await page.locator('#obs-carte').getAttribute('data-territoires')) > 500);
  assert.ok(await page.locator('#obs-carte path.leaflet-interactive').count() > 500, 'one shape per commune');
  assert.equal(await page.locator('.obs-legend').isVisible(), true);
  assert.equal(await page.locator('.map-status').textContent(), '');
  assert.equal(await page.locator('#territoires tbody tr').count(), 50, 'the table stays');
  assert.ok(requests.some((u) => /^\/assets\/leaflet\.[0-9a-f]{12}\.js$/.test(u)), 'the map library is loaded here');
  assert.ok(requests.some((u) => u === '/observatoire/carte/commune.geojson'));
  await assertNoViolations(page);
});

test('the map page without JavaScript: the form, the table and the method, no axe violation', options, async () => {
  const page = await h.newPage({ javaScript: false });
  await page.goto('/observatoire');
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Observatoire de l’inclusion numérique');
  assert.equal(await page.locator('#territoires tbody tr').count(), 50);
  assert.match(await page.locator('.map-status').textContent() ?? '', /La carte a besoin de JavaScript/);
  await page.getByLabel('Échelon').selectOption('epci');
  await page.getByLabel('Indicateur').selectOption('eloignes_taux');
  await page.getByRole('button', { name: 'Afficher' }).click();
  await page.waitForURL(/niveau=epci/);
  assert.match(await page.title(), /^Observatoire : Part éloignée, par intercommunalité/);
  await page.getByRole('link', { name: /^Territoire\s*, trier \(croissant\)$/ }).click();
  assert.match(page.url(), /tri=nom&ordre=asc/);
  await assertNoViolations(page);
});

test('a territory sheet, the comparison and the white zones: no axe violation, and no map library', options, async () => {
  for (const [url, heading] of [
    ['/observatoire/commune/38151', 'Échirolles commune 38151'],
    ['/observatoire/epci/200040715', 'Grenoble-Alpes-Métropole EPCI 200040715'],
    ['/observatoire/comparer?t=commune:38151&t=epci:200040715&t=departement:38&t=region:84', 'Comparer des territoires'],
    ['/observatoire/zones-blanches?niveau=commune&departement=38', 'Zones blanches de l’inclusion numérique'],
  ] as const) {
    for (const javaScript of [true, false]) {
      const page = await h.newPage({ javaScript });
      const requests = requestsOf(page);
      const response = await page.goto(url);
      assert.equal(response?.status(), 200, url);
      assert.equal((await page.getByRole('heading', { level: 1 }).textContent())?.replace(/\s+/g, ' '), heading);
      assert.ok(!requests.some((u) => /leaflet|observatoire\.[0-9a-f]{12}\.js|\.geojson/.test(u)), `${url}: ${requests.join(', ')}`);
      await assertNoViolations(page);
    }
  }
});

test('the comparison stays readable on a phone: the table scrolls sideways inside its region', options, async () => {
  const page = await h.newPage({ javaScript: false });
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto('/observatoire/comparer?t=commune:38151&t=epci:200040715&t=departement:38&t=region:84');
  const pageWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(pageWidth <= 360, `the page itself does not scroll sideways (${pageWidth} px)`);
  const region = page.getByRole('region', { name: /Comparaison/ });
  assert.ok(await region.evaluate((el) => el.scrollWidth > el.clientWidth), 'the table scrolls inside its region');
  await assertNoViolations(page);
});

test('the sheet of Échirolles prints on exactly one A4 page, without menus, forms or download links', options, async () => {
  const page = await h.newPage({ javaScript: false });
  await page.goto('/observatoire/commune/38151');
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  assert.equal(pdfPages(pdf), 1);
  await page.emulateMedia({ media: 'print' });
  for (const hidden of ['.site-header', 'nav', 'footer', '.obs-exports', '.obs-actions']) {
    assert.equal(await page.locator(hidden).first().isVisible(), false, `${hidden} is not printed`);
  }
  assert.equal(await page.locator('#graphique-ages').isVisible(), true);
  assert.equal(await page.locator('#composantes').isVisible(), true);
});
