// Freshness reminders (issue 4, point 5): managers get a reminder by e-mail when their place was not
// verified for N months, with a one-click "still correct" link. Each manager of a stale place is
// mailed once per period, even by two sweeps at once, and again only once the place is re-verified
// and stale again; closed, merged and unmanaged places are not; opening the link changes nothing,
// its button verifies the place once (logged as 'lieu.verify' by that manager); an expired link,
// or a person who no longer manages the place, is refused; a failed mail is retried, not lost.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../src/platform/db.ts';
import { pinClock } from '../../src/platform/clock.ts';
import { loadConfig } from '../../src/app/config.ts';
import { MailUnavailableError, type Mailer } from '../../src/platform/mail/mailer.ts';
import { outboxMailer, readOutbox, type StoredMail } from '../../src/platform/mail/outbox-mailer.ts';
import { importFile } from '../../src/lieux/import/import-file.ts';
import { getLieu } from '../../src/lieux/store/read-lieux.ts';
import { addManagedLieu, getUser, userForEmail } from '../../src/comptes/users.ts';
import { loadEditable, saveLieu } from '../../src/contribution/edit-lieu.ts';
import { MAX_ATTEMPTS, sendDueReminders } from '../../src/contribution/reminders.ts';
import { reminderIntervalMinutes, startReminderSweep } from '../../src/contribution/reminder-sweep.ts';
import { commands } from '../../src/cli/reminder-command.ts';
import type { CliContext } from '../../src/cli/main.ts';
import { buildServer } from '../../src/api/server.ts';
import { openTestDb } from '../support/test-db.ts';
import { formCredentials, postForm } from '../support/forms.ts';

const PAGES = fileURLToPath(new URL('../browser/fixtures/lieux-pages.csv', import.meta.url));
const FICHES = fileURLToPath(new URL('../browser/fixtures/fiche-lieux.csv', import.meta.url));
const PUBLIC = 'https://passerelle.exemple.fr';
const MONTHS = 6;
const outbox = mkdtempSync(join(tmpdir(), 'passerelle-outbox-'));
const mailer = outboxMailer({ dir: outbox, from: 'test@passerelle.localhost' });
const failing: Mailer = { send: async () => { throw new MailUnavailableError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNECTION' })); } };

let db: Db;
let app: FastifyInstance;
const ids: Record<string, string> = {};
let claire = '';
let paul = '';

const at = (iso: string) => {
  const instant = new Date(iso);
  pinClock(instant);
  return instant;
};
const sweep = (now: Date, using: Mailer = mailer) => sendDueReminders(db, using, { months: MONTHS, publicUrl: PUBLIC, now });
const tokenOf = (mail: StoredMail) => new RegExp(`${PUBLIC}/verification/([A-Za-z0-9_-]+)`).exec(mail.text)![1]!;
const mailsTo = async (email: string) => (await readOutbox(outbox)).filter((m) => m.to === email);
const remindersOf = (lieu: string) => db.query<{ email: string; due_on: string; sent: boolean }>(
  'SELECT u.email, r.due_on::text AS due_on, r.sent_at IS NOT NULL AS sent FROM freshness_reminders r JOIN users u ON u.id = r.user_id WHERE r.lieu_id = $1 ORDER BY r.due_on, u.email',
  [lieu],
);
const verifyLogs = (lieu: string) => db.query<{ actor: string }>("SELECT actor FROM change_log WHERE lieu_id = $1 AND action = 'lieu.verify' ORDER BY id", [lieu]);

before(async () => {
  db = await openTestDb();
  await importFile(db, { path: PAGES, source: 'test-pages', actor: 'test' });
  await importFile(db, { path: FICHES, source: 'test-fiches', actor: 'test' });
  for (const r of await db.query<{ source_id: string; lieu_id: string }>('SELECT source_id, lieu_id FROM source_records')) ids[r.source_id] = r.lieu_id;
  claire = (await userForEmail(db, 'claire@exemple.fr')).id;
  paul = (await userForEmail(db, 'paul@exemple.fr')).id;
  // page-1 (verified 15 June 2024) has two managers; page-2 is closed; xss-1 was merged into
  // fiche-1, which nobody manages; fiche-2 was verified on 1 December 2024.
  for (const lieu of ['page-1', 'page-2', 'xss-1', 'fiche-2']) await addManagedLieu(db, claire, ids[lieu]!);
  await addManagedLieu(db, paul, ids['page-1']!);
  await db.query("UPDATE lieux SET status = 'closed' WHERE id = $1", [ids['page-2']]);
  await db.query('UPDATE lieux SET merged_into = $2 WHERE id = $1', [ids['xss-1'], ids['fiche-1']]);
  at('2024-12-01T10:00:00Z');
  const fiche2 = (await loadEditable(db, ids['fiche-2']!))!;
  await saveLieu(db, (await getUser(db, claire))!, { lieuId: ids['fiche-2']!, expectedRevision: undefined, data: fiche2.data, action: 'lieu.verify' });
  app = await buildServer(db, { geocoder: undefined, mailer });
});
after(async () => {
  pinClock(undefined);
  await app.close();
  await db.close();
  rmSync(outbox, { recursive: true, force: true });
});

test('each manager of a place not verified for 6 months gets one reminder, even when two sweeps run at once', async () => {
  const now = at('2025-01-10T09:00:00Z');
  const [a, b] = await Promise.all([sweep(now), sweep(now)]);
  assert.equal(a.sent + b.sent, 2);
  const mails = await readOutbox(outbox);
  assert.deepEqual(mails.map((m) => m.to).sort(), ['claire@exemple.fr', 'paul@exemple.fr']);
  const mail = mails[0]!;
  assert.equal(mail.subject, 'Les informations de « Maison France services d\'Échirolles » sont-elles toujours à jour ?');
  assert.match(mail.text, /confirmées pour la dernière fois le 15 juin 2024/);
  assert.match(mail.text, new RegExp(`${PUBLIC}/verification/[A-Za-z0-9_-]{43}\\n`));
  assert.ok(mail.text.includes(`${PUBLIC}/lieux/${ids['page-1']}/modifier`));
  assert.deepEqual(await remindersOf(ids['page-1']!), [
    { email: 'claire@exemple.fr', due_on: '2024-12-15', sent: true },
    { email: 'paul@exemple.fr', due_on: '2024-12-15', sent: true },
  ]);
  assert.deepEqual(await sweep(at('2025-01-20T09:00:00Z')), { due: 0, sent: 0, failed: 0 }, 'not reminded twice in the same period');
});

test('closed, merged and unmanaged places, and places verified recently, are not reminded', async () => {
  const reminded = await db.query<{ lieu_id: string }>('SELECT DISTINCT lieu_id FROM freshness_reminders');
  assert.deepEqual(reminded.map((r) => r.lieu_id), [ids['page-1']]);
});

test('opening the link changes nothing; its button verifies the place once, as done by its manager', async () => {
  const token = tokenOf((await mailsTo('claire@exemple.fr'))[0]!);
  const before = (await getLieu(db, ids['page-1']!))!.data.verified_at;
  const opened = await app.inject({ url: `/verification/${token}` });
  assert.equal(opened.statusCode, 200);
  assert.match(opened.body, /<meta name="robots" content="noindex">/);
  assert.match(opened.body, /Maison France services d&#39;Échirolles/);
  assert.match(opened.body, /1 place des Écrins/);
  assert.match(opened.body, /Du lundi au vendredi/);
  assert.match(opened.body, /Oui, ces informations sont toujours correctes/);
  assert.ok(opened.body.includes(`href="/lieux/${ids['page-1']}/modifier">Non, je les corrige`));
  assert.equal((await getLieu(db, ids['page-1']!))!.data.verified_at, before, 'a GET (a mail scanner) verifies nothing');

  assert.equal((await postForm(app, `/verification/${token}`, {})).statusCode, 403, 'no CSRF token, no verification');
  const credentials = await formCredentials(app, `/verification/${token}`);
  at('2025-01-20T09:00:00Z');
  const answers = await Promise.all([postForm(app, `/verification/${token}`, {}, credentials), postForm(app, `/verification/${token}`, {}, credentials)]);
  assert.deepEqual(answers.map((r) => r.statusCode).sort(), [200, 410], 'two clicks at once: one verification');
  assert.match(answers.find((r) => r.statusCode === 200)!.body, /Merci : le lieu est marqué vérifié le 20 janvier 2025/);
  assert.match(answers.find((r) => r.statusCode === 410)!.body, /déjà servi/);

  assert.equal((await getLieu(db, ids['page-1']!))!.data.verified_at, '2025-01-20T09:00:00.000Z');
  assert.deepEqual((await verifyLogs(ids['page-1']!)).map((l) => l.actor), [`user:${claire}`]);
  assert.equal((await app.inject({ url: `/verification/${token}` })).statusCode, 410, 'a used link stays used');
});

test('a re-verified place is reminded again only once it is stale again', async () => {
  // fiche-2, verified on 1 December 2024, is due on 1 June 2025; page-1, verified on 20 January, on 20 July.
  const june = await sweep(at('2025-06-10T09:00:00Z'));
  assert.deepEqual(june, { due: 1, sent: 1, failed: 0 });
  assert.equal((await readOutbox(outbox)).at(-1)!.subject, 'Les informations de « Association Solidarité Numérique du Grésivaudan et des Balcons de Belledonne » sont-elles toujours à jour ?');
  assert.deepEqual(await sweep(at('2025-07-21T09:00:00Z')), { due: 2, sent: 2, failed: 0 });
  assert.deepEqual((await remindersOf(ids['page-1']!)).map((r) => `${r.email} ${r.due_on}`), [
    'claire@exemple.fr 2024-12-15', 'paul@exemple.fr 2024-12-15', 'claire@exemple.fr 2025-07-20', 'paul@exemple.fr 2025-07-20',
  ]);
});

test('an expired link is refused', async () => {
  const first = tokenOf((await mailsTo('paul@exemple.fr'))[0]!); // sent on 10 January, valid 30 days
  const opened = await app.inject({ url: `/verification/${first}` });
  assert.equal(opened.statusCode, 410);
  assert.match(opened.body, /trop ancien : il ne marche que 30 jours/);
  const credentials = await formCredentials(app, `/verification/${tokenOf((await mailsTo('paul@exemple.fr')).at(-1)!)}`);
  assert.equal((await postForm(app, `/verification/${first}`, {}, credentials)).statusCode, 410);
  assert.equal((await app.inject({ url: '/verification/inconnu' })).statusCode, 404);
});

test('someone who no longer manages the place cannot verify it with an old link', async () => {
  const token = tokenOf((await mailsTo('paul@exemple.fr')).at(-1)!);
  const credentials = await formCredentials(app, `/verification/${token}`);
  await db.query('DELETE FROM user_lieux WHERE user_id = $1', [paul]);
  const before = (await getLieu(db, ids['page-1']!))!.data.verified_at;
  const refused = await postForm(app, `/verification/${token}`, {}, credentials);
  assert.equal(refused.statusCode, 403);
  assert.match(refused.body, /Vous ne gérez plus ce lieu/);
  assert.equal((await getLieu(db, ids['page-1']!))!.data.verified_at, before);
});

test('a reminder whose mail failed is sent by a later sweep, with a link that works', async () => {
  const lea = (await userForEmail(db, 'lea@exemple.fr')).id;
  await addManagedLieu(db, lea, ids['fiche-3']!);
  assert.deepEqual(await sweep(at('2025-07-21T10:00:00Z'), failing), { due: 1, sent: 0, failed: 1 });
  assert.deepEqual(await remindersOf(ids['fiche-3']!), [{ email: 'lea@exemple.fr', due_on: '2024-11-02', sent: false }]);
  assert.deepEqual(await sweep(at('2025-07-21T10:05:00Z')), { due: 0, sent: 0, failed: 0 }, 'a send may still be under way: not doubled');
  assert.deepEqual(await sweep(at('2025-07-21T10:30:00Z')), { due: 1, sent: 1, failed: 0 });
  assert.equal((await remindersOf(ids['fiche-3']!))[0]!.sent, true);
  const [mail] = await mailsTo('lea@exemple.fr');
  assert.equal((await app.inject({ url: `/verification/${tokenOf(mail!)}` })).statusCode, 200);
});

test(`an address that keeps failing is tried ${MAX_ATTEMPTS} times, then left alone`, async () => {
  const tom = (await userForEmail(db, 'tom@exemple.fr')).id;
  await addManagedLieu(db, tom, ids['fiche-1']!);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    assert.equal((await sweep(at(`2025-07-22T${String(10 + attempt).padStart(2, '0')}:00:00Z`), failing)).failed, 1);
  }
  assert.deepEqual(await sweep(at('2025-07-22T20:00:00Z')), { due: 0, sent: 0, failed: 0 });
});

test('the server’s periodic sweep and `passerelle rappels envoyer` send the due reminders', async () => {
  assert.equal(reminderIntervalMinutes({}), 60);
  assert.equal(reminderIntervalMinutes({ PASSERELLE_RAPPELS_INTERVALLE_MIN: '0' }), 0);
  assert.throws(() => reminderIntervalMinutes({ PASSERELLE_RAPPELS_INTERVALLE_MIN: 'souvent' }), /nombre entier de minutes/);

  const sam = (await userForEmail(db, 'sam@exemple.fr')).id;
  await addManagedLieu(db, sam, ids['fiche-1']!);
  at('2025-07-23T09:00:00Z');
  const swept = await new Promise<{ sent: number }>((resolve) => {
    const running = startReminderSweep(db, mailer, {
      intervalMinutes: 60, months: MONTHS, publicUrl: PUBLIC, log: () => {},
      onSweep: (counts) => void running.stop().then(() => resolve(counts)),
    });
  });
  assert.equal(swept.sent, 1);
  assert.equal((await mailsTo('sam@exemple.fr')).length, 1);

  const bea = (await userForEmail(db, 'bea@exemple.fr')).id;
  await addManagedLieu(db, bea, ids['fiche-1']!);
  const said: string[] = [];
  const ctx: CliContext = {
    config: { ...loadConfig({}), publicUrl: PUBLIC, outboxDir: outbox },
    openDb: async () => Object.assign(Object.create(db) as Db, { close: async () => {} }),
    out: (s) => said.push(s), err: (s) => said.push(s), defaultActor: 'cli:test',
  };
  assert.equal(await commands.rappels!.run(['envoyer'], ctx), 0);
  assert.match(said.join('\n'), /1 à envoyer, 1 envoyé\(s\), 0 en échec/);
  assert.equal((await mailsTo('bea@exemple.fr')).length, 1);
  assert.equal(await commands.rappels!.run([], ctx), 2);
});
