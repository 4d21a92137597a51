// Owns the mail port: sending one e-mail to one person (one-time sign-in links, reminders).
// Domains depend on this interface only; adapters write to a local outbox folder
// (outbox-mailer.ts, the default and the tests') or hand the mail to an SMTP server
// (smtp-mailer.ts). The sender address comes from the configuration, never from the caller.

export type OutgoingMail = {
  /** One bare address ("camille@exemple.fr"): a sign-in link must never reach a second person. */
  to: string;
  subject: string;
  /** The plain-text body, always present (read by every mail client and screen reader). */
  text: string;
  /** An optional HTML alternative of the same content. */
  html?: string;
};

export interface Mailer {
  /** Resolves once the mail is stored or accepted by the server. Throws MailUnavailableError otherwise. */
  send(mail: OutgoingMail): Promise<void>;
}

/**
 * The mail could not be sent. The message is for people; it never holds the recipient, the
 * subject or the body (a sign-in link is a key to an account), so logging the error leaks
 * nothing personal. `cause` keeps what went wrong for the logs, with e-mail addresses masked.
 */
export class MailUnavailableError extends Error {
  /** The failure's code when known: nodemailer's (ECONNECTION, ETIMEDOUT, EENVELOPE…) or the file system's (ENOSPC…). */
  readonly code?: string;
  /** The SMTP reply code when the server refused (550…). */
  readonly responseCode?: number;

  constructor(cause?: unknown) {
    const details = cause === undefined ? undefined : maskedCause(cause);
    super('L’envoi du courriel a échoué. Réessayez dans quelques minutes.', details ? { cause: details } : undefined);
    this.name = 'MailUnavailableError';
    if (details?.code !== undefined) this.code = details.code;
    if (details?.responseCode !== undefined) this.responseCode = details.responseCode;
  }
}

const BARE_ADDRESS = /^[^\s@,;:<>()[\]"\\]+@[^\s@,;:<>()[\]"\\]+\.[^\s@,;:<>()[\]"\\]+$/;
/** Throws unless `to` is one bare address with a dotted domain (no display name, no list, no line break). */
export function assertOneRecipient(to: string): void {
  // A programming error, not a delivery failure; the message does not repeat the address.
  if (!BARE_ADDRESS.test(to)) throw new TypeError('OutgoingMail.to must be exactly one bare e-mail address');
}

/** The fields both adapters give nodemailer: the same headers whether the mail is stored or sent. */
export function messageFields(mail: OutgoingMail, from: string, date: Date) {
  assertOneRecipient(mail.to);
  return {
    from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    ...(mail.html !== undefined && { html: mail.html }),
    date,
    // RFC 3834: automatic mail, so vacation responders do not answer it.
    headers: { 'Auto-Submitted': 'auto-generated' },
  };
}

type MaskedCause = Error & { code?: string; command?: string; responseCode?: number };

const ADDRESS_LIKE = /[^\s<>"'(),;:[\]]+@[^\s<>"'(),;:[\]]+/g;
const mask = (text: string) => text.replace(ADDRESS_LIKE, '[address]');

/** A copy of the failure with addresses masked (SMTP replies often quote the refused recipient). */
function maskedCause(cause: unknown): MaskedCause {
  const source = (typeof cause === 'object' && cause !== null ? cause : {}) as Record<string, unknown>;
  const message = cause instanceof Error ? cause.message : String(cause);
  const copy: MaskedCause = new Error(mask(message));
  copy.name = cause instanceof Error ? cause.name : 'Error';
  if (typeof source.code === 'string') copy.code = source.code;
  if (typeof source.command === 'string') copy.command = mask(source.command);
  if (typeof source.responseCode === 'number') copy.responseCode = source.responseCode;
  return copy;
}
