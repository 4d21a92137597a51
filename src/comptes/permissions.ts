// Owns who may do what (issue 4), checked on the server for every action: one pure function,
// `can`, read by every route and tested as a whole matrix (test/comptes/permissions.test.ts).
//
//                 visitor  manager (own places)  coordinator (own territories)  admin
//   read            yes        yes                    yes                        yes
//   suggest         yes        yes                    yes                        yes
//   edit            no         own places             places of its territories  yes
//   moderate        no         no                     its territories            yes
//   import          no         no                     its territories            yes
//   export          no         no                     its territories            yes   (dashboards: stale, unclaimed, reported)
//   manage_users    no         no                     no                         yes
// The référentiel itself is open data: reading and exporting it through the API needs no account.
import type { Role, TerritoryLevel, User } from './users.ts';

export const ACTIONS = ['read', 'suggest', 'edit', 'moderate', 'import', 'export', 'manage_users'] as const;
export type Action = (typeof ACTIONS)[number];

/** What the action is about: a place (its id and territories) or a territory; nothing for global actions. */
export type Target =
  | { lieu: { id: string; commune_code: string | null; epci_code: string | null; departement_code: string | null; region_code: string | null } }
  | { territory: { level: TerritoryLevel; code: string; departement_code?: string | null; region_code?: string | null; epci_code?: string | null } }
  | Record<string, never>;

export type Actor = Pick<User, 'role' | 'territories' | 'lieux'> | undefined;

export function can(actor: Actor, action: Action, target: Target = {}): boolean {
  if (action === 'read' || action === 'suggest') return true;
  if (!actor) return false;
  const role: Role = actor.role;
  if (role === 'admin') return true;
  if (action === 'manage_users') return false;
  if (role === 'manager') return action === 'edit' && 'lieu' in target && actor.lieux.includes(target.lieu.id);
  // coordinator
  return covers(actor, target);
}

/** True when one of the coordinator's territories contains the target. */
function covers(actor: NonNullable<Actor>, target: Target): boolean {
  const codes: Partial<Record<TerritoryLevel, string | null | undefined>> =
    'lieu' in target ? { commune: target.lieu.commune_code, epci: target.lieu.epci_code, departement: target.lieu.departement_code, region: target.lieu.region_code }
    : 'territory' in target ? {
      [target.territory.level]: target.territory.code,
      ...(target.territory.level !== 'region' && { region: target.territory.region_code }),
      ...(target.territory.level === 'commune' && { departement: target.territory.departement_code, epci: target.territory.epci_code }),
    }
    : {};
  return actor.territories.some((t) => codes[t.level] != null && codes[t.level] === t.code);
}
