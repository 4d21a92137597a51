// Owns the periodic sweep of the running server: every PASSERELLE_RAPPELS_INTERVALLE_MIN minutes
// (60 by default, 0 for none, e.g. when cron runs `passerelle rappels envoyer`) it sends the due
// reminders. The timer holds no work, only the moment to look: the jobs are rows in the database,
// so every process of a deployment may sweep, and a restart loses nothing. When given
// digestHours, the same sweep then mails the coordinators' digests (moderation-digest.ts).
import type { Db } from '../platform/db.ts';
import type { Mailer } from '../platform/mail/mailer.ts';
import { now } from '../platform/clock.ts';
import { sendDueReminders, type SweepCounts } from './reminders.ts';
import { sendDueDigests, type DigestCounts } from './moderation-digest.ts';

export const DEFAULT_INTERVAL_MINUTES = 60;

export function reminderIntervalMinutes(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.PASSERELLE_RAPPELS_INTERVALLE_MIN;
  if (raw === undefined || raw === '') return DEFAULT_INTERVAL_MINUTES;
  const minutes = Number(raw);
  if (!Number.isInteger(minutes) || minutes < 0 || minutes > 10_080) {
    throw new Error(`PASSERELLE_RAPPELS_INTERVALLE_MIN vaut « ${raw} » : indiquez un nombre entier de minutes entre 0 (pas d’envoi par le serveur) et 10080.`);
  }
  return minutes;
}

export type ReminderSweep = { stop(): Promise<void> };

/**
 * Sweeps once soon after start (a server restarted more often than the interval would otherwise
 * never sweep), then every `intervalMinutes` (> 0). The timers do not keep the process alive, and
 * a sweep still running when the next is due is not doubled.
 */
export function startReminderSweep(
  db: Db, mailer: Mailer,
  options: {
    intervalMinutes: number; months: number; publicUrl: string; log: (message: string) => void; onSweep?: (counts: SweepCounts) => void;
    /** Hours between two moderation digests to one person (PASSERELLE_RESUME_HEURES); none when absent or 0. */
    digestHours?: number; onDigests?: (counts: DigestCounts) => void;
  },
): ReminderSweep {
  let running: Promise<void> | undefined;
  const sweep = () => {
    if (running) return;
    running = sendDueReminders(db, mailer, { months: options.months, publicUrl: options.publicUrl, now: now(), log: options.log })
      .then((counts) => {
        if (counts.sent + counts.failed > 0) options.log(`Rappels de mise à jour : ${counts.sent} envoyé(s), ${counts.failed} en échec.`);
        options.onSweep?.(counts);
      }, (error: unknown) => options.log(`Rappels de mise à jour : le passage a échoué (${(error as Error).message}).`))
      .then(() => sweepDigests())
      .finally(() => { running = undefined; });
  };
  const sweepDigests = async () => {
    if (!options.digestHours) return;
    await sendDueDigests(db, mailer, { hours: options.digestHours, publicUrl: options.publicUrl, now: now(), log: options.log })
      .then((counts) => {
        if (counts.sent + counts.failed > 0) options.log(`Résumés aux coordinateurs : ${counts.sent} envoyé(s), ${counts.failed} en échec.`);
        options.onDigests?.(counts);
      }, (error: unknown) => options.log(`Résumés aux coordinateurs : le passage a échoué (${(error as Error).message}).`));
  };
  const first = setTimeout(sweep, 1000).unref();
  const every = setInterval(sweep, options.intervalMinutes * 60_000).unref();
  return {
    async stop() {
      clearTimeout(first);
      clearInterval(every);
      await running; // before the database is closed under it
    },
  };
}
