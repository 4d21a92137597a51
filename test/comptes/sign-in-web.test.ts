// Signing in by a one-time link, end to end over HTTP (the real app, mails in an outbox folder
// read by the test): CSRF tokens required, the link sent, single use, the session cookie's
// attributes, the account page, signing out everywhere, deleting the account, payloads escaped,
// and the limit on asking for links.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../src/platform/db.ts';
import { buildServer } from '../../src/api/server.ts';
import { outboxMailer, readOutbox, clearOutbox } from '../../src/platform/mail/outbox-mailer.ts';
import { LOGIN_LIMITS } from '../../src/web/comptes/login-limits.ts';
import { openTestDb } from '../support/test-db.ts';

const outbox = mkdtempSync(join(tmpdir(), 'passerelle-outbox-'));
let db: Db;
let app: FastifyInstance;
before(async () => {
  db = await openTestDb();
  app = await buildServer(db, { geocoder: undefined, mailer: outboxMailer({ dir: outbox, from: 'Passerelle <test@passerelle.localhost>' }) });
});
after(async () => {
  await app.close();
  await db.close();
  rmSync(outbox, { recursive: true, force: true });
});

/** A browser's cookie jar, enough for these flows. */
class Browser {
  cookies = new Map<string, string>();
  constructor(readonly ip = '203.0.113.7') {}
  async request(method: 'GET' | 'POST', url: string, form?: Record<string, string>) {
    const response = await app.inject({
      method, url, remoteAddress: this.ip,
      headers: { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '), ...(form && { 'content-type': 'application/x-www-form-urlencoded' }) },
      ...(form && { payload: new URLSearchParams(form).toString() }),
    });
    for (const header of [response.headers['set-cookie'] ?? []].flat()) {
      const [pair] = header.split(';');
      const [name, value] = pair!.split('=');
      if (/Max-Age=0|Expires=Thu, 01 Jan 1970/i.test(header) || value === '') this.cookies.delete(name!);
      else this.cookies.set(name!, value!);
    }
    return response;
  }
  /** The CSRF token of the form on the page. */
  async token(url: string): Promise<string> {
    const page = await this.request('GET', url);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
    assert.ok(token, `a CSRF field on ${url}`);
    return token;
  }
}

async function signIn(browser: Browser, email: string): Promise<string> {
  await clearOutbox(outbox);
  const sent = await browser.request('POST', '/connexion', { _csrf: await browser.token('/connexion'), email });
  assert.equal(sent.statusCode, 303, sent.body);
  assert.equal(sent.headers.location, '/connexion/envoye');
  const [mail] = await readOutbox(outbox);
  assert.ok(mail, 'a mail is in the outbox');
  const link = /http:\/\/localhost(:\d+)?(\/connexion\/lien\?jeton=[A-Za-z0-9_-]{43})/.exec(mail.text)?.[2];
  assert.ok(link, mail.text);
  const confirm = await browser.token(link);
  const jeton = new URL(link, 'http://x').searchParams.get('jeton')!;
  const opened = await browser.request('POST', '/connexion/lien', { _csrf: confirm, jeton });
  assert.equal(opened.statusCode, 303, opened.body);
  assert.equal(opened.headers.location, '/compte');
  return jeton;
}

test('the sign-in link arrives by mail, opens a session once, with a safe cookie', async () => {
  const browser = new Browser();
  await clearOutbox(outbox);
  const refused = await browser.request('POST', '/connexion', { email: 'claire@exemple.fr' });
  assert.equal(refused.statusCode, 403, 'no CSRF token, no mail');
  assert.deepEqual(await readOutbox(outbox), []);
  const jeton = await signIn(browser, 'Claire.Martin@Exemple.fr');
  const [mail] = await readOutbox(outbox);
  assert.equal(mail!.to, 'claire.martin@exemple.fr');
  assert.equal(mail!.subject, 'Votre lien pour vous connecter à Passerelle');
  assert.match(mail!.text, /Ce lien marche une seule fois, pendant 15 minutes\./);
  const account = await browser.request('GET', '/compte');
  assert.equal(account.statusCode, 200);
  assert.match(account.body, /claire\.martin@exemple\.fr/);
  assert.match(account.body, /Responsable de lieu/);
  // The link is single-use, even from another browser.
  const other = new Browser('203.0.113.8');
  const again = await other.request('POST', '/connexion/lien', { _csrf: await other.token(`/connexion/lien?jeton=${jeton}`), jeton });
  assert.equal(again.statusCode, 400);
  assert.match(again.body, /Ce lien de connexion a déjà servi/);
  assert.equal((await other.request('GET', '/compte')).statusCode, 303);
});

test('the session cookie is HttpOnly, SameSite=Lax, for the whole site, and only a hash is stored', async () => {
  const browser = new Browser();
  await clearOutbox(outbox);
  await browser.request('POST', '/connexion', { _csrf: await browser.token('/connexion'), email: 'cookie@exemple.fr' });
  const [mail] = await readOutbox(outbox);
  const jeton = /jeton=([A-Za-z0-9_-]+)/.exec(mail!.text)![1]!;
  const opened = await app.inject({
    method: 'POST', url: '/connexion/lien', headers: { cookie: [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: await browser.token(`/connexion/lien?jeton=${jeton}`), jeton }).toString(),
  });
  const cookie = [opened.headers['set-cookie']].flat().find((c) => c?.startsWith('passerelle_session='))!;
  assert.match(cookie, /; HttpOnly/);
  assert.match(cookie, /; SameSite=Lax/);
  assert.match(cookie, /; Path=\//);
  assert.match(cookie, /; Max-Age=1209600/, '14 days');
  const secret = /^passerelle_session=([^;]+)/.exec(cookie)![1]!;
  const [found] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM sessions WHERE id_hash = $1', [secret]);
  assert.equal(found!.n, 0);
});

test('forms of a signed-in person need their session token; signing out everywhere closes every session', async () => {
  const phone = new Browser();
  await signIn(phone, 'partout@exemple.fr');
  const office = new Browser('198.51.100.2');
  await signIn(office, 'partout@exemple.fr');
  const forged = await phone.request('POST', '/deconnexion/partout', { _csrf: 'x'.repeat(32) });
  assert.equal(forged.statusCode, 403);
  assert.equal((await office.request('GET', '/compte')).statusCode, 200);
  const out = await phone.request('POST', '/deconnexion/partout', { _csrf: await phone.token('/compte') });
  assert.equal(out.statusCode, 200);
  assert.match(out.body, /Vous êtes déconnecté sur tous vos appareils/);
  assert.equal((await office.request('GET', '/compte')).statusCode, 303, 'the other device is signed out too');
  assert.equal((await phone.request('GET', '/compte')).headers.location, '/connexion');
});

test('a name with markup is shown as text; deleting the account erases it', async () => {
  const browser = new Browser();
  await signIn(browser, 'efface@exemple.fr');
  await browser.request('POST', '/compte/nom', { _csrf: await browser.token('/compte'), nom: '<script>alert(1)</script> Zoé' });
  const account = await browser.request('GET', '/compte');
  assert.ok(!account.body.includes('<script>alert(1)</script>'));
  assert.match(account.body, /value="&lt;script&gt;alert\(1\)&lt;\/script&gt; Zoé"/);
  const unconfirmed = await browser.request('POST', '/compte/supprimer', { _csrf: await browser.token('/compte') });
  assert.equal(unconfirmed.statusCode, 400);
  const deleted = await browser.request('POST', '/compte/supprimer', { _csrf: await browser.token('/compte'), confirmer: 'oui' });
  assert.equal(deleted.statusCode, 200);
  assert.match(deleted.body, /Votre compte est supprimé/);
  const [left] = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM users WHERE email = 'efface@exemple.fr'");
  assert.equal(left!.n, 0);
  assert.equal((await browser.request('GET', '/compte')).statusCode, 303);
});

test('asking for links is limited per address: the next one is refused with a French page and Retry-After', async () => {
  const browser = new Browser('192.0.2.44');
  const token = await browser.token('/connexion');
  for (let i = 0; i < LOGIN_LIMITS.perEmail.limit; i++) {
    assert.equal((await browser.request('POST', '/connexion', { _csrf: token, email: 'limite@exemple.fr' })).statusCode, 303);
  }
  const refused = await browser.request('POST', '/connexion', { _csrf: token, email: 'limite@exemple.fr' });
  assert.equal(refused.statusCode, 429);
  assert.ok(Number(refused.headers['retry-after']) > 0);
  assert.match(refused.body, /Trop de tentatives/);
  // Another address from the same network is still served.
  assert.equal((await browser.request('POST', '/connexion', { _csrf: token, email: 'autre@exemple.fr' })).statusCode, 303);
});

test('a wrong address is explained next to the field, and no mail is sent', async () => {
  const browser = new Browser();
  await clearOutbox(outbox);
  const response = await browser.request('POST', '/connexion', { _csrf: await browser.token('/connexion'), email: 'claire-at-exemple' });
  assert.equal(response.statusCode, 400);
  assert.match(response.body, /id="email-erreur">Écrivez une adresse e-mail complète/);
  assert.match(response.body, /aria-invalid="true"/);
  assert.deepEqual(await readOutbox(outbox), []);
});
