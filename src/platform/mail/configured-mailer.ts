// Owns the choice of the mail adapter from the configuration: SMTP when PASSERELLE_SMTP_URL is
// set, otherwise the local outbox folder (PASSERELLE_OUTBOX_DIR, data/outbox by default), so a
// newcomer's machine and the tests never send real mail.
import type { Mailer } from './mailer.ts';
import { outboxMailer } from './outbox-mailer.ts';
import { smtpMailer } from './smtp-mailer.ts';

export function configuredMailer(config: { smtpUrl?: string; outboxDir: string; mailFrom: string }): Mailer {
  return config.smtpUrl
    ? smtpMailer({ url: config.smtpUrl, from: config.mailFrom })
    : outboxMailer({ dir: config.outboxDir, from: config.mailFrom });
}
