// Owns the command line: `passerelle serve | import | export | reset | …`. Each command opens
// the database, prepares it, runs one use case and says in French what happened.
import { parseArgs } from 'node:util';
import { rmSync } from 'node:fs';
import { loadConfig, type Config } from '../app/config.ts';
import { openAppDb, prepareDb } from '../app/bootstrap.ts';
import type { Db } from '../platform/db.ts';
import { commands as importCommands } from './import-command.ts';
import { commands as exportCommands } from './export-command.ts';
import { commands as mergeCommands } from './merge-commands.ts';
import { commands as accountCommands } from './account-commands.ts';
import { commands as reminderCommands, startServeReminders } from './reminder-command.ts';
import { commands as dataCommands } from './data-command.ts';

export type Command = {
  summary: string;
  usage: string;
  run: (args: string[], context: CliContext) => Promise<number>;
};
export type CliContext = {
  config: Config;
  openDb: (opts?: { seed?: boolean }) => Promise<Db>;
  out: (s: string) => void;
  err: (s: string) => void;
  /** Who acts, for change_log, when a command is not told (--actor). */
  defaultActor: string;
};

const COMMANDS: Record<string, Command> = {
  serve: {
    summary: 'Démarre le site et l’API (http://localhost:3000 par défaut).',
    usage: 'passerelle serve [--port 3000]',
    run: async (args, ctx) => {
      const { values } = parseArgs({ args, options: { port: { type: 'string' } } });
      const db = await ctx.openDb();
      const { buildServer } = await import('../api/server.ts');
      const app = await buildServer(db);
      // Load the catalog of places before the first visitor, not during their request.
      const { catalog } = await import('../lieux/catalog/catalog.ts');
      await catalog(db);
      const port = Number(values.port ?? ctx.config.port);
      await app.listen({ port, host: ctx.config.host });
      const address = app.server.address();
      const actualPort = typeof address === 'object' && address ? address.port : port;
      // Freshness reminders: the jobs are in the database, so every process may sweep.
      const reminders = startServeReminders(db, ctx, actualPort);
      ctx.err(`Passerelle est prête : http://localhost:${actualPort}/ (base : ${db.backend === 'pglite' ? ctx.config.dataDir : 'PostgreSQL'})`);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await reminders.stop();
      await app.close();
      await db.close();
      return 0;
    },
  },
  reset: {
    summary: 'Efface toutes les données (base embarquée ou schéma PostgreSQL) ; le prochain démarrage les recrée.',
    usage: 'passerelle reset --yes',
    run: async (args, ctx) => {
      const { values } = parseArgs({ args, options: { yes: { type: 'boolean' } } });
      if (!values.yes) {
        ctx.err('Ajoutez --yes pour confirmer : toutes les données seront effacées.');
        return 2;
      }
      if (!ctx.config.databaseUrl) {
        rmSync(ctx.config.dataDir, { recursive: true, force: true });
        ctx.err(`Données effacées : ${ctx.config.dataDir}`);
        return 0;
      }
      const { openDb } = await import('../platform/db.ts');
      const db = await openDb({ backend: 'postgres', url: ctx.config.databaseUrl, ...(ctx.config.databaseSchema && { schema: ctx.config.databaseSchema }) });
      const schema = ctx.config.databaseSchema ?? 'public';
      const tables = await db.query<{ tablename: string }>('SELECT tablename FROM pg_tables WHERE schemaname = $1', [schema]);
      if (tables.length > 0) await db.exec(`DROP TABLE ${tables.map((t) => `"${schema}"."${t.tablename}"`).join(', ')} CASCADE`);
      await db.close();
      ctx.err(`Données effacées : ${tables.length} tables du schéma ${schema}.`);
      return 0;
    },
  },
  ...importCommands,
  ...exportCommands,
  ...mergeCommands,
  ...accountCommands,
  ...reminderCommands,
  ...dataCommands,
};

function help(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(14)} ${c.summary}\n  ${' '.repeat(14)} ${c.usage}`);
  return `Passerelle — référentiel des lieux d'inclusion numérique\n\nCommandes :\n${lines.join('\n')}\n\nVariables : DATABASE_URL (PostgreSQL ; sinon base embarquée dans PASSERELLE_DATA_DIR=data/pglite), PORT.`;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const command = name ? COMMANDS[name] : undefined;
  if (!command) {
    console.error(help());
    return name && name !== 'help' && name !== '--help' ? 2 : 0;
  }
  const config = loadConfig();
  const err = (s: string) => process.stderr.write(`${s}\n`);
  const context: CliContext = {
    config,
    out: (s) => process.stdout.write(`${s}\n`),
    err,
    defaultActor: `cli:${process.env.USER ?? 'inconnu'}`,
    openDb: async (opts) => {
      const db = await openAppDb(config);
      await prepareDb(db, { seed: opts?.seed ?? config.seed, log: err });
      return db;
    },
  };
  try {
    return await command.run(args, context);
  } catch (error) {
    err(`Erreur : ${(error as Error).message}`);
    if (process.env.DEBUG) err(String((error as Error).stack));
    return 1;
  }
}
