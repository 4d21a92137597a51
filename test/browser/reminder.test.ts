// A freshness reminder in a real Chromium without JavaScript: a stale place's manager finds the
// reminder in the outbox after a sweep, opens its link, presses the one button, and the place's
// public page then says it was verified today; no axe violation on the verification page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importFile } from '../../src/lieux/import/import-file.ts';
import { addManagedLieu, userForEmail } from '../../src/comptes/users.ts';
import { sendDueReminders } from '../../src/contribution/reminders.ts';
import { outboxMailer, readOutbox } from '../../src/platform/mail/outbox-mailer.ts';
import { frenchDate } from '../../src/web/format.ts';
import { axeViolations, browserTest, describeViolations, startWebHarness, type WebHarness } from './support/browser.ts';

const FIXTURE = fileURLToPath(new URL('./fixtures/lieux-pages.csv', import.meta.url));
const outbox = mkdtempSync(join(tmpdir(), 'passerelle-outbox-'));
const mailer = outboxMailer({ dir: outbox, from: 'test@passerelle.localhost' });
let h: WebHarness;
let placeId = '';
before(async () => {
  if (browserTest.skip) return;
  h = await startWebHarness({
    server: { geocoder: undefined, mailer },
    seed: async (db) => {
      await importFile(db, { path: FIXTURE, source: 'test-pages', actor: 'test' });
      // page-1 was last verified on 15 June 2024: stale today.
      placeId = (await db.query<{ lieu_id: string }>("SELECT lieu_id FROM source_records WHERE source_id = 'page-1'"))[0]!.lieu_id;
      await addManagedLieu(db, (await userForEmail(db, 'responsable@exemple.fr')).id, placeId);
    },
  });
});
after(async () => {
  await h?.close();
  rmSync(outbox, { recursive: true, force: true });
});

test('stale place → reminder in the outbox → “still correct” in one click → the public page says verified today', browserTest, async () => {
  const counts = await sendDueReminders(h.db, mailer, { months: 6, publicUrl: h.baseUrl, now: new Date() });
  assert.equal(counts.sent, 1);
  const [mail] = await readOutbox(outbox);
  assert.equal(mail!.to, 'responsable@exemple.fr');
  const link = new RegExp(`${h.baseUrl}/verification/\\S+`).exec(mail!.text)![0];

  const page = await h.newPage({ javaScript: false });
  await page.goto(link);
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Les informations de ce lieu sont-elles toujours à jour ?');
  assert.match(await page.locator('main').textContent() ?? '', /Maison France services d'Échirolles/);
  assert.equal(await page.getByRole('link', { name: 'Non, je les corrige' }).getAttribute('href'), `/lieux/${placeId}/modifier`);
  const violations = await axeViolations(page);
  assert.deepEqual(violations.map((v) => v.id), [], describeViolations(violations));

  await page.getByRole('button', { name: 'Oui, ces informations sont toujours correctes' }).click();
  const today = frenchDate(new Date().toISOString());
  assert.equal(await page.getByRole('status').textContent(), `Merci : le lieu est marqué vérifié le ${today}.`);
  await page.getByRole('link', { name: 'Voir la fiche du lieu' }).click();
  assert.equal(new URL(page.url()).pathname, `/lieux/${placeId}`);
  assert.match(await page.locator('main').textContent() ?? '', new RegExp(`Informations vérifiées le ${today}\\.`));
});
