// The mail port's adapters: the outbox folder (real .eml files read back with mailparser, JSON
// twins, order, clearing) and SMTP against a real SMTP server on 127.0.0.1 (delivery, refusal,
// closed port, silent server), and the choice between them from the configuration.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { simpleParser, type AddressObject } from 'mailparser';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';
import { loadConfig, DEFAULT_MAIL_FROM } from '../../src/app/config.ts';
import { pinClock } from '../../src/platform/clock.ts';
import { configuredMailer } from '../../src/platform/mail/configured-mailer.ts';
import { MailUnavailableError, type OutgoingMail } from '../../src/platform/mail/mailer.ts';
import { clearOutbox, outboxMailer, readOutbox } from '../../src/platform/mail/outbox-mailer.ts';
import { smtpMailer } from '../../src/platform/mail/smtp-mailer.ts';

const FROM = 'Passerelle <ne-pas-repondre@passerelle.localhost>';
const MAIL: OutgoingMail = {
  to: 'camille.lefevre@exemple.fr',
  subject: 'Votre lien de connexion à Passerelle — valable 15 minutes',
  text: 'Bonjour Camille,\n\nVoici votre lien : https://passerelle.exemple.fr/connexion/abc\n\nÀ bientôt, l’équipe « Passerelle ». Ça marche même hors-ligne ? Non.\n',
  html: '<p>Bonjour Camille,</p><p><a href="https://passerelle.exemple.fr/connexion/abc">Se connecter</a> — l’équipe « Passerelle »</p>',
};

let root = '';
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'passerelle-mail-'));
});
after(async () => {
  pinClock(undefined);
  await rm(root, { recursive: true, force: true });
});
let folders = 0;
const freshDir = () => join(root, `outbox-${++folders}`);

const addresses = (value: AddressObject | AddressObject[] | undefined) =>
  (Array.isArray(value) ? value : value ? [value] : []).flatMap((v) => v.value).map(({ name, address }) => ({ name, address }));
const SENDER = [{ name: 'Passerelle', address: 'ne-pas-repondre@passerelle.localhost' }];
const RECIPIENT = [{ name: '', address: 'camille.lefevre@exemple.fr' }];

async function failure(run: () => Promise<unknown>): Promise<MailUnavailableError> {
  try {
    await run();
  } catch (error) {
    assert.ok(error instanceof MailUnavailableError, String(error));
    return error;
  }
  assert.fail('expected MailUnavailableError');
}

/** Everything about an error that could reach a log. */
const everything = (error: Error) => {
  const cause = error.cause as (Error & Record<string, unknown>) | undefined;
  return `${error.message} ${error.stack} ${JSON.stringify(error)} ${cause?.message} ${cause?.stack} ${JSON.stringify(cause)}`;
};

// ——— outbox ———

test('the outbox writes a real RFC 5322 message: headers, accented UTF-8 subject and bodies survive parsing', async () => {
  const dir = freshDir();
  pinClock(new Date('2026-05-04T09:30:00.123Z'));
  await outboxMailer({ dir, from: FROM }).send(MAIL);

  const [stored, ...others] = await readOutbox(dir);
  assert.equal(others.length, 0);
  assert.ok(stored);
  const { eml, ...twin } = stored;
  assert.deepEqual(twin, { to: MAIL.to, from: FROM, subject: MAIL.subject, text: MAIL.text, html: MAIL.html, date: '2026-05-04T09:30:00.123Z' });

  const raw = await readFile(eml);
  const source = raw.toString('latin1');
  assert.match(source, /^To: camille\.lefevre@exemple\.fr\r$/m);
  assert.match(source, /^From: Passerelle <ne-pas-repondre@passerelle\.localhost>\r$/m);
  assert.match(source, /^Subject: =\?UTF-8\?/m, 'a non-ASCII subject is an encoded word');
  assert.match(source, /^Auto-Submitted: auto-generated\r$/m);
  assert.match(source, /^Content-Type: multipart\/alternative;/m);
  assert.doesNotMatch(source.replace(/\r\n/g, ''), /\n/, 'every line ends with CRLF');
  assert.equal(/[^\x00-\x7f]/.test(source), false, 'the message is 7-bit clean: accents are encoded');

  const parsed = await simpleParser(raw);
  assert.deepEqual(addresses(parsed.to), RECIPIENT);
  assert.deepEqual(addresses(parsed.from), SENDER);
  assert.equal(parsed.subject, MAIL.subject);
  assert.equal(parsed.text, MAIL.text);
  assert.equal(parsed.html, MAIL.html);
  assert.equal(parsed.date?.toISOString(), '2026-05-04T09:30:00.000Z'); // the Date header has whole seconds
  assert.ok(parsed.messageId);
});

test('a text-only mail has no html, in the twin or the message', async () => {
  const dir = freshDir();
  await outboxMailer({ dir, from: FROM }).send({ to: MAIL.to, subject: 'Rappel', text: 'Votre rendez-vous est demain à 14 h.' });
  const [stored] = await readOutbox(dir);
  assert.ok(stored);
  assert.equal('html' in stored, false);
  const parsed = await simpleParser(await readFile(stored.eml));
  assert.equal(parsed.text?.trim(), 'Votre rendez-vous est demain à 14 h.');
  assert.equal(parsed.html, false);
});

test('outbox files sort by the time they were written, never collide, and are private', async () => {
  const dir = freshDir();
  const mailer = outboxMailer({ dir, from: FROM });
  pinClock(new Date('2026-05-04T10:00:00.000Z'));
  await mailer.send({ ...MAIL, subject: 'deuxième' });
  pinClock(new Date('2026-05-04T08:00:00.000Z')); // written later, with an earlier clock
  await mailer.send({ ...MAIL, subject: 'première' });
  pinClock(new Date('2026-05-04T10:00:00.000Z')); // the same instant as "deuxième"
  await mailer.send({ ...MAIL, subject: 'troisième' });
  await Promise.all(['a', 'b', 'c', 'd', 'e'].map((suffix) => mailer.send({ ...MAIL, subject: `même instant ${suffix}` })));

  const mails = await readOutbox(dir);
  assert.deepEqual(mails.slice(0, 3).map((m) => m.subject), ['première', 'deuxième', 'troisième']);
  assert.deepEqual(mails.slice(3).map((m) => m.subject).sort(), ['même instant a', 'même instant b', 'même instant c', 'même instant d', 'même instant e']);

  const names = await readdir(dir);
  assert.equal(names.length, 16, 'one .eml and one .json per mail, no temporary file left');
  assert.equal(names.filter((n) => n.endsWith('.eml')).length, 8);
  assert.equal(new Set(mails.map((m) => m.eml)).size, 8);
  for (const mail of mails) assert.ok(names.includes(mail.eml.slice(dir.length + 1)));
  if (process.platform !== 'win32') {
    assert.equal((await stat(dir)).mode & 0o777, 0o700);
    for (const name of names) assert.equal((await stat(join(dir, name))).mode & 0o777, 0o600, name);
  }
});

test('clearOutbox removes the mails and leftovers only; a missing folder reads as empty', async () => {
  const dir = freshDir();
  assert.deepEqual(await readOutbox(dir), []);
  await clearOutbox(dir); // nothing to clear
  await outboxMailer({ dir, from: FROM }).send(MAIL);
  await outboxMailer({ dir, from: FROM }).send(MAIL);
  await writeFile(join(dir, 'LISEZ-MOI.txt'), 'pas un courriel');
  await writeFile(join(dir, '.2026-05-04T09-30-00-123Z-00000009-0123456789ab.json.tmp'), '{'); // a crash mid-write
  assert.equal((await readOutbox(dir)).length, 2, 'temporary files are not mails');

  await clearOutbox(dir);
  assert.deepEqual(await readOutbox(dir), []);
  assert.deepEqual(await readdir(dir), ['LISEZ-MOI.txt']);
});

test('an outbox that cannot be written is a MailUnavailableError that says nothing of the mail', async () => {
  const file = join(root, 'not-a-folder');
  await writeFile(file, '');
  const error = await failure(() => outboxMailer({ dir: file, from: FROM }).send(MAIL));
  assert.equal(error.message, 'L’envoi du courriel a échoué. Réessayez dans quelques minutes.');
  assert.ok(error.code === 'EEXIST' || error.code === 'ENOTDIR', String(error.code));
  assert.ok(error.cause instanceof Error);
  assert.doesNotMatch(everything(error), /camille|connexion\/abc/);
});

test('a recipient that is not one bare address is refused before anything is written', async () => {
  const dir = freshDir();
  const mailer = outboxMailer({ dir, from: FROM });
  for (const to of ['camille@exemple.fr, dominique@exemple.fr', 'Camille <camille@exemple.fr>', 'camille@exemple.fr\r\nBcc: x@y.fr', 'camille', '']) {
    await assert.rejects(mailer.send({ ...MAIL, to }), (error: Error) => error instanceof TypeError && !error.message.includes('camille'));
  }
  assert.deepEqual(await readOutbox(dir), []);
});

// ——— SMTP ———

type Received = { mailFrom: string | undefined; rcptTo: string[]; data: Buffer };
const received: Received[] = [];
let refuse: ((address: SMTPServerAddress) => Error | undefined) | undefined;
const smtp = new SMTPServer({
  secure: false,
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  onRcptTo(address, _session, callback) {
    callback(refuse?.(address) ?? null);
  },
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      const { mailFrom, rcptTo } = session.envelope;
      received.push({ mailFrom: mailFrom ? mailFrom.address : undefined, rcptTo: rcptTo.map((r) => r.address), data: Buffer.concat(chunks) });
      callback(null);
    });
  },
});
let smtpUrl = '';
before(async () => {
  await new Promise<void>((done) => smtp.listen(0, '127.0.0.1', done));
  smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((done) => smtp.close(done)));
beforeEach(() => {
  received.length = 0;
  refuse = undefined;
});

test('the SMTP mailer delivers exactly the mail: envelope and message', async () => {
  pinClock(new Date('2026-05-04T09:30:00.000Z'));
  await smtpMailer({ url: smtpUrl, from: FROM }).send(MAIL);
  assert.equal(received.length, 1);
  const [delivery] = received;
  assert.ok(delivery);
  assert.equal(delivery.mailFrom, 'ne-pas-repondre@passerelle.localhost');
  assert.deepEqual(delivery.rcptTo, [MAIL.to]);
  const parsed = await simpleParser(delivery.data);
  assert.deepEqual(addresses(parsed.to), RECIPIENT);
  assert.deepEqual(addresses(parsed.from), SENDER);
  assert.equal(parsed.subject, MAIL.subject);
  assert.equal(parsed.text, MAIL.text);
  assert.equal(parsed.html, MAIL.html);
  assert.equal(parsed.date?.toISOString(), '2026-05-04T09:30:00.000Z');
  assert.equal(parsed.headers.get('auto-submitted'), 'auto-generated');
  assert.equal(parsed.cc, undefined);
  assert.equal(parsed.bcc, undefined);
});

test('a server that refuses the recipient gives MailUnavailableError, with the cause kept and the address masked', async () => {
  refuse = (address) => Object.assign(new Error(`5.1.1 <${address.address}>: utilisateur inconnu`), { responseCode: 550 });
  const error = await failure(() => smtpMailer({ url: smtpUrl, from: FROM }).send(MAIL));
  assert.equal(error.message, 'L’envoi du courriel a échoué. Réessayez dans quelques minutes.');
  assert.equal(error.code, 'EENVELOPE');
  assert.equal(error.responseCode, 550);
  assert.ok(error.cause instanceof Error);
  assert.match(error.cause.message, /utilisateur inconnu/, 'the server’s reply is kept for the logs');
  assert.match(error.cause.message, /\[address\]/);
  assert.doesNotMatch(everything(error), /camille/);
  assert.equal(received.length, 0);
});

test('a closed port gives MailUnavailableError', async () => {
  const closed = createServer();
  await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done));
  const port = (closed.address() as AddressInfo).port;
  await new Promise((done) => closed.close(done));
  const error = await failure(() => smtpMailer({ url: `smtp://127.0.0.1:${port}`, from: FROM }).send(MAIL));
  assert.equal(error.code, 'ESOCKET');
  assert.ok(error.cause instanceof Error);
  assert.doesNotMatch(everything(error), /camille/);
});

test('a server that never greets gives MailUnavailableError once the greeting timeout passes', async () => {
  const silent: Server = createServer(() => {}); // accepts, says nothing
  await new Promise<void>((done) => silent.listen(0, '127.0.0.1', done));
  try {
    const url = `smtp://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    const error = await failure(() => smtpMailer({ url, from: FROM, timeoutsMs: { greeting: 200 } }).send(MAIL));
    assert.equal(error.code, 'ETIMEDOUT');
  } finally {
    await new Promise((done) => silent.close(done));
  }
});

test('an SMTP URL of another scheme is refused at start, without repeating it (it may hold a password)', () => {
  assert.throws(() => smtpMailer({ url: 'https://user:secret@mail.exemple.fr', from: FROM }), (error: Error) => /smtp:\/\//.test(error.message) && !error.message.includes('secret'));
  assert.throws(() => smtpMailer({ url: 'pas une url', from: FROM }));
});

// ——— configuration ———

test('by default mails go to data/outbox, from the default sender', () => {
  const config = loadConfig({});
  assert.equal(config.smtpUrl, undefined);
  assert.equal(config.outboxDir, resolve('data/outbox'));
  assert.equal(config.mailFrom, DEFAULT_MAIL_FROM);
  assert.equal(DEFAULT_MAIL_FROM, 'Passerelle <ne-pas-repondre@passerelle.localhost>');
});

test('configuredMailer writes to the outbox folder when no SMTP server is configured', async () => {
  const dir = freshDir();
  const config = loadConfig({ PASSERELLE_OUTBOX_DIR: dir, PASSERELLE_MAIL_FROM: 'Médiation <contact@mediation.exemple.fr>' });
  await configuredMailer(config).send(MAIL);
  assert.deepEqual((await readOutbox(dir)).map((m) => [m.to, m.from, m.subject]), [[MAIL.to, 'Médiation <contact@mediation.exemple.fr>', MAIL.subject]]);
  assert.equal(received.length, 0);
});

test('configuredMailer sends through SMTP when PASSERELLE_SMTP_URL is set, and writes nothing locally', async () => {
  const dir = freshDir();
  const config = loadConfig({ PASSERELLE_SMTP_URL: smtpUrl, PASSERELLE_OUTBOX_DIR: dir, PASSERELLE_MAIL_FROM: 'Médiation <contact@mediation.exemple.fr>' });
  assert.equal(config.smtpUrl, smtpUrl);
  await configuredMailer(config).send(MAIL);
  assert.equal(received.length, 1);
  assert.equal(received[0]!.mailFrom, 'contact@mediation.exemple.fr');
  assert.deepEqual(received[0]!.rcptTo, [MAIL.to]);
  assert.deepEqual(await readOutbox(dir), []);
});
