// `passerelle rappels envoyer`: sends the due freshness reminders once (for cron), then the
// coordinators' moderation digests (PASSERELLE_RESUME_HEURES, 0 for none), and the sweep
// `passerelle serve` runs while it is up. Both read the same jobs in the database, so running
// them together, or on several machines, sends each reminder and each digest once.
import type { Db } from '../platform/db.ts';
import { configuredMailer } from '../platform/mail/configured-mailer.ts';
import { now } from '../platform/clock.ts';
import { staleMonths } from '../contribution/staleness.ts';
import { sendDueReminders } from '../contribution/reminders.ts';
import { digestHours, sendDueDigests } from '../contribution/moderation-digest.ts';
import { reminderIntervalMinutes, startReminderSweep, type ReminderSweep } from '../contribution/reminder-sweep.ts';
import type { CliContext, Command } from './main.ts';

const USAGE = 'passerelle rappels envoyer';

/** Links in mails must reach the site from outside: PASSERELLE_PUBLIC_URL, else this machine. */
function publicUrl(ctx: Pick<CliContext, 'config' | 'err'>, port: number): string {
  if (ctx.config.publicUrl) return ctx.config.publicUrl;
  ctx.err(`PASSERELLE_PUBLIC_URL n’est pas défini : les liens des rappels mèneront à http://localhost:${port}.`);
  return `http://localhost:${port}`;
}

export const commands: Record<string, Command> = {
  rappels: {
    summary: 'Envoie les rappels aux responsables des lieux non vérifiés depuis PASSERELLE_RAPPEL_MOIS mois (6 par défaut), puis aux coordinateurs le résumé de ce qui attend leur décision (au plus une fois toutes les PASSERELLE_RESUME_HEURES heures, 24 par défaut).',
    usage: USAGE,
    run: async (args, ctx) => {
      if (args[0] !== 'envoyer' || args.length > 1) {
        ctx.err(`Usage : ${USAGE}`);
        return 2;
      }
      const months = staleMonths();
      const hours = digestHours();
      const url = publicUrl(ctx, ctx.config.port);
      const db = await ctx.openDb({ seed: false });
      try {
        const mailer = configuredMailer(ctx.config);
        const counts = await sendDueReminders(db, mailer, { months, publicUrl: url, now: now(), log: ctx.err });
        ctx.err(`Rappels (lieux non vérifiés depuis ${months} mois) : ${counts.due} à envoyer, ${counts.sent} envoyé(s), ${counts.failed} en échec${counts.failed ? ' (réessayés au prochain passage)' : ''}.`);
        if (hours === 0) return counts.failed > 0 ? 1 : 0;
        const digests = await sendDueDigests(db, mailer, { hours, publicUrl: url, now: now(), log: ctx.err });
        ctx.err(`Résumés aux coordinateurs (au plus un toutes les ${hours} heures) : ${digests.due} à envoyer, ${digests.sent} envoyé(s), ${digests.failed} en échec${digests.failed ? ' (réessayés au prochain passage)' : ''}.`);
        return counts.failed + digests.failed > 0 ? 1 : 0;
      } finally {
        await db.close();
      }
    },
  },
};

/**
 * The server's sweep (`passerelle serve`), off when PASSERELLE_RAPPELS_INTERVALLE_MIN is 0. Without
 * PASSERELLE_PUBLIC_URL, links lead to this machine (right on a newcomer's one): said only when a
 * reminder is actually sent, so a start stays quiet.
 */
export function startServeReminders(db: Db, ctx: CliContext, port: number): ReminderSweep {
  const intervalMinutes = reminderIntervalMinutes();
  if (intervalMinutes === 0) return { stop: async () => {} };
  const configured = ctx.config.publicUrl;
  return startReminderSweep(db, configuredMailer(ctx.config), {
    intervalMinutes, months: staleMonths(), publicUrl: configured ?? `http://localhost:${port}`, log: ctx.err,
    onSweep: (counts) => {
      if (!configured && counts.sent > 0) ctx.err(`PASSERELLE_PUBLIC_URL n’est pas défini : les liens des rappels mènent à http://localhost:${port}.`);
    },
    digestHours: digestHours(),
    onDigests: (counts) => {
      if (!configured && counts.sent > 0) ctx.err(`PASSERELLE_PUBLIC_URL n’est pas défini : les liens des résumés mènent à http://localhost:${port}.`);
    },
  });
}
