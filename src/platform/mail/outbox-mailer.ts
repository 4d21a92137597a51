// Owns the outbox adapter of the mail port: each mail becomes a real RFC 5322 message file
// (NAME.eml, composed by nodemailer exactly as it would be sent) and its JSON twin (NAME.json),
// in a local folder. It is the default on a newcomer's machine and in tests, which read it back.
// Names start with the time, so they sort oldest first, and end with a random suffix, so that
// several processes never collide. Each file is written to a hidden temporary file, then renamed:
// a reader sees a whole file or none, and the .json (written last) means its .eml is there.
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import nodemailer from 'nodemailer';
import { now } from '../clock.ts';
import { MailUnavailableError, messageFields, type Mailer } from './mailer.ts';

/** A mail as the outbox holds it (the .json twin), with the path of its .eml file. */
export type StoredMail = {
  to: string;
  from: string;
  subject: string;
  text: string;
  html?: string;
  /** When it was written, ISO 8601 (also the message's Date header). */
  date: string;
  /** Absolute or relative like the folder given: the RFC 5322 message. */
  eml: string;
};

// 2026-05-04T09-30-00-123Z-00000001-9f86d081884c.json (no ":" so it is a valid name everywhere).
const MAIL_FILE = /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z-\d{8}-[0-9a-f]{12}\.(eml|json)$/;
const TEMPORARY_FILE = /^\..+\.tmp$/;

/** Orders the mails of one process written within the same millisecond. */
let sequence = 0;

export function outboxMailer({ dir, from }: { dir: string; from: string }): Mailer {
  // Composes only: nothing leaves the machine.
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  return {
    async send(mail) {
      const date = now();
      const fields = messageFields(mail, from, date);
      let message: Buffer;
      try {
        const info = await composer.sendMail(fields);
        message = info.message as Buffer;
      } catch (error) {
        throw new MailUnavailableError(error);
      }
      const name = fileName(date);
      const twin: Omit<StoredMail, 'eml'> = {
        to: mail.to,
        from,
        subject: mail.subject,
        text: mail.text,
        ...(mail.html !== undefined && { html: mail.html }),
        date: date.toISOString(),
      };
      try {
        // The folder and files may hold sign-in links: readable by their owner only.
        await mkdir(dir, { recursive: true, mode: 0o700 });
        await writeAtomically(join(dir, `${name}.eml`), message);
        await writeAtomically(join(dir, `${name}.json`), `${JSON.stringify(twin, null, 2)}\n`);
      } catch (error) {
        throw new MailUnavailableError(error);
      }
    },
  };
}

/** Every mail of the folder, oldest first; [] when the folder does not exist. */
export async function readOutbox(dir: string): Promise<StoredMail[]> {
  const names = (await mailFiles(dir)).filter((name) => name.endsWith('.json')).sort();
  return Promise.all(
    names.map(async (name) => {
      const twin = JSON.parse(await readFile(join(dir, name), 'utf8')) as Omit<StoredMail, 'eml'>;
      return { ...twin, eml: join(dir, name.replace(/\.json$/, '.eml')) };
    }),
  );
}

/** Removes the outbox's mails (and temporary files left by a crash); other files are left alone. */
export async function clearOutbox(dir: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  await Promise.all(
    names.filter((name) => MAIL_FILE.test(name) || TEMPORARY_FILE.test(name)).map((name) => rm(join(dir, name), { force: true })),
  );
}

async function mailFiles(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((name) => MAIL_FILE.test(name));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

function fileName(date: Date): string {
  sequence = (sequence + 1) % 100_000_000;
  const time = date.toISOString().replace(/[:.]/g, '-');
  return `${time}-${String(sequence).padStart(8, '0')}-${randomBytes(6).toString('hex')}`;
}

async function writeAtomically(path: string, content: Buffer | string): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.tmp`);
  try {
    await writeFile(temporary, content, { flag: 'wx', mode: 0o600 });
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => {});
    throw error;
  }
}
