// Owns the accounts (tables users, user_territories, user_lieux): who someone is, their role,
// the territories a coordinator looks after and the places a manager manages. Only a name and
// an e-mail address are kept about a person; deleting an account deletes all of it.
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../platform/db.ts';

export const ROLES = { manager: 'Responsable de lieu', coordinator: 'Coordinateur ou coordinatrice de territoire', admin: 'Administrateur ou administratrice' } as const;
export type Role = keyof typeof ROLES;
export type TerritoryLevel = 'commune' | 'epci' | 'departement' | 'region';
export type Territory = { level: TerritoryLevel; code: string };

export type User = { id: string; email: string; name: string; role: Role; territories: Territory[]; lieux: string[] };

export const normalizeEmail = (email: string) => email.trim().toLowerCase();
/** A plain check: something@something.tld, no spaces; the sign-in link proves the rest. */
export const isEmail = (email: string) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) && email.length <= 254;

export async function findUserByEmail(db: Queryable, email: string): Promise<User | undefined> {
  const [row] = await db.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [normalizeEmail(email)]);
  return row ? getUser(db, row.id) : undefined;
}

export async function getUser(db: Queryable, id: string): Promise<User | undefined> {
  const [row] = await db.query<Omit<User, 'territories' | 'lieux'>>('SELECT id, email, name, role FROM users WHERE id = $1', [id]);
  if (!row) return undefined;
  const territories = await db.query<Territory>('SELECT level, code FROM user_territories WHERE user_id = $1 ORDER BY level, code', [id]);
  const lieux = await db.query<{ lieu_id: string }>('SELECT lieu_id FROM user_lieux WHERE user_id = $1 ORDER BY since', [id]);
  return { ...row, territories, lieux: lieux.map((l) => l.lieu_id) };
}

/** The account of this address, created (as a structure manager) on first sign-in. */
export async function userForEmail(db: Queryable, email: string): Promise<User> {
  const address = normalizeEmail(email);
  await db.query('INSERT INTO users (id, email) VALUES ($1, $2) ON CONFLICT (email) DO NOTHING', [randomUUID(), address]);
  return (await findUserByEmail(db, address))!;
}

export async function setName(db: Queryable, userId: string, name: string): Promise<void> {
  await db.query('UPDATE users SET name = $2 WHERE id = $1', [userId, name.trim().slice(0, 120)]);
}

export async function setRole(db: Queryable, userId: string, role: Role, territories: Territory[] = []): Promise<void> {
  await db.query('UPDATE users SET role = $2 WHERE id = $1', [userId, role]);
  await db.query('DELETE FROM user_territories WHERE user_id = $1', [userId]);
  for (const t of territories) {
    await db.query('INSERT INTO user_territories (user_id, level, code) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [userId, t.level, t.code]);
  }
}

export async function addManagedLieu(db: Queryable, userId: string, lieuId: string): Promise<void> {
  await db.query('INSERT INTO user_lieux (user_id, lieu_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [userId, lieuId]);
}

/** Deletes the account and everything attached to it (sessions, territories, managed places). */
export async function deleteUser(db: Queryable, userId: string): Promise<void> {
  await db.query('DELETE FROM users WHERE id = $1', [userId]);
}
