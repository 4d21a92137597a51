// The permission matrix on the server's routes (issue 4): every role × every action that has a
// route, allowed and refused over HTTP, on a place of Échirolles (Isère). test/comptes/permissions.test.ts
// holds the whole matrix of `can`; here each web action is tried for real by each role, so a
// route that forgot its check shows. `import` and `manage_users` have no web route at all: they
// are operators' commands (`passerelle import`, `passerelle comptes`) on the server itself, which
// the last test checks.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../src/platform/db.ts';
import { importFile } from '../../src/lieux/import/import-file.ts';
import { addManagedLieu, setRole, userForEmail, type Role } from '../../src/comptes/users.ts';
import { openSession } from '../../src/comptes/sessions.ts';
import { buildServer } from '../../src/api/server.ts';
import { insertReport } from '../../src/contribution/moderation.ts';
import { loadEditable } from '../../src/contribution/edit-lieu.ts';
import { fieldsFromLieu } from '../../src/web/contribution/lieu-form.ts';
import { openTestDb } from '../support/test-db.ts';

const FIXTURE = fileURLToPath(new URL('../browser/fixtures/lieux-pages.csv', import.meta.url));
let db: Db;
let app: FastifyInstance;
let placeId = '';
const cookies: Record<string, string | undefined> = { visitor: undefined };

type Who = 'visitor' | 'own manager' | 'other manager' | 'coordinator of Isère' | 'coordinator of Savoie' | 'admin';
const PEOPLE: [Who, Role, { departement?: string; manages?: boolean }][] = [
  ['own manager', 'manager', { manages: true }],
  ['other manager', 'manager', {}],
  ['coordinator of Isère', 'coordinator', { departement: '38' }],
  ['coordinator of Savoie', 'coordinator', { departement: '73' }],
  ['admin', 'admin', {}],
];

before(async () => {
  db = await openTestDb();
  await importFile(db, { path: FIXTURE, source: 'test-pages', actor: 'test' });
  placeId = (await db.query<{ lieu_id: string }>("SELECT lieu_id FROM source_records WHERE source_id = 'page-1'"))[0]!.lieu_id;
  app = await buildServer(db, { geocoder: undefined });
  for (const [who, role, { departement, manages }] of PEOPLE) {
    const user = await userForEmail(db, `${who.replaceAll(' ', '.').replace('è', 'e')}@exemple.org`);
    await setRole(db, user.id, role, departement ? [{ level: 'departement', code: departement }] : []);
    if (manages) await addManagedLieu(db, user.id, placeId);
    cookies[who] = `passerelle_session=${await openSession(db, user.id)}`;
  }
});
after(async () => {
  await app.close();
  await db.close();
});

/**
 * What the server answered, in three words: allowed, refused (403/404), or sent to sign in. A POST
 * carries the CSRF token a browser would have: the one of `formPage` (the page holding the form).
 */
async function outcome(who: Who, method: 'GET' | 'POST', url: string, fields: Record<string, string | string[]> = {}, formPage?: string): Promise<'allowed' | 'refused' | 'sign in'> {
  const session = cookies[who];
  let cookie = session;
  let token = '';
  if (method === 'POST') {
    const page = await app.inject({ url: formPage ?? (session ? '/compte' : '/lieux/proposer'), headers: session ? { cookie: session } : {} });
    token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    cookie = [session, ...[page.headers['set-cookie'] ?? []].flat().map((c) => c.split(';')[0])].filter(Boolean).join('; ');
  }
  const pairs = Object.entries({ ...fields, _csrf: token }).flatMap(([k, v]) => (v === undefined ? [] : Array.isArray(v) ? v : [v]).map((x) => [k, x]));
  const response = await app.inject({
    method, url, headers: { ...(cookie && { cookie }), ...(method === 'POST' && { 'content-type': 'application/x-www-form-urlencoded' }) },
    ...(method === 'POST' && { payload: new URLSearchParams(pairs).toString() }),
  });
  if (response.statusCode === 303 && response.headers.location === '/connexion') return 'sign in';
  if (response.statusCode === 403 || response.statusCode === 404) return 'refused';
  assert.ok(response.statusCode < 400, `${who} ${method} ${url}: ${response.statusCode} ${response.body.slice(response.body.indexOf('error-summary'), response.body.indexOf('error-summary') + 600)}`);
  return 'allowed';
}

const EVERYONE: Who[] = ['visitor', 'own manager', 'other manager', 'coordinator of Isère', 'coordinator of Savoie', 'admin'];
function expect(allowed: Who[], signIn: Who[] = ['visitor']): Record<Who, string> {
  return Object.fromEntries(EVERYONE.map((w) => [w, allowed.includes(w) ? 'allowed' : signIn.includes(w) ? 'sign in' : 'refused'])) as Record<Who, string>;
}

test('read: the place page and the open-data API, for everyone', async () => {
  for (const who of EVERYONE) {
    assert.equal(await outcome(who, 'GET', `/lieux/${placeId}`), 'allowed', who);
    assert.equal(await outcome(who, 'GET', `/api/v1/lieux/${placeId}`), 'allowed', who);
  }
});

test('suggest: reporting an error and proposing a place, for everyone', async () => {
  for (const who of EVERYONE) {
    assert.equal(await outcome(who, 'POST', `/lieux/${placeId}/signaler`, { erreur: 'horaires', message: who }, `/lieux/${placeId}/signaler`), 'allowed', who);
    assert.equal(await outcome(who, 'POST', '/lieux/proposer', { nom: `Lieu proposé par ${who}`, adresse: '1 rue de la Paix', code_postal: '38130', commune: 'Échirolles' }, '/lieux/proposer'), 'allowed', who);
  }
});

test('edit: the form, the save and the history, for the place’s manager, the coordinator of Isère and admins', async () => {
  const expected = expect(['own manager', 'coordinator of Isère', 'admin']);
  for (const who of EVERYONE) {
    assert.equal(await outcome(who, 'GET', `/lieux/${placeId}/modifier`), expected[who], `form, ${who}`);
    assert.equal(await outcome(who, 'GET', `/lieux/${placeId}/historique`), expected[who], `history, ${who}`);
    const place = (await loadEditable(db, placeId))!;
    const save = { ...fieldsFromLieu(place.data), revision: String(place.revision), charge_le: place.loaded_at, presentation_resume: `Écrit par ${who}` } as Record<string, string | string[]>;
    assert.equal(await outcome(who, 'POST', `/lieux/${placeId}/modifier`, save), expected[who], `save, ${who}`);
    const written = (await loadEditable(db, placeId))!.data.presentation?.resume === `Écrit par ${who}`;
    assert.equal(written, expected[who] === 'allowed', `saved by ${who}?`);
  }
});

test('moderate: the queues and the decisions, for the coordinator of Isère and admins', async () => {
  const queue = expect(['coordinator of Isère', 'coordinator of Savoie', 'admin']); // Savoie sees her (empty) queue
  for (const who of EVERYONE) assert.equal(await outcome(who, 'GET', '/moderation', {}), queue[who], `queue, ${who}`);
  const decide = expect(['coordinator of Isère', 'admin']);
  for (const who of EVERYONE) {
    const report = await insertReport(db, { lieuId: placeId, kind: 'autre', message: 'à traiter' });
    assert.equal(await outcome(who, 'POST', `/moderation/signalements/${report}`, { decision: 'rejeter', raison: 'Test' }), decide[who], `decision, ${who}`);
    const [row] = await db.query<{ status: string }>('SELECT status FROM signalements WHERE id = $1', [report]);
    assert.equal(row!.status, decide[who] === 'allowed' ? 'rejected' : 'new', `report decided by ${who}?`);
  }
});

test('export: the dashboard export for coordinators (their territories) and admins; the open data for everyone', async () => {
  const expected = expect(['coordinator of Isère', 'coordinator of Savoie', 'admin']);
  for (const who of EVERYONE) {
    assert.equal(await outcome(who, 'GET', '/tableau-de-bord/export.csv'), expected[who], who);
    assert.equal(await outcome(who, 'GET', '/api/v1/lieux/export?format=geojson'), 'allowed', who);
  }
  const savoie = await app.inject({ url: '/tableau-de-bord/export.csv', headers: { cookie: cookies['coordinator of Savoie']! } });
  assert.doesNotMatch(savoie.body, /Échirolles/, 'not a place of her territory');
});

test('import and manage users: no route on the web or the API, whoever asks', async () => {
  for (const who of EVERYONE) {
    for (const url of ['/api/v1/import', '/api/v1/lieux/import', '/api/v1/comptes', '/admin', '/admin/comptes']) {
      const response = await app.inject({ method: 'POST', url, headers: cookies[who] ? { cookie: cookies[who]! } : {} });
      assert.equal(response.statusCode, 404, `${who} ${url}`);
    }
  }
});
