// Moderation digests (issue 4): a coordinator whose territories received a claim, a proposal or a
// report since her last digest gets one mail saying what is new and how much waits, with links to
// the queues; a coordinator of another territory gets none; a backlog older than her account or
// than a week is counted, not announced; a second sweep sends nothing; something new within the
// interval waits for it, then comes alone; two sweeps at once send one mail; a failed mail is
// retried; `passerelle rappels envoyer` and the server's sweep send digests too.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Db } from '../../src/platform/db.ts';
import { pinClock } from '../../src/platform/clock.ts';
import { loadConfig } from '../../src/app/config.ts';
import { MailUnavailableError, type Mailer } from '../../src/platform/mail/mailer.ts';
import { outboxMailer, readOutbox } from '../../src/platform/mail/outbox-mailer.ts';
import { importFile } from '../../src/lieux/import/import-file.ts';
import { getLieu } from '../../src/lieux/store/read-lieux.ts';
import { communeResolver } from '../../src/territoires/resolver.ts';
import { setRole, userForEmail } from '../../src/comptes/users.ts';
import { requestClaim } from '../../src/comptes/claims.ts';
import { insertReport, insertSuggestion } from '../../src/contribution/moderation.ts';
import { digestHours, sendDueDigests } from '../../src/contribution/moderation-digest.ts';
import { digestMail, MAX_LINES } from '../../src/contribution/moderation-digest-mail.ts';
import { startReminderSweep } from '../../src/contribution/reminder-sweep.ts';
import { commands } from '../../src/cli/reminder-command.ts';
import type { CliContext } from '../../src/cli/main.ts';
import { openTestDb } from '../support/test-db.ts';

// page-1 (Maison France services d'Échirolles) and page-2 (Bus numérique du Trièves, Mens) are in Isère.
const PAGES = fileURLToPath(new URL('../browser/fixtures/lieux-pages.csv', import.meta.url));
const PUBLIC = 'https://passerelle.exemple.fr';
const HOURS = 24;
const outbox = mkdtempSync(join(tmpdir(), 'passerelle-outbox-'));
const mailer = outboxMailer({ dir: outbox, from: 'test@passerelle.localhost' });
const failing: Mailer = { send: async () => { throw new MailUnavailableError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNECTION' })); } };

let db: Db;
const ids: Record<string, string> = {};

const at = (iso: string) => {
  const instant = new Date(iso);
  pinClock(instant);
  return instant;
};
const sweep = (now: Date, using: Mailer = mailer) => sendDueDigests(db, using, { hours: HOURS, publicUrl: PUBLIC, now });
const mailsTo = async (email: string) => (await readOutbox(outbox)).filter((m) => m.to === email);
/** The items' created_at is the database's clock: set by hand, so that it agrees with the pinned one. */
const createdAt = (table: 'claims' | 'suggestions' | 'signalements' | 'users', id: string | number, iso: string) =>
  db.query(`UPDATE ${table} SET created_at = $2 WHERE id = $1`, [id, iso]);
async function report(place: string, iso: string): Promise<number> {
  const id = await insertReport(db, { lieuId: ids[place]!, kind: 'horaires', message: 'Fermé le samedi.' });
  await createdAt('signalements', id, iso);
  return id;
}
async function proposal(nom: string, commune: string, codePostal: string, iso: string): Promise<string> {
  const ref = (await communeResolver(db)).resolve({ code_postal: codePostal, commune });
  assert.ok(ref, `${commune} is known`);
  const id = await insertSuggestion(db, { nom, adresse: '1 rue de la Gare', code_postal: codePostal, commune }, '', ref);
  await createdAt('suggestions', id, iso);
  return id;
}
async function moderator(email: string, role: 'coordinator' | 'admin', territories: { level: 'departement'; code: string }[], createdIso: string) {
  const user = await userForEmail(db, email);
  await setRole(db, user.id, role, territories);
  await createdAt('users', user.id, createdIso);
  return user.id;
}

before(async () => {
  db = await openTestDb();
  await importFile(db, { path: PAGES, source: 'test-pages', actor: 'test' });
  for (const r of await db.query<{ source_id: string; lieu_id: string }>('SELECT source_id, lieu_id FROM source_records')) ids[r.source_id] = r.lieu_id;
  await moderator('isere@exemple.fr', 'coordinator', [{ level: 'departement', code: '38' }], '2025-01-01T00:00:00Z');
  await moderator('savoie@exemple.fr', 'coordinator', [{ level: 'departement', code: '73' }], '2025-01-01T00:00:00Z');
  // Named after the claim below: she is not told about it, only counts it.
  await moderator('admin@exemple.fr', 'admin', [], '2025-03-05T12:00:00Z');

  // A backlog: a report of February, before the week the first digest looks back on.
  await report('page-2', '2025-02-01T10:00:00Z');
  // The claim of someone whose address proves nothing: it waits for a coordinator.
  const marc = await userForEmail(db, 'marc@structure.fr');
  assert.equal(await requestClaim(db, marc, (await getLieu(db, ids['page-1']!))!), 'pending');
  await db.query('UPDATE claims SET created_at = $2 WHERE user_id = $1', [marc.id, '2025-03-05T10:00:00Z']);
  await proposal('Espace numérique de Voiron', 'Voiron', '38500', '2025-03-05T14:00:00Z');
  await report('page-1', '2025-03-05T15:00:00Z');
});
after(async () => {
  pinClock(undefined);
  await db.close();
  rmSync(outbox, { recursive: true, force: true });
});

test('the coordinator of Isère gets one digest of her territory’s claim, proposal and report; Savoie’s gets none', async () => {
  assert.deepEqual(await sweep(at('2025-03-10T08:00:00Z')), { due: 2, sent: 2, failed: 0 });
  assert.deepEqual((await readOutbox(outbox)).map((m) => m.to).sort(), ['admin@exemple.fr', 'isere@exemple.fr']);
  assert.deepEqual(await mailsTo('savoie@exemple.fr'), []);

  const [mail] = await mailsTo('isere@exemple.fr');
  assert.equal(mail!.subject, 'Passerelle : du nouveau à examiner (1 demande de gestion, 1 proposition de lieu, 1 signalement)');
  const text = mail!.text;
  assert.match(text, /Du nouveau attend votre décision sur votre territoire : Isère \(38\)\.\n/);
  assert.match(text, /Demandes de gestion d’un lieu : 1 nouvelle, 1 en attente en tout :\n- Maison France services d'Échirolles, Échirolles — demandée par marc@structure\.fr\n/);
  assert.match(text, /Propositions de nouveaux lieux : 1 nouvelle, 1 en attente en tout :\n- Espace numérique de Voiron, Voiron\n/);
  assert.match(text, /Signalements d’erreurs : 1 nouveau, 2 en attente en tout :\n- Maison France services d'Échirolles, Échirolles\n/);
  assert.doesNotMatch(text, /Trièves/, 'the February report is counted, not announced');
  assert.ok(text.includes(`\n${PUBLIC}/moderation/demandes\n`));
  assert.ok(text.includes(`\n${PUBLIC}/moderation\n`));
  assert.match(text, /au plus une fois toutes les 24 heures/);

  const [admin] = await mailsTo('admin@exemple.fr');
  assert.equal(admin!.subject, 'Passerelle : du nouveau à examiner (1 proposition de lieu, 1 signalement)', 'the claim predates her account');
  assert.match(admin!.text, /dans tout Passerelle/);
  assert.match(admin!.text, /Demandes de gestion d’un lieu : aucune nouvelle, 1 en attente en tout\./);
});

test('a second sweep sends nothing new', async () => {
  assert.deepEqual(await sweep(at('2025-03-10T09:00:00Z')), { due: 0, sent: 0, failed: 0 });
  assert.deepEqual(await sweep(at('2025-03-10T20:00:00Z')), { due: 0, sent: 0, failed: 0 });
  assert.equal((await readOutbox(outbox)).length, 2);
});

test('something new within the interval waits for it, then is told alone', async () => {
  await proposal('Atelier numérique de Grenoble', 'Grenoble', '38000', '2025-03-10T21:00:00Z');
  // A proposal in Savoie: its coordinator's first digest.
  await proposal('Médiathèque de Chambéry', 'Chambéry', '73000', '2025-03-10T21:30:00Z');
  // The last digests went out on 10 March at 8:00 (the first for Savoie may go at once).
  assert.deepEqual(await sweep(at('2025-03-10T22:00:00Z')), { due: 1, sent: 1, failed: 0 });
  assert.equal((await mailsTo('isere@exemple.fr')).length, 1, 'not within 24 hours of the last one');
  const [savoie] = await mailsTo('savoie@exemple.fr');
  assert.match(savoie!.text, /Propositions de nouveaux lieux : 1 nouvelle, 1 en attente en tout :\n- Médiathèque de Chambéry, Chambéry\n/);
  assert.doesNotMatch(savoie!.text, /Voiron|Grenoble|Échirolles/);

  assert.deepEqual(await sweep(at('2025-03-11T07:00:00Z')), { due: 0, sent: 0, failed: 0 }, 'one hour early');
  assert.deepEqual(await sweep(at('2025-03-12T08:00:00Z')), { due: 2, sent: 2, failed: 0 });
  const mail = (await mailsTo('isere@exemple.fr')).at(-1)!;
  assert.equal(mail.subject, 'Passerelle : du nouveau à examiner (1 proposition de lieu)');
  assert.match(mail.text, /Demandes de gestion d’un lieu : aucune nouvelle, 1 en attente en tout\./);
  assert.match(mail.text, /Propositions de nouveaux lieux : 1 nouvelle, 2 en attente en tout :\n- Atelier numérique de Grenoble, Grenoble\n\n/);
  assert.match(mail.text, /Signalements d’erreurs : aucun nouveau, 2 en attente en tout\./);
  assert.doesNotMatch(mail.text, /Voiron|Chambéry|Échirolles/);
  assert.equal((await mailsTo('admin@exemple.fr')).at(-1)!.subject, 'Passerelle : du nouveau à examiner (2 propositions de lieux)');
  assert.deepEqual(await sweep(at('2025-03-12T09:00:00Z')), { due: 0, sent: 0, failed: 0 }, 'nothing new after the interval: nothing');
});

test('two sweeps at once send one digest', async () => {
  await report('page-2', '2025-03-13T07:00:00Z');
  const now = at('2025-03-13T09:00:00Z');
  const [a, b] = await Promise.all([sweep(now), sweep(now)]);
  assert.equal(a.sent + b.sent, 2, 'one for the coordinator of Isère, one for the administrator');
  assert.equal(a.failed + b.failed, 0);
  assert.equal((await mailsTo('isere@exemple.fr')).length, 3);
  assert.equal((await mailsTo('admin@exemple.fr')).length, 3);
  assert.match((await mailsTo('isere@exemple.fr')).at(-1)!.text, /Signalements d’erreurs : 1 nouveau, 3 en attente en tout :\n- Bus numérique du Trièves, Mens\n/);
});

test('a digest whose mail failed is sent by a later sweep, with the same items', async () => {
  await report('page-1', '2025-03-14T10:00:00Z');
  const before = (await readOutbox(outbox)).length;
  assert.deepEqual(await sweep(at('2025-03-14T10:00:00Z'), failing), { due: 2, sent: 0, failed: 2 });
  assert.deepEqual(await sweep(at('2025-03-14T10:05:00Z')), { due: 0, sent: 0, failed: 0 }, 'just tried: not at once');
  assert.equal((await readOutbox(outbox)).length, before);
  assert.deepEqual(await sweep(at('2025-03-14T10:30:00Z')), { due: 2, sent: 2, failed: 0 });
  const mail = (await mailsTo('isere@exemple.fr')).at(-1)!;
  assert.equal(mail.subject, 'Passerelle : du nouveau à examiner (1 signalement)');
  assert.match(mail.text, /Signalements d’erreurs : 1 nouveau, 4 en attente en tout :\n- Maison France services d'Échirolles, Échirolles\n/);
  assert.deepEqual(await sweep(at('2025-03-15T11:00:00Z')), { due: 0, sent: 0, failed: 0 });
});

test('a decided item is no longer counted, and someone no longer coordinator is no longer mailed', async () => {
  await report('page-1', '2025-03-16T10:00:00Z');
  await db.query("UPDATE signalements SET status = 'rejected' WHERE created_at = '2025-03-16T10:00:00Z'");
  assert.deepEqual(await sweep(at('2025-03-16T12:00:00Z')), { due: 0, sent: 0, failed: 0 }, 'decided before any digest: nothing to tell');

  const savoie = (await userForEmail(db, 'savoie@exemple.fr')).id;
  await setRole(db, savoie, 'manager');
  await proposal('Tiers-lieu d’Aix-les-Bains', 'Aix-les-Bains', '73100', '2025-03-17T10:00:00Z');
  const counts = await sweep(at('2025-03-17T12:00:00Z'));
  assert.equal(counts.sent, 1, 'the administrator only');
  assert.equal((await mailsTo('savoie@exemple.fr')).length, 1);
  assert.deepEqual(await db.query('SELECT user_id FROM moderation_digests WHERE user_id = $1', [savoie]), []);
});

test('the mail names at most 10 items a kind, then says how many more', () => {
  const fresh = Array.from({ length: 13 }, (_, i) => ({ name: `Lieu ${i + 1}\nSuite`, commune: 'Vif' }));
  const { text } = digestMail({
    publicUrl: PUBLIC, hours: 24, territories: ['Isère (38)'],
    sections: { claim: { fresh: [], waiting: 0 }, suggestion: { fresh, waiting: 20 }, report: { fresh: [], waiting: 0 } },
  });
  assert.equal(MAX_LINES, 10);
  assert.match(text, /Propositions de nouveaux lieux : 13 nouvelles, 20 en attente en tout :\n(- Lieu \d+ Suite, Vif\n){10}et 3 autres\n/);
  assert.match(text, /Demandes de gestion d’un lieu : aucune en attente\./);
  assert.match(text, /Signalements d’erreurs : aucun en attente\./);
});

test('PASSERELLE_RESUME_HEURES: 24 by default, 0 for none, a whole number of hours', () => {
  assert.equal(digestHours({}), 24);
  assert.equal(digestHours({ PASSERELLE_RESUME_HEURES: '6' }), 6);
  assert.equal(digestHours({ PASSERELLE_RESUME_HEURES: '0' }), 0);
  assert.throws(() => digestHours({ PASSERELLE_RESUME_HEURES: 'souvent' }), /nombre entier d’heures/);
  assert.throws(() => digestHours({ PASSERELLE_RESUME_HEURES: '1.5' }), /nombre entier d’heures/);
});

test('`passerelle rappels envoyer` and the server’s sweep send the digests too', async () => {
  await report('page-1', '2025-03-20T10:00:00Z');
  at('2025-03-20T12:00:00Z');
  const said: string[] = [];
  const ctx: CliContext = {
    config: { ...loadConfig({}), publicUrl: PUBLIC, outboxDir: outbox },
    openDb: async () => Object.assign(Object.create(db) as Db, { close: async () => {} }),
    out: (s) => said.push(s), err: (s) => said.push(s), defaultActor: 'cli:test',
  };
  assert.equal(await commands.rappels!.run(['envoyer'], ctx), 0);
  assert.match(said.join('\n'), /Résumés aux coordinateurs \(au plus un toutes les 24 heures\) : 2 à envoyer, 2 envoyé\(s\), 0 en échec/);
  assert.equal((await mailsTo('isere@exemple.fr')).at(-1)!.subject, 'Passerelle : du nouveau à examiner (1 signalement)');

  await report('page-2', '2025-03-21T10:00:00Z');
  at('2025-03-21T12:30:00Z');
  const swept = await new Promise<{ sent: number }>((resolve) => {
    const running = startReminderSweep(db, mailer, {
      intervalMinutes: 60, months: 6, publicUrl: PUBLIC, log: () => {}, digestHours: HOURS,
      onDigests: (counts) => void running.stop().then(() => resolve(counts)),
    });
  });
  assert.equal(swept.sent, 2);
  assert.match((await mailsTo('isere@exemple.fr')).at(-1)!.text, /- Bus numérique du Trièves, Mens\n/);
});
