// Owns the freshness reminders (issue 4): a manager is mailed when a place she manages has not
// been confirmed for N months (staleness.ts), with a one-click "still correct" link. The jobs are
// rows of freshness_reminders, one per place, manager and due day: claiming one is an INSERT …
// ON CONFLICT DO NOTHING RETURNING, so any number of processes may sweep at once and still send
// one mail. A failed send leaves sent_at NULL and is retried by a later sweep (after a lease, so
// a sweep still sending is not doubled, and at most MAX_ATTEMPTS times: an address that always
// bounces is not mailed forever). Delivery is therefore at least once: a crash between the mail
// and its sent_at sends it again, with a new link.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Db, Queryable } from '../platform/db.ts';
import type { Mailer } from '../platform/mail/mailer.ts';
import type { LieuData } from '../lieux/domain/lieu.ts';
import { sha256 } from '../comptes/login-links.ts';
import { getUser } from '../comptes/users.ts';
import { EditConflict, EditRefused, loadEditable, saveLieu } from './edit-lieu.ts';
import { staleSql } from './staleness.ts';
import { reminderMail } from './reminder-mail.ts';

/** How long the "still correct" link works. */
export const LINK_DAYS = 30;
/** A send not confirmed after this long is taken over by the next sweep. */
export const RETRY_AFTER_MINUTES = 15;
export const MAX_ATTEMPTS = 5;

/** SQL: the Paris calendar day the place was last confirmed (verified_at, else date_maj). */
const confirmedOnSql = `coalesce((l.verified_at AT TIME ZONE 'Europe/Paris')::date, l.date_maj)`;
/**
 * SQL: the reminder's due day. Computed on calendar days in one time zone (not on timestamptz,
 * whose month arithmetic follows each session's TimeZone), so every process gets the same day and
 * the UNIQUE constraint holds; a place never confirmed at all is due on '-infinity', once.
 */
const dueOnSql = (monthsParam: number) =>
  `coalesce((${confirmedOnSql} + make_interval(months => $${monthsParam}::int))::date, '-infinity'::date)`;

/** Who is reminded of what: each manager of each visible place that is not closed and is stale at $1 for $2 months. */
const MANAGED = 'lieux l JOIN user_lieux ul ON ul.lieu_id = l.id JOIN users u ON u.id = ul.user_id';
const REMINDABLE = `l.merged_into IS NULL AND l.status <> 'closed' AND ${staleSql(1, 2)}`;

type Job = { id: string; email: string; lieu_id: string; data: LieuData; confirmed_on: string | null };
type Token = { token: string; hash: string };

export type SweepOptions = {
  months: number;
  /** The site's address for the links, without a trailing slash. */
  publicUrl: string;
  now: Date;
  /** Told each failure (the message names no one: see MailUnavailableError). */
  log?: (message: string) => void;
};
/** due: reminders this sweep had to send (new or retried); sent and failed: what became of those it claimed. */
export type SweepCounts = { due: number; sent: number; failed: number };

export async function sendDueReminders(db: Db, mailer: Mailer, options: SweepOptions): Promise<SweepCounts> {
  const at = options.now.toISOString();
  const candidates = await db.query<Omit<Job, 'id'> & { user_id: string; due_on: string }>(
    `SELECT l.id AS lieu_id, u.id AS user_id, u.email, l.data, ${confirmedOnSql}::text AS confirmed_on, ${dueOnSql(2)}::text AS due_on
     FROM ${MANAGED}
     WHERE ${REMINDABLE}
       AND NOT EXISTS (SELECT 1 FROM freshness_reminders r WHERE r.lieu_id = l.id AND r.user_id = u.id AND r.due_on = ${dueOnSql(2)})
     ORDER BY l.id, u.id`,
    [at, options.months],
  );
  const retries = await db.query<Job>(
    `SELECT r.id, u.email, l.id AS lieu_id, l.data, ${confirmedOnSql}::text AS confirmed_on
     FROM ${MANAGED} JOIN freshness_reminders r ON r.lieu_id = l.id AND r.user_id = u.id AND r.due_on = ${dueOnSql(2)}
     WHERE ${REMINDABLE}
       AND r.sent_at IS NULL AND r.used_at IS NULL AND r.attempts < $3 AND r.attempted_at < $1::timestamptz - make_interval(mins => $4)
     ORDER BY r.attempted_at`,
    [at, options.months, MAX_ATTEMPTS, RETRY_AFTER_MINUTES],
  );
  const counts: SweepCounts = { due: candidates.length + retries.length, sent: 0, failed: 0 };
  const send = async (job: Job, token: Token) => {
    try {
      await mailer.send({ to: job.email, ...reminderMail(job.data, { lieuId: job.lieu_id, publicUrl: options.publicUrl, months: options.months, linkDays: LINK_DAYS, token: token.token, confirmedOn: job.confirmed_on }) });
    } catch (error) {
      counts.failed++;
      options.log?.(`Rappel du lieu ${job.lieu_id} non envoyé (nouvel essai au prochain passage) : ${(error as Error).message}`);
      return;
    }
    await db.query('UPDATE freshness_reminders SET sent_at = $2 WHERE id = $1', [job.id, at]);
    counts.sent++;
  };

  for (const c of candidates) {
    const token = newToken();
    const [claimed] = await db.query<{ id: string }>(
      `INSERT INTO freshness_reminders (id, lieu_id, user_id, due_on, token_hash, created_at, expires_at, attempted_at)
       VALUES ($1, $2, $3, $4::date, $5, $6::timestamptz, $6::timestamptz + make_interval(days => $7), $6::timestamptz)
       ON CONFLICT (lieu_id, user_id, due_on) DO NOTHING RETURNING id`,
      [randomUUID(), c.lieu_id, c.user_id, c.due_on, token.hash, at, LINK_DAYS],
    );
    // Nothing returned: another process claimed it since the SELECT and sends it.
    if (claimed) await send({ ...c, id: claimed.id }, token);
  }
  for (const job of retries) {
    // Only the hash of the first token was kept: a retry mails a new link, and the old one stops working.
    const token = newToken();
    const [claimed] = await db.query(
      `UPDATE freshness_reminders SET token_hash = $2, attempted_at = $3::timestamptz, expires_at = $3::timestamptz + make_interval(days => $4), attempts = attempts + 1
       WHERE id = $1 AND sent_at IS NULL AND attempted_at < $3::timestamptz - make_interval(mins => $5) RETURNING id`,
      [job.id, token.hash, at, LINK_DAYS, RETRY_AFTER_MINUTES],
    );
    if (claimed) await send(job, token);
  }
  return counts;
}

function newToken(): Token {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: sha256(token) };
}

/** A token as it appears in a link (256 bits, base64url); anything else is not looked up. */
export const isReminderToken = (token: string) => /^[A-Za-z0-9_-]{43}$/.test(token);

export type ReminderProblem = 'unknown' | 'used' | 'expired';
/** The place and manager of a link, and why it cannot be used any more if so. */
export type ReminderLink = { problem: 'unknown' } | { lieuId: string; userId: string; problem?: 'used' | 'expired' };

/** What a link is about, without using it (the page a mail scanner may fetch changes nothing). */
export async function reminderForToken(db: Queryable, token: string, at: Date): Promise<ReminderLink> {
  if (!isReminderToken(token)) return { problem: 'unknown' };
  const [row] = await db.query<{ lieu_id: string; user_id: string; used: boolean; expired: boolean }>(
    'SELECT lieu_id, user_id, used_at IS NOT NULL AS used, expires_at <= $2::timestamptz AS expired FROM freshness_reminders WHERE token_hash = $1',
    [sha256(token), at.toISOString()],
  );
  if (!row) return { problem: 'unknown' };
  const link = { lieuId: row.lieu_id, userId: row.user_id };
  return row.used ? { ...link, problem: 'used' } : row.expired ? { ...link, problem: 'expired' } : link;
}

export type Confirmation =
  | { verified: true; lieuId: string; at: Date }
  | { verified: false; problem: ReminderProblem; lieuId?: string }
  /** The place was merged or the account deleted (gone), or the person no longer manages it (refused). */
  | { verified: false; problem: 'gone' | 'refused'; lieuId: string; message: string };

/**
 * "Still correct": uses the link once (one UPDATE, so two clicks or two processes verify once),
 * then saves the place's current data as verified by the manager the mail was sent to, with the
 * same checks as any edit (saveLieu: she must still manage the place).
 */
export async function confirmStillCorrect(db: Db, token: string, at: Date): Promise<Confirmation> {
  if (!isReminderToken(token)) return { verified: false, problem: 'unknown' };
  const hash = sha256(token);
  const [link] = await db.query<{ id: string; lieu_id: string; user_id: string }>(
    `UPDATE freshness_reminders SET used_at = $2::timestamptz
     WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2::timestamptz RETURNING id, lieu_id, user_id`,
    [hash, at.toISOString()],
  );
  if (!link) {
    const why = await reminderForToken(db, token, at);
    return { verified: false, problem: why.problem ?? 'used', ...('lieuId' in why && { lieuId: why.lieuId }) };
  }
  try {
    const user = await getUser(db, link.user_id);
    // A few tries: an edit saved between reading the place and confirming it must not be undone
    // by confirming the older version, so the save is checked against the revision read.
    for (let attempt = 1; ; attempt++) {
      const place = await loadEditable(db, link.lieu_id);
      if (!user || !place) return { verified: false, problem: 'gone', lieuId: link.lieu_id, message: 'Ce lieu a été fusionné avec un autre ou n’est plus dans Passerelle.' };
      try {
        await saveLieu(db, user, { lieuId: link.lieu_id, expectedRevision: Number(place.revision), loadedAt: place.loaded_at, data: place.data, action: 'lieu.verify', details: { via: 'rappel', reminder: link.id } });
        return { verified: true, lieuId: link.lieu_id, at };
      } catch (error) {
        if (error instanceof EditRefused) return { verified: false, problem: 'refused', lieuId: link.lieu_id, message: error.message };
        if (!(error instanceof EditConflict) || attempt === 3) throw error;
      }
    }
  } catch (error) {
    // Nothing was verified: the link works again, for a second try.
    await db.query('UPDATE freshness_reminders SET used_at = NULL WHERE id = $1', [link.id]);
    throw error;
  }
}
