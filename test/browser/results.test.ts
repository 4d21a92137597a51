// The results page of the orientation search in a real Chromium, on the demo dataset plus the
// hand-written places of fixtures/lieux-pages.csv, at a pinned moment (a Tuesday, 10 a.m.):
// no axe violation on results, empty results, homonyms and the map view; the whole search works
// without JavaScript; keyboard only with a visible focus; the map draws the places with no tile
// server; chosen places go to the orientation slip.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { importFile } from '../../src/lieux/import/import-file.ts';
import { DEMO_DATASET } from '../../src/app/bootstrap.ts';
import { pinClock } from '../../src/platform/clock.ts';
import { axeViolations, browserTest, describeViolations, focusedElement, startWebHarness, type WebHarness } from './support/browser.ts';

const FIXTURE = fileURLToPath(new URL('./fixtures/lieux-pages.csv', import.meta.url));
const DEMARCHES = encodeURIComponent('Aide aux démarches administratives');

let h: WebHarness;
before(async () => {
  if (browserTest.skip) return;
  pinClock(new Date('2026-12-01T10:00:00+01:00'));
  h = await startWebHarness({
    // No tile server: port 9 of 127.0.0.1 refuses connections.
    server: { geocoder: undefined, tiles: { url: 'http://127.0.0.1:9/{z}/{x}/{y}.png', attribution: 'Tuiles de test' } },
    seed: async (db) => {
      await importFile(db, { path: DEMO_DATASET, source: 'hinaura', actor: 'test' });
      await importFile(db, { path: FIXTURE, source: 'test-pages', actor: 'test' });
    },
  });
});
after(async () => {
  pinClock(undefined);
  await h?.close();
});

const assertNoViolations = async (page: Page) => {
  const violations = await axeViolations(page);
  assert.deepEqual(violations.map((v) => v.id), [], `${page.url()}\n${describeViolations(violations)}`);
};
const cards = (page: Page) => page.locator('ol.results > li article');

test('results near place des Écrins: the places in order, with their next opening and reasons, no axe violation', browserTest, async () => {
  const page = await h.newPage({ javaScript: false });
  const response = await page.goto(`/recherche?lat=45.1436&lon=5.7189&rayon=5&services=${DEMARCHES}&gratuit=oui`);
  assert.equal(response?.status(), 200);
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), '7 lieux trouvés autour de vous');
  assert.equal(await cards(page).count(), 7);
  const first = cards(page).first();
  assert.equal(await first.getByRole('heading', { level: 3 }).textContent(), "Maison France services d'Échirolles");
  assert.match(await first.textContent() ?? '', /à 10 m · Échirolles/);
  assert.match(await first.textContent() ?? '', /Ouvert maintenant, jusqu'à 12 h/);
  assert.match(await first.textContent() ?? '', /Pourquoi ce lieu :\s*Propose : Faire une démarche en ligne/);
  assert.equal(await first.getByRole('link', { name: '04 76 00 00 00' }).getAttribute('href'), 'tel:+33476000000');
  assert.equal(await cards(page).nth(2).getByRole('heading', { level: 3 }).textContent(), 'Bibliothèque Pablo-Neruda');
  assert.match(await cards(page).nth(2).textContent() ?? '', /Ouvre aujourd'hui à 14 h/);
  await assertNoViolations(page);
});

test('the whole search works without JavaScript, from the home page form to the results', browserTest, async () => {
  const page = await h.newPage({ javaScript: false });
  await page.goto('/');
  await page.getByLabel('Où ?').fill('echirolles');
  await page.getByLabel('De quoi avez-vous besoin ?').fill("faire ma déclaration d'impôts");
  await page.getByLabel('Seulement les lieux gratuits').check();
  await page.getByRole('button', { name: 'Chercher' }).click();
  await page.waitForURL('**/recherche?**');
  assert.match(await page.getByRole('heading', { level: 1 }).textContent() ?? '', /^\d+ lieux trouvés près de Échirolles \(38130\)$/);
  assert.match(await page.locator('main').textContent() ?? '', /Nous avons compris que vous cherchez : Faire une démarche en ligne/);
  // The form above the results keeps the answers, and more criteria narrow the search.
  assert.equal(await page.getByLabel('Où ?').inputValue(), 'echirolles');
  await page.locator('summary', { hasText: 'Plus de critères' }).click();
  await page.getByLabel('Personnes qui ont du mal à lire ou à écrire').check();
  await page.getByRole('button', { name: 'Chercher' }).click();
  await page.waitForURL('**/recherche?**');
  assert.equal(new URL(page.url()).searchParams.get('prise_en_charge'), 'Illettrisme');
  const texts = await cards(page).allTextContents();
  assert.ok(texts.length > 0 && texts.every((t) => t.includes('Aide adaptée : personnes qui ont du mal à lire ou à écrire')));
  assert.equal(await page.locator('details.filters').getAttribute('open'), '', 'the criteria stay visible when set');
});

test('no result: said plainly, with the nearest partial matches and what they lack; no axe violation', browserTest, async () => {
  const page = await h.newPage({ javaScript: false });
  await page.goto(`/recherche?lat=45.1436&lon=5.7189&rayon=2&services=${DEMARCHES}&prise_en_charge=${encodeURIComponent('Surdité')}&publics=Femmes`);
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Aucun lieu trouvé autour de vous');
  assert.match(await page.locator('main').textContent() ?? '', /Aucun lieu ne correspond à tous vos critères à moins de 2 km/);
  assert.equal(await page.getByRole('heading', { name: 'Les lieux les plus proches qui répondent à une partie de vos critères' }).count(), 1);
  assert.match(await cards(page).first().textContent() ?? '', /Ce qui ne correspond pas :/);
  await assertNoViolations(page);
});

test('an itinerant service passing in the commune is shown with its next stop', browserTest, async () => {
  const page = await h.newPage({ javaScript: false });
  await page.goto(`/recherche?ou=Monestier-de-Clermont&services=${DEMARCHES}&rayon=2`);
  const bus = cards(page).filter({ hasText: 'Bus numérique du Trièves' });
  assert.equal(await bus.count(), 1);
  assert.match(await bus.textContent() ?? '', /passe dans votre commune/);
  assert.match(await bus.textContent() ?? '', /Ouvre vendredi 4 décembre à 17 h/);
});

test('homonyms: the person chooses the commune, no axe violation', browserTest, async () => {
  const page = await h.newPage({ javaScript: false });
  await page.goto('/recherche?ou=Saint-Denis');
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Choisissez votre commune');
  await assertNoViolations(page);
  await page.locator('ul.choices a', { hasText: 'Saint-Denis' }).filter({ has: page.locator('xpath=..') }).first();
  await page.locator('ul.choices li', { hasText: '93200' }).getByRole('link').click();
  assert.match(await page.getByRole('heading', { level: 1 }).textContent() ?? '', /près de Saint-Denis \(93200\)$/);
  // Unknown place: the message is next to the field.
  await page.goto('/recherche?ou=Zzyzx');
  assert.equal(await page.getByLabel('Où ?').getAttribute('aria-invalid'), 'true');
  assert.match(await page.locator('#ou-erreur').textContent() ?? '', /Nous ne trouvons pas « Zzyzx »/);
  await assertNoViolations(page);
});

test('keyboard only: every stop shows its focus, a place can be added to the slip and the slip opened', browserTest, async () => {
  const page = await h.newPage({ javaScript: false });
  await page.goto(`/recherche?lat=45.1436&lon=5.7189&rayon=5&services=${DEMARCHES}&gratuit=oui`);
  await page.keyboard.press('Tab');
  assert.equal((await focusedElement(page)).description, 'a:Aller au contenu');
  let reached = false;
  for (let i = 0; i < 40 && !reached; i++) {
    await page.keyboard.press('Tab');
    const focused = await focusedElement(page);
    assert.ok(focused.outlineWidth >= 2 && focused.outlineStyle !== 'none', `${focused.description}: focus outline ${focused.outlineWidth}px ${focused.outlineStyle}`);
    reached = focused.description === 'input#fiche-1';
  }
  assert.ok(reached, 'the first "Ajouter à la fiche" box is reachable with Tab');
  await page.keyboard.press('Space');
  assert.equal(await page.locator('#fiche-1').isChecked(), true);
  await page.locator('#fiche-3').check();
  await page.getByRole('button', { name: 'Préparer la fiche d’orientation' }).click();
  await page.waitForURL('**/fiche?**');
  const url = new URL(page.url());
  assert.equal(url.searchParams.getAll('lieu').length, 2);
  assert.deepEqual(url.searchParams.getAll('services'), ['Aide aux démarches administratives']);
});

test('the map view draws one marker per place with no tile server, and has no axe violation', browserTest, async () => {
  const page = await h.newPage({ javaScript: true });
  await page.goto(`/recherche?lat=45.1436&lon=5.7189&rayon=5&services=${DEMARCHES}&gratuit=oui`);
  // The list view loads no map library.
  assert.equal(await page.locator('script[src*="leaflet"]').count(), 0);
  await page.getByRole('link', { name: 'Voir les lieux sur une carte' }).click();
  await page.waitForSelector('#carte[data-markers]');
  assert.equal(await page.locator('#carte').getAttribute('data-markers'), '7');
  assert.equal(await page.locator('#carte path.leaflet-interactive').count(), 8, '7 places and the point searched');
  assert.equal(await cards(page).count(), 7, 'the list stays under the map');
  await assertNoViolations(page);
  // Without JavaScript the map view is the list, with a sentence instead of the map.
  const plain = await h.newPage({ javaScript: false });
  await plain.goto(page.url());
  assert.match(await plain.locator('#carte .map-status').textContent() ?? '', /La carte a besoin de JavaScript/);
  assert.equal(await cards(plain).count(), 7);
});
