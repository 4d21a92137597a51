// Owns how the author of a change is written in change_log ("user:<id>" for an account,
// "cli:<login>" for the command line, "system:seed" for the first start) and shown to people.
// Only the id is logged: a deleted account leaves no name or address behind in the history.
import type { Queryable } from '../platform/db.ts';
import type { User } from '../comptes/users.ts';

export const actorOf = (user: Pick<User, 'id'>) => `user:${user.id}`;

/** Words for each actor of the list, e.g. "Claire Martin (claire@ville.fr)", "Import en ligne de commande (dupont)". */
export async function describeActors(db: Queryable, actors: readonly string[]): Promise<Map<string, string>> {
  const ids = [...new Set(actors.filter((a) => a.startsWith('user:')).map((a) => a.slice(5)))].filter((id) => /^[0-9a-f-]{36}$/i.test(id));
  const users = ids.length === 0 ? [] : await db.query<{ id: string; name: string; email: string }>('SELECT id, name, email FROM users WHERE id = ANY($1::uuid[])', [ids]);
  const byId = new Map(users.map((u) => [u.id, u.name ? `${u.name} (${u.email})` : u.email]));
  return new Map(actors.map((a) => [a, describe(a, byId)]));
}

function describe(actor: string, users: Map<string, string>): string {
  if (actor.startsWith('user:')) return users.get(actor.slice(5)) ?? 'Compte supprimé';
  if (actor.startsWith('cli:')) return `Ligne de commande (${actor.slice(4)})`;
  if (actor === 'system:seed') return 'Jeu de données initial';
  if (actor.startsWith('system:')) return 'Passerelle (automatique)';
  return actor;
}
