// The place page and its "report an error" form in a real Chromium: no axe violation, every
// detail shown, the report stored end to end without JavaScript, validation messages tied to their
// fields, people's text never run as markup, the print stylesheet, French 404 pages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { importFile } from '../../src/lieux/import/import-file.ts';
import { pinClock } from '../../src/platform/clock.ts';
import { formCredentials, postForm } from '../support/forms.ts';
import { SUGGESTION_LIMIT } from '../../src/web/signalement/report-page.ts';
import { axeViolations, browserTest, describeViolations, startWebHarness, type WebHarness } from './support/browser.ts';

const FIXTURE = fileURLToPath(new URL('./fixtures/lieux-pages.csv', import.meta.url));

let h: WebHarness;
const ids: Record<string, string> = {};
before(async () => {
  if (browserTest.skip) return;
  pinClock(new Date('2024-12-01T11:00:00+01:00'));
  h = await startWebHarness({
    seed: async (db) => {
      const report = await importFile(db, { path: FIXTURE, source: 'test-pages', actor: 'test' });
      assert.equal(report.created, 3, JSON.stringify(report.issues));
    },
  });
  for (const row of await h.db.query<{ id: string; source_id: string }>('SELECT lieu_id AS id, source_id FROM source_records')) ids[row.source_id] = row.id;
});
after(async () => {
  pinClock(undefined);
  await h?.close();
});

const assertNoViolations = async (page: Parameters<typeof axeViolations>[0]) => {
  const violations = await axeViolations(page);
  assert.deepEqual(violations.map((v) => v.id), [], `${page.url()}\n${describeViolations(violations)}`);
};

test('the place page shows every detail in plain French, with no axe violation', browserTest, async () => {
  const page = await h.newPage({ javaScript: false });
  const response = await page.goto(`/lieux/${ids['page-1']}`);
  assert.equal(response?.status(), 200);
  assert.equal(await page.title(), 'Maison France services d\'Échirolles — Passerelle');
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Maison France services d\'Échirolles');
  const phone = page.getByRole('link', { name: '04 76 00 00 00' });
  assert.equal(await phone.getAttribute('href'), 'tel:+33476000000');
  assert.equal(await page.getByRole('link', { name: 'contact@exemple.fr' }).getAttribute('href'), 'mailto:contact@exemple.fr');
  assert.equal(await page.getByRole('link', { name: 'Prendre rendez-vous en ligne' }).getAttribute('href'), 'https://rdv.exemple.fr/echirolles');
  const main = await page.locator('main').innerText();
  for (const expected of [
    '1 place des Écrins', 'Bâtiment B', '38130 Échirolles',
    'Du lundi au vendredi : de 9 h à 12 h et de 14 h à 17 h 30', 'Le samedi : de 9 h 30 à 12 h', 'Fermé les jours fériés',
    'Lieu d\'aide au numérique', 'Faire une démarche en ligne (impôts, CAF, retraite…)', 'Utiliser un ordinateur, internet ou une imprimante',
    'Personnes âgées', 'Familles et enfants', 'Personnes qui ont du mal à lire ou à écrire', 'Gratuit', 'Seul avec une personne qui vous aide',
    'En groupe, dans un atelier', 'Venir sans rendez-vous', 'Appeler avant de venir', 'Aidants Connect',
    'Un conseiller vous reçoit avec ou sans rendez-vous.', 'Informations vérifiées le 15 juin 2024.', 'test-pages, mise à jour du 2 mai 2024',
  ]) assert.ok(main.includes(expected), `the page shows « ${expected} »:\n${main}`);
  // Pinned to Sunday 1 December 2024, 11:00: "Mo-Fr 09:00-12:00,14:00-17:30; Sa 09:30-12:00".
  assert.equal(await page.locator('main p.opening').textContent(), 'Ouvre demain à 9 h');
  assert.equal(await page.getByRole('link', { name: 'Préparer une fiche d’orientation avec ce lieu' }).getAttribute('href'), `/fiche?lieu=${ids['page-1']}`);
  await assertNoViolations(page);
});

test('an itinerant service lists where and when it stops', browserTest, async () => {
  const page = await h.newPage({ javaScript: false });
  await page.goto(`/lieux/${ids['page-2']}`);
  const stops = await page.getByRole('heading', { name: 'Où passe ce service itinérant' }).locator('xpath=following-sibling::ul[1]/li').allInnerTexts();
  assert.deepEqual(stops, [
    'Monestier-de-Clermont : Le 1er vendredi du mois : de 17 h à 19 h',
    'Le Bourg-d\'Oisans (Parking de la salle des fêtes) : Le 2e mercredi du mois : de 9 h à 12 h',
  ]);
  await assertNoViolations(page);
});

test('reporting an error works end to end without JavaScript: errors next to the fields, text kept, report stored', browserTest, async () => {
  const id = ids['page-1']!;
  const page = await h.newPage({ javaScript: false });
  await page.goto(`/lieux/${id}`);
  await page.getByRole('link', { name: 'Signaler une erreur sur ce lieu' }).click();
  assert.equal(new URL(page.url()).pathname, `/lieux/${id}/signaler`);
  assert.match(await page.locator('main').innerText(), /N’écrivez pas d’informations personnelles/);
  await assertNoViolations(page);

  // Nothing chosen: the form comes back with the message next to the question and the text kept.
  await page.getByLabel('Précisez ce qui est faux').fill('Le mardi, ouvert jusqu’à 18 h.');
  await page.getByRole('button', { name: 'Envoyer le signalement' }).click();
  assert.match(await page.title(), /^Erreur : /);
  const group = page.getByRole('group', { name: /Qu’est-ce qui est faux/ });
  const describedBy = await group.getAttribute('aria-describedby');
  assert.ok(describedBy, 'the question points to its error message');
  assert.equal(await page.locator(`#${describedBy}`).textContent(), 'Choisissez ce qui est faux.');
  assert.equal(await page.getByLabel('Précisez ce qui est faux').inputValue(), 'Le mardi, ouvert jusqu’à 18 h.');
  await assertNoViolations(page);
  assert.equal((await h.db.query('SELECT 1 FROM signalements')).length, 0);

  await page.getByLabel('Les horaires sont faux').check();
  await page.getByRole('button', { name: 'Envoyer le signalement' }).click();
  await page.waitForURL(`**/lieux/${id}/signaler/merci`);
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Merci pour votre signalement');
  await assertNoViolations(page);
  const rows = await h.db.query<{ lieu_id: string; kind: string; message: string; status: string }>('SELECT lieu_id, kind, message, status FROM signalements');
  assert.deepEqual(rows, [{ lieu_id: id, kind: 'horaires', message: 'Le mardi, ouvert jusqu’à 18 h.', status: 'new' }]);
});

test('the report form refuses a text over 2,000 characters and "Autre" without a text, and keeps what was typed', browserTest, async () => {
  const id = ids['page-2']!;
  const credentials = await formCredentials(h.app, `/lieux/${id}/signaler`);
  const post = (form: Record<string, string>) => postForm(h.app, `/lieux/${id}/signaler`, form, credentials);
  const withoutToken = await postForm(h.app, `/lieux/${id}/signaler`, { erreur: 'ferme', message: '' });
  assert.equal(withoutToken.statusCode, 403, 'no CSRF token: refused');
  assert.match(withoutToken.body, /Le formulaire a expiré/);
  const tooLong = await post({ erreur: 'autre', message: 'a'.repeat(2001) });
  assert.equal(tooLong.statusCode, 400);
  assert.match(tooLong.body, /<p class="error" id="message-erreur">Votre texte est trop long : 2001 caractères/);
  assert.match(tooLong.body, /aria-describedby="message-aide message-erreur" aria-invalid="true">a{2001}<\/textarea>/);
  const empty = await post({ erreur: 'autre', message: '  ' });
  assert.equal(empty.statusCode, 400);
  assert.match(empty.body, /décrivez l’erreur en quelques mots/);
  const forged = await post({ erreur: 'supprimer', message: 'x' });
  assert.equal(forged.statusCode, 400);
  // Line breaks arrive as CR LF but count once, as the browser counted them for maxlength.
  const lines = `${'b'.repeat(999)}\r\n${'c'.repeat(1000)}`;
  const accepted = await post({ erreur: 'autre', message: lines });
  assert.equal(accepted.statusCode, 303);
  assert.equal(accepted.headers.location, `/lieux/${id}/signaler/merci`);
  const [row] = await h.db.query<{ message: string }>('SELECT message FROM signalements WHERE lieu_id = $1', [id]);
  assert.equal(row?.message, `${'b'.repeat(999)}\n${'c'.repeat(1000)}`);
});

test('text from the data is shown as text, never run: a place named <script>alert(1)</script>', browserTest, async () => {
  const page = await h.newPage({ javaScript: true });
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto(`/lieux/${ids['xss-1']}`);
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), '<script>alert(1)</script>');
  assert.equal(await page.title(), '<script>alert(1)</script> — Passerelle');
  assert.equal(await page.locator('main script, main img, main [onmouseover]').count(), 0);
  assert.match(await page.locator('main').innerText(), /<img src=x onerror=alert\(2\)> "onmouseover=alert\(3\) x="/);
  await page.getByRole('link', { name: 'Signaler une erreur sur ce lieu' }).click();
  assert.equal(await page.getByRole('link', { name: '<script>alert(1)</script>' }).count(), 1);
  assert.deepEqual(dialogs, []);
});

test('printing a place page keeps the place, drops the navigation and the footer, and writes out link addresses', browserTest, async () => {
  const page = await h.newPage({ javaScript: false });
  await page.goto(`/lieux/${ids['page-1']}`);
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.getByRole('navigation').isVisible(), false);
  assert.equal(await page.locator('footer').isVisible(), false);
  assert.equal(await page.getByRole('heading', { level: 1 }).isVisible(), true);
  const after = await page.getByRole('link', { name: 'Prendre rendez-vous en ligne' }).evaluate((a) => getComputedStyle(a, '::after').content);
  assert.equal(after, '" (https://rdv.exemple.fr/echirolles)"');
});

test('an unknown place gets a French 404 page', browserTest, async () => {
  const page = await h.newPage({ javaScript: false });
  for (const url of ['/lieux/00000000-0000-0000-0000-000000000000', '/lieux/pas-un-identifiant', '/lieux/00000000-0000-0000-0000-000000000000/signaler']) {
    const response = await page.goto(url);
    assert.equal(response?.status(), 404, url);
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Page introuvable');
    assert.match(await page.locator('main').innerText(), /Ce lieu n’existe pas ou plus dans Passerelle/);
  }
  const post = await h.app.inject({ method: 'POST', url: '/lieux/00000000-0000-0000-0000-000000000000/signaler', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'erreur=ferme' });
  assert.equal(post.statusCode, 404);
});

test('reports are limited per network address, counted in the database: the 21st in an hour is refused', browserTest, async () => {
  const id = ids['page-1']!;
  const { token, cookie } = await formCredentials(h.app, `/lieux/${id}/signaler`);
  const post = (remoteAddress: string) => h.app.inject({
    method: 'POST', url: `/lieux/${id}/signaler`, remoteAddress,
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    payload: new URLSearchParams({ _csrf: token, erreur: 'ferme', message: '' }).toString(),
  });
  for (let i = 0; i < SUGGESTION_LIMIT.limit; i++) assert.equal((await post('198.51.100.77')).statusCode, 303);
  const refused = await post('198.51.100.77');
  assert.equal(refused.statusCode, 429);
  assert.match(refused.body, /Trop de tentatives/);
  assert.equal((await post('198.51.100.78')).statusCode, 303, 'another address is served');
  const [row] = await h.db.query<{ n: number }>("SELECT count(*)::int AS n FROM signalements WHERE lieu_id = $1 AND kind = 'ferme'", [id]);
  assert.equal(row!.n, SUGGESTION_LIMIT.limit + 1, 'the refused report is not stored');
});
