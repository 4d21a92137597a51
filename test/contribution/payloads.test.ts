// All user text is rendered escaped (issue 4, quality bar): HTML/script payloads pushed through
// every field of the place form, the proposal form and the report form come back escaped on every
// page that shows them: the form with its errors, the public page, the history, the moderation
// queue and the proposal review.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../src/platform/db.ts';
import { importFile } from '../../src/lieux/import/import-file.ts';
import { addManagedLieu, setRole, userForEmail } from '../../src/comptes/users.ts';
import { openSession } from '../../src/comptes/sessions.ts';
import { buildServer } from '../../src/api/server.ts';
import { loadEditable } from '../../src/contribution/edit-lieu.ts';
import { fieldsFromLieu, type FormFields } from '../../src/web/contribution/lieu-form.ts';
import { SUGGESTION_FIELDS } from '../../src/web/contribution/suggest-page.ts';
import { formCredentials, postForm } from '../support/forms.ts';
import { openTestDb } from '../support/test-db.ts';

const FIXTURE = fileURLToPath(new URL('../browser/fixtures/lieux-pages.csv', import.meta.url));
const PAYLOAD = `<script>alert("x")</script>"><img src=x onerror=alert(1)>`;
const UNSAFE = [/<script>alert/, /<img src=x/, /onerror=alert\(1\)>/];
let db: Db;
let app: FastifyInstance;
let placeId = '';
let manager = '';
let coordinator = '';

before(async () => {
  db = await openTestDb();
  await importFile(db, { path: FIXTURE, source: 'test-pages', actor: 'test' });
  placeId = (await db.query<{ lieu_id: string }>("SELECT lieu_id FROM source_records WHERE source_id = 'page-1'"))[0]!.lieu_id;
  app = await buildServer(db, { geocoder: undefined });
  const m = await userForEmail(db, 'claire@exemple.fr');
  await addManagedLieu(db, m.id, placeId);
  manager = `passerelle_session=${await openSession(db, m.id)}`;
  const c = await userForEmail(db, 'coord@isere.fr');
  await setRole(db, c.id, 'coordinator', [{ level: 'departement', code: '38' }]);
  coordinator = `passerelle_session=${await openSession(db, c.id)}`;
});
after(async () => {
  await app.close();
  await db.close();
});

const get = (url: string, cookie?: string) => app.inject({ url, headers: cookie ? { cookie } : {} });
function post(url: string, cookie: string, fields: FormFields) {
  const pairs = Object.entries(fields).flatMap(([k, v]) => (v === undefined ? [] : (Array.isArray(v) ? v : [v]).map((x) => [k, x])));
  return app.inject({ method: 'POST', url, payload: new URLSearchParams(pairs).toString(), headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' } });
}
function assertEscaped(body: string, where: string) {
  for (const pattern of UNSAFE) assert.doesNotMatch(body, pattern, where);
}
async function hidden(url: string, cookie: string): Promise<Record<string, string>> {
  const body = (await get(url, cookie)).body;
  return Object.fromEntries([...body.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1]!, m[2]!]));
}

/** Every field name of the form on the page, hidden ones excepted. */
async function formFieldNames(url: string, cookie: string): Promise<string[]> {
  const body = (await get(url, cookie)).body;
  return [...new Set([...body.matchAll(/<(?:input|textarea) type="(?!hidden)[^"]*" id="[^"]*" name="([^"]+)"|<textarea id="[^"]*" name="([^"]+)"/g)].map((m) => m[1] ?? m[2]!))];
}

test('the place form: the payload in every field, then in every field that accepts it; escaped everywhere', async () => {
  const url = `/lieux/${placeId}/modifier`;
  const names = await formFieldNames(url, manager);
  assert.ok(names.length > 30, `${names.length} fields`);
  const everywhere: FormFields = { ...fieldsFromLieu((await loadEditable(db, placeId))!.data), ...(await hidden(url, manager)) };
  for (const name of names) everywhere[name] = PAYLOAD;
  const refused = await post(url, manager, everywhere);
  assert.equal(refused.statusCode, 400);
  assertEscaped(refused.body, 'form with errors');
  assert.match(refused.body, /&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt;/, 'the typed value is shown back, escaped');

  // Then the payload in every field that takes free text: the fields refused are set back, until the save passes.
  let accepted = names.filter((n) => !n.startsWith('h_') && !['kind', 'status', 'passages'].includes(n) && !/^passage_[1-9]/.test(n));
  let saved;
  for (let round = 0; round < 6; round++) {
    const fields: FormFields = { ...fieldsFromLieu((await loadEditable(db, placeId))!.data), ...(await hidden(url, manager)) };
    for (const name of accepted) fields[name] = PAYLOAD;
    // A stop needs a real commune and hours; its place carries the payload.
    fields.passage_0_commune = '38151';
    fields.passage_0_horaires = 'Fr[1] 17:00-19:00';
    saved = await post(url, manager, fields);
    assertEscaped(saved.body, `form, round ${round}`);
    if (saved.statusCode !== 400) break;
    const refusedNow = new Set([...saved.body.matchAll(/id="([a-z_0-9]+)-erreur"/g)].map((m) => m[1]!));
    accepted = accepted.filter((n) => !refusedNow.has(n) && !(n === 'latitude' && refusedNow.has('longitude')) && !(n === 'longitude' && refusedNow.has('latitude')));
  }
  assert.equal(saved!.statusCode, 303);
  for (const field of ['nom', 'presentation_resume', 'presentation_detail', 'structure_parente', 'complement_adresse', 'autres_formations_labels', 'passage_0_lieu']) {
    assert.ok(accepted.includes(field), `${field} accepts free text`);
  }
  const place = await get(`/lieux/${placeId}`);
  assertEscaped(place.body, 'public page');
  assert.match(place.body, /&lt;script&gt;alert/);
  assertEscaped((await get(url, manager)).body, 'form');
  assertEscaped((await get(`/lieux/${placeId}/historique`, manager)).body, 'history');
  assertEscaped((await get('/compte', manager)).body, 'account');
  assertEscaped((await get(`/recherche?ou=38130`)).body, 'results');
});

test('the proposal and report forms: escaped in the form, the moderation queue and the review page', async () => {
  const credentials = await formCredentials(app, '/lieux/proposer');
  const all = Object.fromEntries([...SUGGESTION_FIELDS, 'message'].map((f) => [f, PAYLOAD]));
  const refused = await postForm(app, '/lieux/proposer', all, credentials);
  assert.equal(refused.statusCode, 400);
  assertEscaped(refused.body, 'proposal form');
  const sent = await postForm(app, '/lieux/proposer', {
    nom: PAYLOAD, adresse: '2 rue Jean Jaurès', code_postal: '38130', commune: 'Échirolles', presentation_resume: PAYLOAD, message: PAYLOAD,
  }, credentials);
  assert.equal(sent.statusCode, 303);
  const report = await formCredentials(app, `/lieux/${placeId}/signaler`);
  assert.equal((await postForm(app, `/lieux/${placeId}/signaler`, { erreur: 'autre', message: PAYLOAD }, report)).statusCode, 303);

  const queue = await get('/moderation', coordinator);
  assertEscaped(queue.body, 'moderation queue');
  assert.match(queue.body, /&lt;script&gt;alert/);
  const review = /href="(\/moderation\/propositions\/[0-9a-f-]+)"/.exec(queue.body)![1]!;
  assertEscaped((await get(review, coordinator)).body, 'review');
  assertEscaped((await get(`/lieux/${placeId}/modifier?signalement=1`, coordinator)).body, 'form opened from the report');
});
