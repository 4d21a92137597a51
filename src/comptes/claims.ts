// Owns claims: a structure manager asks to manage a place (table claims). Accepted at once when
// her e-mail domain is the place's own (its website or one of its e-mail addresses), never for
// the big public mail providers (anyone has an address there); otherwise it waits for a
// coordinator of the place's territory, who accepts or refuses with a reason.
import { randomUUID } from 'node:crypto';
import type { Db } from '../platform/db.ts';
import type { LieuData } from '../lieux/domain/lieu.ts';
import { can, type Target } from './permissions.ts';
import { addManagedLieu, type User } from './users.ts';

/** Domains shared by millions of people: they prove nothing about a structure. */
export const PUBLIC_MAIL_DOMAINS = new Set([
  'gmail.com', 'googlemail.com', 'yahoo.fr', 'yahoo.com', 'hotmail.fr', 'hotmail.com', 'outlook.fr', 'outlook.com', 'live.fr',
  'live.com', 'msn.com', 'orange.fr', 'wanadoo.fr', 'free.fr', 'sfr.fr', 'neuf.fr', 'laposte.net', 'bbox.fr', 'icloud.com',
  'me.com', 'aol.com', 'gmx.fr', 'gmx.com', 'protonmail.com', 'proton.me', 'yopmail.com',
]);

const domainOfEmail = (email: string) => email.split('@')[1]?.trim().toLowerCase();
function domainOfSite(url: string): string | undefined {
  try {
    return new URL(/^[a-z]+:\/\//i.test(url) ? url : `https://${url}`).hostname.toLowerCase().replace(/^www\./, '');
  } catch {
    return undefined;
  }
}

/** The domains that prove someone belongs to the place's structure. */
export function placeDomains(data: Pick<LieuData, 'contact'>): Set<string> {
  const domains = [...(data.contact?.site_web ?? []).map(domainOfSite), ...(data.contact?.courriels ?? []).map(domainOfEmail)];
  return new Set(domains.filter((d): d is string => !!d && !PUBLIC_MAIL_DOMAINS.has(d)));
}

/** True when the address's domain is the place's, or a subdomain of it ("ccas.ville.fr" for "ville.fr"). */
export function domainMatches(email: string, data: Pick<LieuData, 'contact'>): boolean {
  const domain = domainOfEmail(email);
  if (!domain || PUBLIC_MAIL_DOMAINS.has(domain)) return false;
  return [...placeDomains(data)].some((d) => domain === d || domain.endsWith(`.${d}`) || d.endsWith(`.${domain}`));
}

export type ClaimablePlace = { id: string; data: Pick<LieuData, 'contact'> } & Extract<Target, { lieu: unknown }>['lieu'];
export type ClaimOutcome = 'already' | 'accepted' | 'pending';

export async function requestClaim(db: Db, user: User, lieu: ClaimablePlace): Promise<ClaimOutcome> {
  if (user.lieux.includes(lieu.id)) return 'already';
  const automatic = domainMatches(user.email, lieu.data);
  return db.transaction(async (tx) => {
    if (automatic) {
      await tx.query(
        `INSERT INTO claims (id, lieu_id, user_id, status, decided_how, decided_at) VALUES ($1, $2, $3, 'accepted', 'domain', now())`,
        [randomUUID(), lieu.id, user.id],
      );
      await addManagedLieu(tx, user.id, lieu.id);
      return 'accepted';
    }
    await tx.query(
      `INSERT INTO claims (id, lieu_id, user_id, status) VALUES ($1, $2, $3, 'pending') ON CONFLICT (lieu_id, user_id) WHERE status = 'pending' DO NOTHING`,
      [randomUUID(), lieu.id, user.id],
    );
    return 'pending';
  });
}

export type PendingClaim = {
  id: string; lieu_id: string; lieu_nom: string; email: string; name: string; created_at: string;
  commune_code: string | null; epci_code: string | null; departement_code: string | null; region_code: string | null;
};

/** The pending claims this person may decide (coordinators: their territories; admins: all). */
export async function pendingClaimsFor(db: Db, actor: User): Promise<PendingClaim[]> {
  const rows = await db.query<PendingClaim>(
    `SELECT c.id, c.lieu_id, l.nom AS lieu_nom, u.email, u.name, c.created_at::text AS created_at,
       l.commune_code, l.epci_code, l.departement_code, l.region_code
     FROM claims c JOIN lieux l ON l.id = c.lieu_id JOIN users u ON u.id = c.user_id
     WHERE c.status = 'pending' ORDER BY c.created_at`,
  );
  return rows.filter((r) => can(actor, 'moderate', { lieu: { ...r, id: r.lieu_id } }));
}

export class ClaimRefused extends Error {}

/** Accepts or refuses a pending claim; refused unless the actor may moderate the place. */
export async function decideClaim(db: Db, actor: User, claimId: string, decision: { accept: boolean; reason?: string }): Promise<void> {
  const [claim] = (await pendingClaimsFor(db, actor)).filter((c) => c.id === claimId);
  if (!claim) throw new ClaimRefused('Cette demande n’existe pas, est déjà traitée, ou ne concerne pas votre territoire.');
  await db.transaction(async (tx) => {
    const [row] = await tx.query<{ user_id: string }>(
      `UPDATE claims SET status = $2, decided_how = 'coordinator', decided_by = $3, reason = $4, decided_at = now()
       WHERE id = $1 AND status = 'pending' RETURNING user_id`,
      [claimId, decision.accept ? 'accepted' : 'refused', actor.id, decision.reason?.trim().slice(0, 500) || null],
    );
    if (!row) throw new ClaimRefused('Cette demande est déjà traitée.');
    if (decision.accept) await addManagedLieu(tx, row.user_id, claim.lieu_id);
  });
}
