// The orientation slip in a real Chromium: three places with their QR codes and the text to send,
// no axe violation with JavaScript off or on, one A4 page when printed, the orientation recorded
// without JavaScript (and nothing about the person), French messages for bad requests, people's
// text shown as text.
import { formCredentials, postForm } from '../support/forms.ts';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { importFile } from '../../src/lieux/import/import-file.ts';
import { parisDay } from '../../src/orientation/record-orientation.ts';
import { axeViolations, browserTest, describeViolations, startWebHarness, type WebHarness } from './support/browser.ts';

const FIXTURES = ['lieux-pages', 'fiche-lieux'].map((name) => fileURLToPath(new URL(`./fixtures/${name}.csv`, import.meta.url)));
const DEMARCHES = 'Aide aux démarches administratives';

let h: WebHarness;
const ids: Record<string, string> = {};
before(async () => {
  if (browserTest.skip) return;
  h = await startWebHarness({
    seed: async (db) => {
      for (const path of FIXTURES) {
        const report = await importFile(db, { path, source: 'test-fiche', actor: 'test' });
        assert.equal(report.created, 3, JSON.stringify(report.issues));
      }
    },
  });
  for (const row of await h.db.query<{ id: string; source_id: string }>('SELECT lieu_id AS id, source_id FROM source_records')) ids[row.source_id] = row.id;
});
after(async () => h?.close());

const slipUrl = (keys: string[], extra = '') => `/fiche?${keys.map((k) => `lieu=${ids[k] ?? k}`).join('&')}${extra}`;
const NEED = `&services=${encodeURIComponent(DEMARCHES)}`;
const assertNoViolations = async (page: Page) => {
  const violations = await axeViolations(page);
  assert.deepEqual(violations.map((v) => v.id), [], `${page.url()}\n${describeViolations(violations)}`);
};
const pdfPages = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? []).length;

test('the slip shows the need and three places with their details, QR codes and the text to send, without JavaScript', browserTest, async () => {
  const page = await h.newPage({ javaScript: false });
  const response = await page.goto(slipUrl(['page-1', 'page-2', 'xss-1'], NEED));
  assert.equal(response?.status(), 200);
  assert.equal(await page.title(), 'Fiche d’orientation — Passerelle');
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Fiche d’orientation');
  const main = await page.locator('main').innerText();
  for (const expected of [
    'Besoin : Faire une démarche en ligne (impôts, CAF, retraite…)',
    '1 place des Écrins, Bâtiment B, 38130 Échirolles', 'Place de la mairie, 38710 Mens',
    'Horaires non communiqués', 'Prix : Gratuit',
    'À apporter : une pièce d’identité, vos identifiants (numéro fiscal, numéro CAF, FranceConnect…), les courriers reçus et votre téléphone portable.',
    'Pour imprimer : touches Ctrl et P.',
    'Nous n’enregistrons rien sur la personne : seulement la date, le besoin, le lieu et votre structure.',
  ]) assert.ok(main.includes(expected), `the slip shows « ${expected} »:\n${main}`);
  assert.deepEqual(await page.locator('.fiche-lieu h2').allTextContents(),
    ['1. Maison France services d\'Échirolles', '2. Bus numérique du Trièves', '3. <script>alert(1)</script>']);
  assert.equal(await page.getByRole('link', { name: '04 76 00 00 00' }).getAttribute('href'), 'tel:+33476000000');
  assert.equal(await page.getByRole('link', { name: 'Prendre rendez-vous sur internet' }).getAttribute('href'), 'https://rdv.exemple.fr/echirolles');
  // The next opening and the coming week, from the place's hours (the day depends on today).
  const first = page.locator('.fiche-lieu').first();
  assert.match(await first.locator('.fiche-ouverture').innerText(), /^(Ouvert le|Ouvre le) (lundi|mardi|mercredi|jeudi|vendredi|samedi) \d{1,2}(er)? \S+/);
  const week = await first.locator('.fiche-semaine li').allInnerTexts();
  assert.ok(week.some((line) => /: de 9 h à 12 h et de 14 h à 17 h 30$/.test(line)), week.join('\n'));
  assert.ok(week.some((line) => /^(Dimanche|.* dimanche) \d+(er)?.* : fermé$/.test(line)), week.join('\n'));

  // One QR code per place, named, drawn on the server.
  const codes = page.locator('.fiche-lieu svg[role="img"]');
  assert.equal(await codes.count(), 3);
  assert.deepEqual(await codes.evaluateAll((svgs) => svgs.map((svg) => svg.getAttribute('aria-label'))), [
    'Code QR vers la page de Maison France services d\'Échirolles', 'Code QR vers la page de Bus numérique du Trièves', 'Code QR vers la page de <script>alert(1)</script>',
  ]);
  assert.ok(await codes.first().locator('path').count() > 0);

  const text = await page.getByLabel('Le texte à copier').inputValue();
  assert.equal(await page.getByLabel('Le texte à copier').getAttribute('readonly'), '');
  for (const key of ['page-1', 'page-2', 'xss-1']) assert.ok(text.includes(`${h.baseUrl}/lieux/${ids[key]}`), text);
  assert.ok(text.startsWith('Pour : Faire une démarche en ligne (impôts, CAF, retraite…)\n\n1. Maison France services d\'Échirolles\n1 place des Écrins, 38130 Échirolles\nTél. 04 76 00 00 00\n'), text);
  const sms = await page.getByRole('link', { name: 'Envoyer le texte par SMS' }).getAttribute('href');
  assert.equal(decodeURIComponent(sms!.replace('sms:?&body=', '')), text);
  const mail = new URL((await page.getByRole('link', { name: 'Envoyer le texte par courriel' }).getAttribute('href'))!);
  assert.equal(mail.searchParams.get('body'), text.replace(/\n/g, '\r\n'));
  assert.equal(await page.getByRole('button', { name: 'Imprimer la fiche' }).count(), 0);
  await assertNoViolations(page);
});

test('the QR codes point to the public address when PASSERELLE_PUBLIC_URL is set', browserTest, async () => {
  process.env.PASSERELLE_PUBLIC_URL = 'https://passerelle.exemple.fr/';
  try {
    const response = await h.app.inject({ method: 'GET', url: slipUrl(['page-1']) });
    assert.equal(response.statusCode, 200);
    assert.ok(response.body.includes(`https://passerelle.exemple.fr/lieux/${ids['page-1']}</textarea>`));
    assert.ok(!response.body.includes('localhost'), 'not the address the request came to');
  } finally {
    delete process.env.PASSERELLE_PUBLIC_URL;
  }
});

test('with JavaScript: a print button instead of the keyboard hint, and the text copied to the clipboard', browserTest, async () => {
  const page = await h.newPage({ javaScript: true });
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: h.baseUrl });
  await page.goto(slipUrl(['page-1', 'fiche-1'], NEED));
  await page.getByRole('button', { name: 'Imprimer la fiche' }).waitFor();
  assert.equal(await page.getByText('Pour imprimer : touches Ctrl et P.').count(), 0);
  await page.getByRole('button', { name: 'Copier le texte' }).click();
  await page.getByRole('status').filter({ hasText: 'Le texte est copié' }).waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), await page.getByLabel('Le texte à copier').inputValue());
  await assertNoViolations(page);
});

test('printed, three places fit on one A4 page in large type, without menus, forms or the text to send', browserTest, async () => {
  const page = await h.newPage({ javaScript: false });
  // The longest names, addresses and hours of the fixtures, and the short ones.
  for (const keys of [['fiche-1', 'fiche-2', 'fiche-3'], ['page-1', 'page-2', 'xss-1']]) {
    await page.goto(slipUrl(keys, `${NEED}&besoin=${encodeURIComponent('Refaire sa carte Vitale et déclarer ses revenus')}`));
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    assert.equal(pdfPages(pdf), 1, `one page for ${keys.join(', ')}`);
  }
  await page.emulateMedia({ media: 'print' });
  for (const hidden of ['.site-header', 'nav', 'footer', 'form', '#fiche-texte', '#fiche-imprimer']) {
    assert.equal(await page.locator(hidden).first().isVisible(), false, `${hidden} is not printed`);
  }
  assert.equal(await page.locator('.fiche-lieu svg[role="img"]').first().isVisible(), true);
  const sizes = await page.locator('.fiche-lieu p, .fiche-lieu li').evaluateAll((els) => els.map((el) => parseFloat(getComputedStyle(el).fontSize)));
  assert.ok(sizes.length > 10 && sizes.every((px) => px >= 14 * 96 / 72 - 0.01), `printed text is 14 pt at least: ${sizes.join(', ')} px`);
});

test('recording the orientation works without JavaScript and stores only the day, the need, the places and the structure', browserTest, async () => {
  const page = await h.newPage({ javaScript: false });
  const besoin = 'Madame Dupont, 06 12 34 56 78, dossier de retraite';
  await page.goto(slipUrl(['page-1', 'fiche-2'], `${NEED}&besoin=${encodeURIComponent(besoin)}`));
  const before = parisDay(new Date());
  await page.getByLabel('Nom de votre structure (obligatoire)').fill('  CCAS de Voiron  ');
  await page.getByRole('button', { name: 'Enregistrer l’orientation' }).click();
  await page.waitForURL(/\/fiche\?.*enregistre=1$/);
  assert.equal(await page.getByRole('status').textContent(), 'L’orientation est enregistrée. Merci.');
  assert.equal(await page.getByRole('button', { name: 'Enregistrer l’orientation' }).count(), 0);
  assert.equal(await page.locator('.fiche-lieu').count(), 2, 'the slip is still there');
  await assertNoViolations(page);
  const rows = await h.db.query<Record<string, unknown>>('SELECT * FROM orientations');
  assert.equal(rows.length, 1);
  const { id, created_at: createdAt, ...row } = rows[0]!;
  assert.match(String(id), /^[0-9a-f-]{36}$/);
  assert.ok(createdAt);
  assert.ok([before, parisDay(new Date())].includes(String(row.recorded_on)));
  assert.deepEqual({ ...row, recorded_on: 'day' }, { recorded_on: 'day', services: [DEMARCHES], lieu_ids: [ids['page-1'], ids['fiche-2']], structure: 'CCAS de Voiron' });
  const everything = JSON.stringify(await h.db.query('SELECT * FROM orientations'));
  assert.ok(!everything.includes('Dupont') && !everything.includes('06 12'), 'nothing the professional typed about the person is stored');
  await h.db.query('DELETE FROM orientations');
});

test('an empty or too long structure: the slip comes back with the message next to the field, and nothing is stored', browserTest, async () => {
  const page = await h.newPage({ javaScript: false });
  await page.goto(slipUrl(['page-1'], NEED));
  await page.getByLabel('Nom de votre structure (obligatoire)').fill('   ');
  await page.getByRole('button', { name: 'Enregistrer l’orientation' }).click();
  assert.equal(await page.title(), 'Erreur : Fiche d’orientation — Passerelle');
  const field = page.getByLabel('Nom de votre structure (obligatoire)');
  assert.equal(await field.getAttribute('aria-invalid'), 'true');
  const describedBy = (await field.getAttribute('aria-describedby'))!.split(' ');
  assert.deepEqual(describedBy, ['structure-aide', 'structure-erreur']);
  assert.equal(await page.locator('#structure-erreur').textContent(), 'Écrivez le nom de votre structure.');
  assert.equal(await page.getByRole('alert').getByRole('link', { name: 'Écrivez le nom de votre structure.' }).getAttribute('href'), '#structure');
  assert.equal(await page.locator('.fiche-lieu').count(), 1);
  await assertNoViolations(page);

  const tooLong = await postForm(h.app, '/fiche/enregistrer', [['lieu', ids['page-1']!], ['services', DEMARCHES], ['structure', 'x'.repeat(121)]],
    await formCredentials(h.app, slipUrl(['page-1'])));
  assert.equal(tooLong.statusCode, 400);
  assert.match(tooLong.body, /<p class="error" id="structure-erreur">Le nom est trop long : 121 caractères. Écrivez 120 caractères au plus.<\/p>/);
  assert.match(tooLong.body, new RegExp(`value="${'x'.repeat(121)}"`), 'what was typed is kept');
  assert.equal((await h.db.query('SELECT 1 FROM orientations')).length, 0);
});

test('no place, more than three, or an unknown one: a French page that says what to do', browserTest, async () => {
  const page = await h.newPage({ javaScript: false });
  const none = await page.goto('/fiche');
  assert.equal(none?.status(), 400);
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Aucun lieu choisi');
  assert.match(await page.locator('main').innerText(), /choisissez-en 1 à 3, puis demandez la fiche d’orientation/);
  await assertNoViolations(page);

  const four = await page.goto(slipUrl(['page-1', 'page-2', 'xss-1', 'fiche-1']));
  assert.equal(four?.status(), 400);
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Trop de lieux');
  assert.match(await page.locator('main').innerText(), /3 lieux au plus. Vous en avez choisi 4.\n+Revenez à la recherche et gardez 3 lieux au plus./);

  for (const unknown of ['00000000-0000-0000-0000-000000000000', 'pas-un-identifiant']) {
    const response = await page.goto(slipUrl(['page-1', unknown]));
    assert.equal(response?.status(), 404);
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Page introuvable');
    assert.match(await page.locator('main').innerText(), /Un des lieux choisis n’existe pas ou plus dans Passerelle. Revenez à la recherche/);
  }
  const credentials = await formCredentials(h.app, slipUrl(['page-1']));
  const post = (pairs: string[][]) => postForm(h.app, '/fiche/enregistrer', pairs, credentials);
  assert.equal((await postForm(h.app, '/fiche/enregistrer', [['lieu', ids['page-1']!], ['structure', 'CCAS']])).statusCode, 403, 'no CSRF token: refused');
  assert.equal((await post([['structure', 'CCAS']])).statusCode, 400);
  assert.equal((await post([...['page-1', 'page-2', 'xss-1', 'fiche-1'].map((k) => ['lieu', ids[k]!]), ['structure', 'CCAS']])).statusCode, 400);
  assert.equal((await post([['lieu', '00000000-0000-0000-0000-000000000000'], ['structure', 'CCAS']])).statusCode, 404);
  assert.equal((await h.db.query('SELECT 1 FROM orientations')).length, 0);
});

test('the need in free words is shown as text, never run', browserTest, async () => {
  const page = await h.newPage({ javaScript: true });
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const payload = '<script>alert(1)</script><img src=x onerror=alert(2)>"><b>gras</b>';
  await page.goto(slipUrl(['page-1'], `&besoin=${encodeURIComponent(payload)}`));
  assert.equal(await page.locator('.fiche-besoin').innerText(), `En quelques mots : « ${payload} »`);
  assert.equal(await page.locator('main script, main img, main b').count(), 0);
  assert.equal(await page.locator('input[type="hidden"][name="besoin"]').inputValue(), payload);
  assert.deepEqual(dialogs, []);
  // Unknown services are not shown nor kept.
  await page.goto(slipUrl(['page-1'], `&services=${encodeURIComponent('<i>rien</i>')}`));
  assert.equal(await page.locator('.fiche-besoin').count(), 0);
  assert.equal(await page.locator('input[name="services"]').count(), 0);
});

test('a place merged into another is shown as the place that absorbed it, once', browserTest, async () => {
  await h.db.query('UPDATE lieux SET merged_into = $1 WHERE id = $2', [ids['fiche-2'], ids['fiche-3']]);
  try {
    const page = await h.newPage({ javaScript: false });
    const response = await page.goto(slipUrl(['fiche-3', 'fiche-2']));
    assert.equal(response?.status(), 200);
    assert.deepEqual(await page.locator('.fiche-lieu h2').allTextContents(), ['1. Association Solidarité Numérique du Grésivaudan et des Balcons de Belledonne']);
    assert.deepEqual(await page.locator('input[name="lieu"]').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value)), [ids['fiche-2']]);
  } finally {
    await h.db.query('UPDATE lieux SET merged_into = NULL WHERE id = $1', [ids['fiche-3']]);
  }
});
