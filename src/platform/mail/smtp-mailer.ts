// Owns the SMTP adapter of the mail port: each mail is handed to the server of the configuration
// (smtp://user:pass@host:587 upgrades to TLS when the server offers STARTTLS; smtps://…:465 is
// TLS from the start; nodemailer's options may follow as a query: ?requireTLS=true). The
// timeouts are short: a person waits for the answer of the form that asked for the mail.
import nodemailer from 'nodemailer';
import { now } from '../clock.ts';
import { MailUnavailableError, messageFields, type Mailer } from './mailer.ts';

export const SMTP_TIMEOUTS_MS = { connection: 5000, greeting: 5000, socket: 10_000 };

export type SmtpMailerOptions = {
  /** smtp://user:pass@host:port or smtps://user:pass@host:port (user and password URL-encoded). */
  url: string;
  /** The sender, "Passerelle <ne-pas-repondre@passerelle.exemple.fr>". */
  from: string;
  timeoutsMs?: Partial<typeof SMTP_TIMEOUTS_MS>;
};

export function smtpMailer({ url, from, timeoutsMs = {} }: SmtpMailerOptions): Mailer {
  const protocol = protocolOf(url);
  if (protocol !== 'smtp:' && protocol !== 'smtps:') {
    // Said without the URL, which may hold a password.
    throw new Error('PASSERELLE_SMTP_URL must start with smtp:// or smtps://');
  }
  const timeouts = { ...SMTP_TIMEOUTS_MS, ...timeoutsMs };
  const transport = nodemailer.createTransport({
    url,
    connectionTimeout: timeouts.connection,
    greetingTimeout: timeouts.greeting,
    socketTimeout: timeouts.socket,
  });
  return {
    async send(mail) {
      const fields = messageFields(mail, from, now());
      let rejected: unknown[];
      try {
        rejected = (await transport.sendMail(fields)).rejected ?? [];
      } catch (error) {
        throw new MailUnavailableError(error);
      }
      // With one recipient a refusal is thrown; this only guards a partial acceptance.
      if (rejected.length > 0) throw new MailUnavailableError(Object.assign(new Error('recipient rejected'), { code: 'EENVELOPE' }));
    },
  };
}

function protocolOf(url: string): string | undefined {
  try {
    return new URL(url).protocol;
  } catch {
    return undefined;
  }
}
