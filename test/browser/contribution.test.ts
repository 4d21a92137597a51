// End to end in a real Chromium without JavaScript (issue 4): a structure manager signs in with
// the link from the outbox, claims her place (same e-mail domain: accepted at once), corrects it
// with the form (an error explained first), and a visitor sees the change on the public page; a
// visitor proposes a missing place, a coordinator of its département completes and publishes it,
// and it is public. No axe violation on the form, its error state, the proposal form and the
// moderation pages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { outboxMailer, readOutbox } from '../../src/platform/mail/outbox-mailer.ts';
import { importFile } from '../../src/lieux/import/import-file.ts';
import { setRole, userForEmail } from '../../src/comptes/users.ts';
import { openSession } from '../../src/comptes/sessions.ts';
import { axeViolations, browserTest, describeViolations, startWebHarness, type WebHarness } from './support/browser.ts';

const FIXTURE = fileURLToPath(new URL('./fixtures/lieux-pages.csv', import.meta.url));
const outbox = mkdtempSync(join(tmpdir(), 'passerelle-outbox-'));
let h: WebHarness;
let placeId = '';
before(async () => {
  if (browserTest.skip) return;
  h = await startWebHarness({
    seed: async (db) => { await importFile(db, { path: FIXTURE, source: 'test-pages', actor: 'test' }); },
    server: { geocoder: undefined, mailer: outboxMailer({ dir: outbox, from: 'test@passerelle.localhost' }) },
  });
  placeId = (await h.db.query<{ lieu_id: string }>("SELECT lieu_id FROM source_records WHERE source_id = 'page-1'"))[0]!.lieu_id;
});
after(async () => {
  await h?.close();
  rmSync(outbox, { recursive: true, force: true });
});

async function assertNoAxeViolation(page: Page, where: string) {
  const violations = await axeViolations(page);
  assert.deepEqual(violations.map((v) => v.id), [], `${where}: ${describeViolations(violations)}`);
}

// The longest walk of the suite (sign-in, claim, two saves, two axe runs): more time than the others on a busy machine.
const longWalk = { ...browserTest, timeout: 180_000 };

test('claim → edit → visible on the public page', longWalk, async () => {
  const page = await h.newPage({ javaScript: false });
  await page.goto('/connexion');
  await page.getByLabel('Votre adresse e-mail').fill('claire.martin@exemple.fr');
  await page.getByRole('button', { name: 'Recevoir le lien de connexion' }).click();
  const mail = (await readOutbox(outbox)).find((m) => m.to === 'claire.martin@exemple.fr' || m.text.includes('connexion/lien'))!;
  await page.goto(/https?:\/\/\S+\/connexion\/lien\?jeton=\S+/.exec(mail.text)![0]);
  await page.getByRole('button', { name: 'Ouvrir mon espace' }).click();
  await page.waitForURL('**/compte');

  await page.goto(`/lieux/${placeId}`);
  await page.getByRole('link', { name: 'Vous vous occupez de ce lieu ? Demandez à le gérer' }).click();
  await page.getByRole('button', { name: 'Demander à gérer ce lieu' }).click();
  assert.match(await page.locator('main').textContent() ?? '', /Vous gérez maintenant ce lieu/);
  await page.getByRole('link', { name: 'Revenir à la page du lieu' }).click();
  await page.getByRole('link', { name: 'Modifier ce lieu' }).click();
  await assertNoAxeViolation(page, 'place form');

  await page.getByLabel('Code postal (obligatoire)').fill('3813');
  await page.getByRole('button', { name: 'Enregistrer et publier' }).click();
  const summary = page.locator('.error-summary');
  assert.match(await summary.textContent() ?? '', /Code postal : Le code postal « 3813 » n'est pas valide/);
  await assertNoAxeViolation(page, 'place form with an error');
  await summary.getByRole('link').first().click();
  assert.equal(await page.evaluate(() => location.hash), '#code_postal');

  await page.getByLabel('Code postal (obligatoire)').fill('38130');
  await page.getByLabel('Téléphone', { exact: true }).fill('04 76 11 22 33');
  await page.getByLabel('Lundi, plage 1, de').fill('08:30');
  await page.getByLabel('Lundi, plage 1, à').fill('12:00');
  await page.getByLabel('Lundi, plage 2, de').fill('');
  await page.getByLabel('Lundi, plage 2, à').fill('');
  await page.getByRole('button', { name: 'Enregistrer et publier' }).click();
  await page.waitForURL('**/modifier/enregistre');

  const visitor = await h.newPage({ javaScript: false });
  await visitor.goto(`/lieux/${placeId}`);
  const main = await visitor.locator('main').textContent() ?? '';
  assert.match(main, /04 76 11 22 33/);
  assert.match(main, /8 h 30|08:30/);
  assert.doesNotMatch(main, /Modifier ce lieu/, 'a visitor is not offered the form');
});

test('visitor proposal → moderated → published', longWalk, async () => {
  const visitor = await h.newPage({ javaScript: false });
  await visitor.goto('/');
  await visitor.getByRole('link', { name: 'Proposer un lieu qui manque' }).click();
  await assertNoAxeViolation(visitor, 'proposal form');
  await visitor.getByLabel('Nom du lieu (obligatoire)').fill('Espace public numérique du Village Olympique');
  await visitor.getByLabel('Adresse (numéro et voie, obligatoire)').fill('3 rue Albert Thomas');
  await visitor.getByLabel('Code postal (obligatoire)').fill('38100');
  await visitor.getByLabel('Commune (obligatoire)').fill('Grenoble');
  await visitor.getByLabel('Aide aux démarches administratives').check();
  await visitor.getByLabel('Mercredi, plage 1, de').fill('14:00');
  await visitor.getByLabel('Mercredi, plage 1, à').fill('17:00');
  await visitor.getByRole('button', { name: 'Envoyer la proposition' }).click();
  await visitor.waitForURL('**/proposer/merci');

  const coordinator = await userForEmail(h.db, 'coordination@isere.fr');
  await setRole(h.db, coordinator.id, 'coordinator', [{ level: 'departement', code: '38' }]);
  const page = await h.newPage({ javaScript: false });
  await page.context().addCookies([{ name: 'passerelle_session', value: await openSession(h.db, coordinator.id), url: h.baseUrl }]);
  await page.goto('/moderation');
  await assertNoAxeViolation(page, 'moderation queue');
  await page.getByRole('link', { name: 'Espace public numérique du Village Olympique' }).click();
  await assertNoAxeViolation(page, 'proposal review');
  await page.getByLabel('SIRET ou RNA de la structure (obligatoire)').fill('21380185500015');
  await page.getByRole('button', { name: 'Publier ce lieu' }).click();
  await page.waitForURL(/\/lieux\/[0-9a-f-]{36}$/);

  const published = await h.newPage({ javaScript: false });
  await published.goto(new URL(page.url()).pathname);
  const main = await published.locator('main').textContent() ?? '';
  assert.match(main, /Espace public numérique du Village Olympique/);
  assert.match(main, /3 rue Albert Thomas/);
  await published.goto('/recherche?ou=Grenoble');
  assert.match(await published.locator('main').textContent() ?? '', /Village Olympique/, 'found by the search at once');
});
