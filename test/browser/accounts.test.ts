// The sign-in pages and the account page in a real Chromium without JavaScript: no axe
// violation, the whole sign-in done by keyboard and forms only, the link read from the outbox.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { outboxMailer, readOutbox } from '../../src/platform/mail/outbox-mailer.ts';
import { axeViolations, browserTest, describeViolations, startWebHarness, type WebHarness } from './support/browser.ts';

const outbox = mkdtempSync(join(tmpdir(), 'passerelle-outbox-'));
let h: WebHarness;
before(async () => {
  if (browserTest.skip) return;
  h = await startWebHarness({ server: { geocoder: undefined, mailer: outboxMailer({ dir: outbox, from: 'test@passerelle.localhost' }) } });
});
after(async () => {
  await h?.close();
  rmSync(outbox, { recursive: true, force: true });
});

test('sign in without JavaScript, from the footer link to the account page; no axe violation on the way', browserTest, async () => {
  const page = await h.newPage({ javaScript: false });
  await page.goto('/');
  await page.getByRole('link', { name: 'Espace des professionnels' }).click();
  assert.equal(new URL(page.url()).pathname, '/connexion');
  for (const check of [axeViolations]) {
    const violations = await check(page);
    assert.deepEqual(violations.map((v) => v.id), [], describeViolations(violations));
  }
  await page.getByLabel('Votre adresse e-mail').fill('responsable@mediatheque-exemple.fr');
  await page.getByRole('button', { name: 'Recevoir le lien de connexion' }).click();
  await page.waitForURL('**/connexion/envoye');
  let violations = await axeViolations(page);
  assert.deepEqual(violations.map((v) => v.id), [], describeViolations(violations));
  const [mail] = await readOutbox(outbox);
  const link = /https?:\/\/\S+\/connexion\/lien\?jeton=\S+/.exec(mail!.text)![0];
  await page.goto(link);
  await page.getByRole('button', { name: 'Ouvrir mon espace' }).click();
  await page.waitForURL('**/compte');
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Mon compte');
  assert.match(await page.locator('main').textContent() ?? '', /responsable@mediatheque-exemple\.fr/);
  violations = await axeViolations(page);
  assert.deepEqual(violations.map((v) => v.id), [], describeViolations(violations));
  await page.getByRole('button', { name: 'Me déconnecter', exact: true }).click();
  assert.match(await page.locator('main').textContent() ?? '', /Vous êtes déconnecté sur cet appareil/);
  await page.goto('/compte');
  assert.equal(new URL(page.url()).pathname, '/connexion');
});
