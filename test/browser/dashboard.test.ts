// The coordinators' dashboard in a real Chromium: no axe violation, the filter and the export
// used without JavaScript (a GET form and a download link), places' names shown as text.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { importFile } from '../../src/lieux/import/import-file.ts';
import { pinClock } from '../../src/platform/clock.ts';
import { setRole, userForEmail } from '../../src/comptes/users.ts';
import { openSession } from '../../src/comptes/sessions.ts';
import { axeViolations, browserTest, describeViolations, startWebHarness, type WebHarness } from './support/browser.ts';

// page-1 (Échirolles, verified 15 June 2024) and page-2 (Mens, updated 3 May 2024) are in Isère,
// xss-1 (named <script>alert(1)</script>) in Paris.
const FIXTURE = fileURLToPath(new URL('./fixtures/lieux-pages.csv', import.meta.url));

let h: WebHarness;
const ids: Record<string, string> = {};
const secrets: Record<string, string> = {};
before(async () => {
  if (browserTest.skip) return;
  pinClock(new Date('2025-03-15T11:00:00+01:00'));
  h = await startWebHarness({
    seed: async (db) => {
      const report = await importFile(db, { path: FIXTURE, source: 'test-pages', actor: 'test' });
      assert.equal(report.created, 3, JSON.stringify(report.issues));
      for (const row of await db.query<{ id: string; source_id: string }>('SELECT lieu_id AS id, source_id FROM source_records')) ids[row.source_id] = row.id;
      await db.query("INSERT INTO signalements (lieu_id, kind) VALUES ($1, 'horaires')", [ids['page-1']]);
      const coordinator = await userForEmail(db, 'coord@isere.fr');
      await setRole(db, coordinator.id, 'coordinator', [{ level: 'departement', code: '38' }]);
      secrets.coordinator = await openSession(db, coordinator.id);
      const admin = await userForEmail(db, 'admin@passerelle.fr');
      await setRole(db, admin.id, 'admin');
      secrets.admin = await openSession(db, admin.id);
    },
  });
});
after(async () => {
  pinClock(undefined);
  await h?.close();
});

async function signedIn(who: 'coordinator' | 'admin', javaScript: boolean): Promise<Page> {
  const page = await h.newPage({ javaScript });
  await page.context().addCookies([{ name: 'passerelle_session', value: secrets[who]!, url: h.baseUrl }]);
  return page;
}

const assertNoViolations = async (page: Page) => {
  const violations = await axeViolations(page);
  assert.deepEqual(violations.map((v) => v.id), [], `${page.url()}\n${describeViolations(violations)}`);
};

test('without JavaScript, a coordinator filters her dashboard and downloads the list; no axe violation', browserTest, async () => {
  const page = await signedIn('coordinator', false);
  await page.goto('/compte');
  await page.getByRole('link', { name: /Tableau de bord/ }).click();
  assert.equal(new URL(page.url()).pathname, '/tableau-de-bord');
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Tableau de bord de mes territoires');
  const table = page.getByRole('table', { name: /Tous les lieux à suivre/ });
  assert.equal(await table.locator('tbody tr').count(), 2);
  assert.ok(await page.getByRole('rowheader', { name: 'Bus numérique du Trièves' }).isVisible());
  await assertNoViolations(page);

  await page.getByLabel('Catégorie').selectOption({ label: 'Lieux signalés' });
  await page.getByRole('button', { name: 'Afficher' }).click();
  await page.waitForURL(/categorie=signales/);
  const reported = page.getByRole('table', { name: /Lieux signalés/ });
  assert.deepEqual(await reported.locator('tbody th').allTextContents(), ['Maison France services d\'Échirolles']);
  assert.match(await reported.locator('tbody tr').first().innerText(), /1 \(dernier : Les horaires sont faux\)/);
  assert.equal(await page.getByRole('link', { name: 'Modifier Maison France services d\'Échirolles' }).getAttribute('href'), `/lieux/${ids['page-1']}/modifier`);
  await assertNoViolations(page);

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /Télécharger cette liste/ }).click()]);
  assert.equal(download.suggestedFilename(), 'tableau-de-bord-2025-03-15.csv');
  const csv = await readFile((await download.path())!, 'utf8');
  const lines = csv.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
  assert.equal(lines[0], 'id;nom;commune;code_insee;departement;a_verifier;derniere_verification;sans_responsable;signalements_en_attente;url');
  assert.equal(lines.length, 2);
  assert.match(lines[1]!, new RegExp(`^${ids['page-1']};Maison France services d'Échirolles;Échirolles;38151;38;oui;2024-06-15;oui;1;http://127\\.0\\.0\\.1:\\d+/lieux/${ids['page-1']}$`));

  await page.getByRole('link', { name: 'Maison France services d\'Échirolles', exact: true }).click();
  assert.equal(new URL(page.url()).pathname, `/lieux/${ids['page-1']}`);
});

test('an administrator sees every territory; a name made of markup stays text, no axe violation', browserTest, async () => {
  const page = await signedIn('admin', true);
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto('/tableau-de-bord');
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Tableau de bord de tous les territoires');
  assert.equal(await page.getByRole('table').locator('tbody tr').count(), 3);
  assert.ok(await page.getByRole('rowheader', { name: '<script>alert(1)</script>' }).isVisible());
  assert.deepEqual(dialogs, []);
  await assertNoViolations(page);
});
