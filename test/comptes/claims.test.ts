// Claiming a place (issue 4): accepted at once when the e-mail domain is the place's (site or
// e-mail, subdomains too), never for public mail providers; otherwise pending until a
// coordinator of the place's territory decides; other coordinators cannot. Then end to end over
// HTTP: sign in, claim, the place appears in the account; the coordinator accepts a pending one.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../src/platform/db.ts';
import { importFile } from '../../src/lieux/import/import-file.ts';
import { getLieu } from '../../src/lieux/store/read-lieux.ts';
import { ClaimRefused, decideClaim, domainMatches, pendingClaimsFor, requestClaim } from '../../src/comptes/claims.ts';
import { getUser, setRole, userForEmail } from '../../src/comptes/users.ts';
import { openSession } from '../../src/comptes/sessions.ts';
import { buildServer } from '../../src/api/server.ts';
import { outboxMailer } from '../../src/platform/mail/outbox-mailer.ts';
import { openTestDb } from '../support/test-db.ts';

// page-1: Maison France services d'Échirolles, contact@exemple.fr, https://www.exemple.fr.
const FIXTURE = fileURLToPath(new URL('../browser/fixtures/lieux-pages.csv', import.meta.url));
const outbox = mkdtempSync(join(tmpdir(), 'passerelle-outbox-'));
let db: Db;
let app: FastifyInstance;
let placeId = '';
before(async () => {
  db = await openTestDb();
  await importFile(db, { path: FIXTURE, source: 'test-pages', actor: 'test' });
  placeId = (await db.query<{ lieu_id: string }>("SELECT lieu_id FROM source_records WHERE source_id = 'page-1'"))[0]!.lieu_id;
  app = await buildServer(db, { geocoder: undefined, mailer: outboxMailer({ dir: outbox, from: 'test@passerelle.localhost' }) });
});
after(async () => {
  await app.close();
  await db.close();
  rmSync(outbox, { recursive: true, force: true });
});

test('which e-mail domains prove someone belongs to the structure', () => {
  const data = { contact: { site_web: ['https://www.mairie-echirolles.fr/ccas'], courriels: ['accueil@france-services.fr', 'jean.dupont@gmail.com'] } };
  assert.equal(domainMatches('claire@mairie-echirolles.fr', data), true);
  assert.equal(domainMatches('claire@ccas.mairie-echirolles.fr', data), true, 'a subdomain of the site');
  assert.equal(domainMatches('Claire@France-Services.FR', data), true, 'the domain of its e-mail, any case');
  assert.equal(domainMatches('quelquun@gmail.com', data), false, 'a public provider proves nothing, even listed');
  assert.equal(domainMatches('claire@echirolles.fr', data), false);
  assert.equal(domainMatches('claire@mairie-echirolles.fr.evil.com', data), false);
  assert.equal(domainMatches('claire@mairie-echirolles.fr', { contact: {} }), false);
});

test('same domain: managed at once; another domain: pending, decided only by a coordinator of the territory', async () => {
  const lieu = (await getLieu(db, placeId))!;
  const insider = await userForEmail(db, 'responsable@exemple.fr');
  assert.equal(await requestClaim(db, insider, lieu), 'accepted');
  assert.deepEqual((await getUser(db, insider.id))!.lieux, [placeId]);
  assert.equal(await requestClaim(db, (await getUser(db, insider.id))!, lieu), 'already');

  const outsider = await userForEmail(db, 'benevole@association-exemple.org');
  assert.equal(await requestClaim(db, outsider, lieu), 'pending');
  assert.equal(await requestClaim(db, outsider, lieu), 'pending', 'asking twice keeps one request');
  assert.deepEqual((await getUser(db, outsider.id))!.lieux, []);

  const savoie = await userForEmail(db, 'coord@savoie.fr');
  await setRole(db, savoie.id, 'coordinator', [{ level: 'departement', code: '73' }]);
  const savoieUser = (await getUser(db, savoie.id))!;
  assert.deepEqual(await pendingClaimsFor(db, savoieUser), []);
  const [pendingId] = (await db.query<{ id: string }>("SELECT id FROM claims WHERE status = 'pending'")).map((r) => r.id);
  await assert.rejects(decideClaim(db, savoieUser, pendingId!, { accept: true }), ClaimRefused);

  const isere = await userForEmail(db, 'coord@isere.fr');
  await setRole(db, isere.id, 'coordinator', [{ level: 'departement', code: '38' }]);
  const isereUser = (await getUser(db, isere.id))!;
  assert.deepEqual((await pendingClaimsFor(db, isereUser)).map((c) => c.email), ['benevole@association-exemple.org']);
  await decideClaim(db, isereUser, pendingId!, { accept: true });
  assert.deepEqual((await getUser(db, outsider.id))!.lieux, [placeId]);
  const [decided] = await db.query<{ status: string; decided_how: string; decided_by: string }>('SELECT status, decided_how, decided_by FROM claims WHERE id = $1', [pendingId]);
  assert.deepEqual(decided, { status: 'accepted', decided_how: 'coordinator', decided_by: isere.id });
  await assert.rejects(decideClaim(db, isereUser, pendingId!, { accept: false }), ClaimRefused, 'a decided claim stays decided');
});

test('over HTTP: a signed-in manager claims the place from its page; without an account, the sign-in page first', async () => {
  const anonymous = await app.inject({ url: `/lieux/${placeId}/gerer` });
  assert.equal(anonymous.statusCode, 303);
  assert.equal(anonymous.headers.location, '/connexion');
  const user = await userForEmail(db, 'directrice@exemple.fr');
  const cookie = `passerelle_session=${await openSession(db, user.id)}`;
  const form = await app.inject({ url: `/lieux/${placeId}/gerer`, headers: { cookie } });
  const token = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
  const forged = await app.inject({ method: 'POST', url: `/lieux/${placeId}/gerer`, headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: '_csrf=forged' });
  assert.equal(forged.statusCode, 403);
  const claimed = await app.inject({ method: 'POST', url: `/lieux/${placeId}/gerer`, headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: `_csrf=${token}` });
  assert.equal(claimed.statusCode, 200);
  assert.match(claimed.body, /Vous gérez maintenant ce lieu/);
  const account = await app.inject({ url: '/compte', headers: { cookie } });
  assert.match(account.body, /Maison France services d&#39;Échirolles|Maison France services d'Échirolles/);
  // A manager is refused the moderation page.
  assert.equal((await app.inject({ url: '/moderation/demandes', headers: { cookie } })).statusCode, 403);
});
