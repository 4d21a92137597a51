// Editing a place by hand (issue 4): a manager's save is a `passerelle` source record published at
// once, a cleared field stays cleared (older records do not show through), every save is logged
// with who and the diff, a save on an outdated version is refused with what changed, someone who
// does not manage the place is refused on the server, a change can be reverted, and re-importing
// the source's unchanged file does not undo the manager's work.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import type { Db } from '../../src/platform/db.ts';
import { importFile } from '../../src/lieux/import/import-file.ts';
import { getLieu } from '../../src/lieux/store/read-lieux.ts';
import { addManagedLieu, getUser, setRole, userForEmail, type User } from '../../src/comptes/users.ts';
import { EditConflict, EditRefused, loadEditable, saveLieu } from '../../src/contribution/edit-lieu.ts';
import { lieuHistory, revertChange } from '../../src/contribution/history.ts';
import { openTestDb } from '../support/test-db.ts';

const FIXTURE = fileURLToPath(new URL('../browser/fixtures/lieux-pages.csv', import.meta.url));
let db: Db;
let placeId = '';
let manager: User;
let colleague: User;
before(async () => {
  db = await openTestDb();
  await importFile(db, { path: FIXTURE, source: 'test-pages', actor: 'test' });
  placeId = (await db.query<{ lieu_id: string }>("SELECT lieu_id FROM source_records WHERE source_id = 'page-1'"))[0]!.lieu_id;
  const m = await userForEmail(db, 'claire@exemple.fr');
  await addManagedLieu(db, m.id, placeId);
  manager = (await getUser(db, m.id))!;
  colleague = await userForEmail(db, 'autre@ailleurs.org');
});
after(() => db.close());

test('a manager’s save is published at once, cleared fields stay cleared, and it is logged with the diff', async () => {
  const loaded = (await loadEditable(db, placeId))!;
  const data = structuredClone(loaded.data);
  data.horaires = 'Mo-Fr 08:30-12:00';
  delete data.contact!.telephone;
  const saved = await saveLieu(db, manager, { lieuId: placeId, expectedRevision: loaded.revision, data, action: 'lieu.edit' });
  assert.ok(saved.revision > loaded.revision);

  const lieu = (await getLieu(db, placeId))!;
  assert.equal(lieu.data.horaires, 'Mo-Fr 08:30-12:00');
  assert.equal(lieu.data.contact?.telephone, undefined, 'the source’s phone number does not show through');
  assert.deepEqual(lieu.data.contact?.courriels, ['contact@exemple.fr']);
  assert.ok(lieu.data.verified_at, 'saving verifies the place');
  assert.deepEqual(lieu.provenance.horaires, { source: 'passerelle', source_id: placeId });
  assert.deepEqual(lieu.sources.map((s) => s.source).sort(), ['passerelle', 'test-pages'], 'the source record is kept');

  const [entry] = await lieuHistory(db, placeId);
  assert.equal(entry!.action, 'lieu.edit');
  assert.equal(entry!.who, 'claire@exemple.fr');
  assert.deepEqual(entry!.diff.horaires, ['Mo-Fr 09:00-12:00,14:00-17:30; Sa 09:30-12:00; PH off', 'Mo-Fr 08:30-12:00']);
  assert.deepEqual(entry!.diff.contact, [
    { telephone: '+33476000000', courriels: ['contact@exemple.fr'], site_web: ['https://www.exemple.fr'] },
    { courriels: ['contact@exemple.fr'], site_web: ['https://www.exemple.fr'] },
  ]);

  const again = await importFile(db, { path: FIXTURE, source: 'test-pages', actor: 'test' });
  assert.equal(again.updated, 0);
  assert.equal((await getLieu(db, placeId))!.data.horaires, 'Mo-Fr 08:30-12:00', 're-importing the unchanged file keeps the edit');
});

test('the second of two saves on the same version is refused, with what the first changed', async () => {
  const seenByBoth = (await loadEditable(db, placeId))!;
  const first = { ...structuredClone(seenByBoth.data), nom: 'Maison France services d’Échirolles (centre)' };
  await saveLieu(db, manager, { lieuId: placeId, expectedRevision: seenByBoth.revision, loadedAt: seenByBoth.loaded_at, data: first, action: 'lieu.edit' });
  const second = { ...structuredClone(seenByBoth.data), horaires: 'Mo 09:00-10:00' };
  const error = await saveLieu(db, manager, { lieuId: placeId, expectedRevision: seenByBoth.revision, loadedAt: seenByBoth.loaded_at, data: second, action: 'lieu.edit' })
    .then(() => undefined, (e: unknown) => e);
  assert.ok(error instanceof EditConflict);
  assert.equal(error.current.data.nom, 'Maison France services d’Échirolles (centre)');
  assert.deepEqual(error.changes.map((c) => c.diff.nom?.[1]), ['Maison France services d’Échirolles (centre)']);
  assert.equal((await getLieu(db, placeId))!.data.horaires, 'Mo-Fr 08:30-12:00', 'the refused save wrote nothing');
});

test('only the place’s managers, the coordinators of its territory and admins may save it', async () => {
  const loaded = (await loadEditable(db, placeId))!;
  const attempt = (user: User) => saveLieu(db, user, { lieuId: placeId, expectedRevision: loaded.revision, data: loaded.data, action: 'lieu.edit' });
  await assert.rejects(attempt(colleague), EditRefused);
  const savoie = await userForEmail(db, 'coord@savoie.fr');
  await setRole(db, savoie.id, 'coordinator', [{ level: 'departement', code: '73' }]);
  await assert.rejects(attempt((await getUser(db, savoie.id))!), EditRefused);
  const isere = await userForEmail(db, 'coord@isere.fr');
  await setRole(db, isere.id, 'coordinator', [{ level: 'departement', code: '38' }]);
  await attempt((await getUser(db, isere.id))!);
});

test('a change can be reverted, unless one of its fields was changed again since', async () => {
  const loaded = (await loadEditable(db, placeId))!;
  const edited = { ...structuredClone(loaded.data), prise_rdv: 'https://rdv.exemple.fr/nouveau', presentation: { resume: 'Nouveau résumé' } };
  const { revision } = await saveLieu(db, manager, { lieuId: placeId, expectedRevision: loaded.revision, data: edited, action: 'lieu.edit' });
  const editId = (await lieuHistory(db, placeId))[0]!.id;
  await revertChange(db, manager, placeId, editId, revision);
  const lieu = (await getLieu(db, placeId))!;
  assert.equal(lieu.data.prise_rdv, 'https://rdv.exemple.fr/echirolles');
  assert.deepEqual(lieu.data.presentation, loaded.data.presentation);
  const [revert] = await lieuHistory(db, placeId);
  assert.equal(revert!.action, 'lieu.revert');

  const nameChange = (await lieuHistory(db, placeId)).find((e) => e.diff.nom)!;
  const now = (await loadEditable(db, placeId))!;
  await saveLieu(db, manager, { lieuId: placeId, expectedRevision: now.revision, data: { ...now.data, nom: 'Encore un autre nom' }, action: 'lieu.edit' });
  const latest = (await loadEditable(db, placeId))!;
  await assert.rejects(revertChange(db, manager, placeId, nameChange.id, latest.revision), /nom a été modifié depuis/);
});
