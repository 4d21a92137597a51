// `passerelle comptes ajouter|lister`: the first administrator and coordinators are named from
// the command line (who runs it has the machine); later, administrators will do it in the site.
import { parseArgs } from 'node:util';
import type { Command } from './main.ts';
import { ROLES, addManagedLieu, isEmail, setRole, userForEmail, type Role, type Territory, type TerritoryLevel } from '../comptes/users.ts';

const LEVELS: TerritoryLevel[] = ['commune', 'epci', 'departement', 'region'];
const USAGE = 'passerelle comptes ajouter EMAIL --role manager|coordinator|admin [--territoire departement:38 …] [--lieu ID …]\n       passerelle comptes lister';

export const commands: Record<string, Command> = {
  comptes: {
    summary: 'Crée ou modifie un compte (rôle, territoires, lieux gérés), ou liste les comptes.',
    usage: USAGE,
    run: async (args, ctx) => {
      const [verb, ...rest] = args;
      if (verb === 'lister') {
        const db = await ctx.openDb({ seed: false });
        try {
          const rows = await db.query<{ email: string; role: Role; territories: string | null; lieux: number }>(
            `SELECT u.email, u.role, string_agg(DISTINCT t.level || ':' || t.code, ' ') AS territories, count(DISTINCT l.lieu_id)::int AS lieux
             FROM users u LEFT JOIN user_territories t ON t.user_id = u.id LEFT JOIN user_lieux l ON l.user_id = u.id
             GROUP BY u.email, u.role ORDER BY u.email`,
          );
          for (const r of rows) ctx.out(`${r.email}\t${r.role}\t${r.territories ?? ''}\t${r.lieux} lieu(x)`);
          ctx.err(`${rows.length} compte(s).`);
          return 0;
        } finally {
          await db.close();
        }
      }
      if (verb !== 'ajouter') {
        ctx.err(`Usage : ${USAGE}`);
        return 2;
      }
      const { values, positionals } = parseArgs({
        args: rest, allowPositionals: true,
        options: { role: { type: 'string' }, territoire: { type: 'string', multiple: true }, lieu: { type: 'string', multiple: true } },
      });
      const email = positionals[0] ?? '';
      const role = values.role ?? 'manager';
      if (!isEmail(email)) return fail(ctx, `Adresse e-mail invalide : « ${email} ».`);
      if (!(role in ROLES)) return fail(ctx, `Rôle inconnu : « ${role} » (manager, coordinator ou admin).`);
      const territories: Territory[] = [];
      for (const t of values.territoire ?? []) {
        const [level, code] = t.split(':');
        if (!LEVELS.includes(level as TerritoryLevel) || !code) return fail(ctx, `Territoire invalide : « ${t} » (par exemple departement:38, epci:200040715, commune:38151).`);
        territories.push({ level: level as TerritoryLevel, code });
      }
      if (role === 'coordinator' && territories.length === 0) return fail(ctx, 'Un coordinateur a au moins un territoire (--territoire departement:38).');
      const db = await ctx.openDb({ seed: false });
      try {
        const user = await userForEmail(db, email);
        await setRole(db, user.id, role as Role, territories);
        for (const lieu of values.lieu ?? []) await addManagedLieu(db, user.id, lieu);
        ctx.err(`Compte ${user.email} : ${ROLES[role as Role]}${territories.length ? ` (${territories.map((t) => `${t.level}:${t.code}`).join(', ')})` : ''}.`);
        return 0;
      } finally {
        await db.close();
      }
    },
  },
};

function fail(ctx: { err: (s: string) => void }, message: string): number {
  ctx.err(`${message}\nUsage : ${USAGE}`);
  return 2;
}
