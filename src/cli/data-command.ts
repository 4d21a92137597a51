// `passerelle data fetch|load|lister`: the observatory's datasets for a data manager at a terminal —
// download one from its address (with progress, resumed if cut, checked), load a local copy, see
// what is loaded. The datasets are listed in src/observatoire/datasets/registry.ts.
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import type { Command, CliContext } from './main.ts';
import type { Db } from '../platform/db.ts';
import { DATASETS, GENERIC_PARSER, datasetEntry, demoFile } from '../observatoire/datasets/registry.ts';
import { loadDataset, DatasetFileError, type LoadOptions } from '../observatoire/datasets/load.ts';
import { fetchDataset, DownloadError, mo, type Progress } from '../observatoire/datasets/fetch.ts';
import { officialSource } from '../observatoire/datasets/official/sources.ts';
import { listStoredDatasets } from '../observatoire/datasets/store.ts';
import { loadSummary } from '../observatoire/datasets/summary.ts';

const USAGE = [
  'passerelle data lister',
  'passerelle data load NOM FICHIER [--version VERSION] [--force]',
  'passerelle data load NOM --officiel FICHIER… [--version VERSION] [--force]   (les fichiers du producteur, dans l’ordre de « passerelle data sources NOM »)',
  `passerelle data load ${GENERIC_PARSER} FICHIER --nom NOM [--titre TITRE] [--poids COLONNE] [--source URL] [--version VERSION] [--force]`,
  'passerelle data fetch NOM [--url URL] [--sortie DOSSIER] [--version VERSION] [--force]',
  'passerelle data sources NOM',
  `passerelle data fetch ${GENERIC_PARSER} --url URL --nom NOM [--titre TITRE] [--poids COLONNE] [--sortie DOSSIER]`,
].join('\n                 ');

const OPTIONS = {
  version: { type: 'string' }, force: { type: 'boolean' }, nom: { type: 'string' }, titre: { type: 'string' },
  poids: { type: 'string' }, source: { type: 'string' }, url: { type: 'string' }, sortie: { type: 'string' }, officiel: { type: 'boolean' },
} as const;

/** Where `data fetch` downloads by default. */
export const DEFAULT_DOWNLOAD_DIR = 'data/donnees';

const DATE = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeStyle: 'short', timeZone: 'Europe/Paris' });

type Sub = (args: string[], ctx: CliContext) => Promise<number>;

const SUBCOMMANDS: Record<string, Sub> = {
  lister: async (_args, ctx) => withDb(ctx, async (db) => {
    const stored = new Map((await listStoredDatasets(db)).map((d) => [d.name, d]));
    const names = [...DATASETS.map((d) => d.name), ...[...stored.keys()].filter((k) => !DATASETS.some((d) => d.name === k))];
    for (const name of names) {
      const d = stored.get(name);
      const title = d?.title ?? DATASETS.find((e) => e.name === name)?.title ?? '';
      ctx.out(d
        ? `${name}\t${d.version}\tchargé le ${DATE.format(new Date(d.loaded_at))}\t${d.rows.toLocaleString('fr-FR')} lignes\t${title}`
        : `${name}\tnon chargé\t\t\t${title}`);
    }
    const missing = DATASETS.filter((d) => !stored.has(d.name));
    ctx.err(`${stored.size} jeu(x) de données chargé(s)${missing.length ? ` ; pour charger les autres : passerelle data load NOM FICHIER, ou passerelle data fetch NOM` : ''}.`);
    return 0;
  }),

  load: async (args, ctx) => {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: OPTIONS });
    const [name, path, ...more] = positionals;
    if (!name || !path || (more.length > 0 && !values.officiel)) return usage(ctx);
    const options = loadOptions(name, values);
    if (!options) return usage(ctx, `Donnez le nom du jeu de données : --nom NOM.`);
    let files: { officialFiles: Record<string, string> } | { path: string } = { path: resolve(path) };
    if (values.officiel) {
      const source = officialSource(name);
      if (!source) return usage(ctx, `${name} ne se charge pas depuis les fichiers de son producteur.`);
      const given = [path, ...more];
      if (given.length !== source.files.length) {
        return usage(ctx, `${name} se charge depuis ${source.files.length} fichier(s) de ${source.producer}, dans cet ordre : ${source.files.map((f) => f.title).join(' ; ')}.`);
      }
      files = { officialFiles: Object.fromEntries(source.files.map((f, i) => [f.role, resolve(given[i]!)])) };
    }
    return withDb(ctx, async (db) => {
      const result = await loadDataset(db, { ...options, ...files });
      for (const line of loadSummary(result)) ctx.out(line);
      return 0;
    });
  },

  sources: async (args, ctx) => {
    const [name] = args;
    const entry = name ? datasetEntry(name) : undefined;
    if (!name || !entry) return usage(ctx, name ? `Jeu de données inconnu « ${name} ».` : undefined);
    const source = officialSource(name);
    ctx.out(`${entry.name} — ${entry.title}`);
    ctx.out(`Fichier de Passerelle : ${entry.file} (${entry.version}), d’après ${entry.source_url}`);
    if (!source) {
      ctx.out('Pas de lecture des fichiers du producteur : passerelle data fetch télécharge le fichier de Passerelle depuis --url ou PASSERELLE_DONNEES_URL.');
      return 0;
    }
    ctx.out(`Fichiers du producteur (${source.producer}, ${source.version}, ${source.licence}) — ${source.page} :`);
    source.files.forEach((f, i) => ctx.out(`  ${i + 1}. ${f.title}\n     ${f.url}`));
    ctx.out(`passerelle data fetch ${name} les télécharge (sans --url ni PASSERELLE_DONNEES_URL) ; copies locales : passerelle data load ${name} --officiel ${source.files.map((f) => f.role.toUpperCase()).join(' ')}.`);
    return 0;
  },

  fetch: async (args, ctx) => {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: OPTIONS });
    const [name] = positionals;
    if (!name || positionals.length > 1) return usage(ctx);
    const options = loadOptions(name, values);
    if (!options) return usage(ctx, `Donnez le nom du jeu de données : --nom NOM.`);
    const dir = resolve(values.sortie ?? DEFAULT_DOWNLOAD_DIR);
    return withDb(ctx, async (db) => {
      const progress = progressPrinter(ctx);
      const { downloaded, loaded, files } = await fetchDataset(db, {
        name: options.name, dir,
        ...(values.url && { url: values.url }),
        ...(options.generic && { generic: options.generic }), ...(options.version && { version: options.version }), ...(options.force && { force: true }),
        onStart: ({ resumedFrom, restarted, total, part }) => {
          if (resumedFrom > 0) ctx.err(`Reprise du téléchargement à ${mo(resumedFrom)}${total ? ` sur ${mo(total)}` : ''} (${part}).`);
          else if (restarted) ctx.err(`Le serveur ne reprend pas le téléchargement interrompu : il recommence depuis le début (${part}).`);
          else ctx.err(`Téléchargement${total ? ` de ${mo(total)}` : ''} vers ${part}…`);
        },
        onProgress: progress,
        onFile: ({ index, count, title, url }) => ctx.err(`Fichier ${index + 1} sur ${count} du producteur : ${title} (${url}).`),
      });
      for (const d of files ?? [downloaded]) {
        ctx.err(d.alreadyThere
          ? `Déjà téléchargé : ${d.path} (empreinte vérifiée).`
          : `Téléchargé : ${d.path} (${mo(d.bytes)}, SHA-256 ${d.sha256}).`);
      }
      for (const line of loadSummary(loaded)) ctx.out(line);
      return 0;
    });
  },
};

type Values = { version?: string; force?: boolean; officiel?: boolean; nom?: string; titre?: string; poids?: string; source?: string };

/** The load options of the command line; undefined when an indicator CSV has no --nom. */
function loadOptions(name: string, values: Values): Omit<LoadOptions, 'path'> | undefined {
  const common = { ...(values.version && { version: values.version }), ...(values.force && { force: true }) };
  if (name !== GENERIC_PARSER) return { name, ...common };
  if (!values.nom) return undefined;
  return {
    name: values.nom, ...common,
    generic: { ...(values.titre && { title: values.titre }), ...(values.poids && { weightColumn: values.poids.toLowerCase() }), ...(values.source && { sourceUrl: values.source }) },
  };
}

/** A line at each tenth of the file (or each 5 Mo when its size is unknown). */
function progressPrinter(ctx: CliContext): (p: Progress) => void {
  let shown = -1;
  return ({ received, total }) => {
    const step = total ? Math.floor((received / total) * 10) : Math.floor(received / 5e6);
    if (step === shown) return;
    shown = step;
    ctx.err(total ? `  … ${mo(received)} sur ${mo(total)} (${Math.floor((received / total) * 100)} %)` : `  … ${mo(received)}`);
  };
}

async function withDb(ctx: CliContext, fn: (db: Db) => Promise<number>): Promise<number> {
  const db = await ctx.openDb({ seed: false });
  try {
    return await fn(db);
  } catch (error) {
    if (error instanceof DatasetFileError || error instanceof DownloadError) {
      ctx.err(`Le jeu de données n’a pas été chargé : ${error.message}`);
      return 1;
    }
    throw error;
  } finally {
    await db.close();
  }
}

function usage(ctx: CliContext, message?: string): number {
  ctx.err(`${message ? `${message}\n` : ''}Usage : ${USAGE}`);
  return 2;
}

export const commands: Record<string, Command> = {
  data: {
    summary: 'Jeux de données de l’observatoire (contours, recensement, couverture THD…) : télécharger, charger, lister.',
    usage: USAGE,
    run: async (args, ctx) => {
      const [verb, ...rest] = args;
      const sub = verb ? SUBCOMMANDS[verb] : undefined;
      if (!sub) {
        const demo = DATASETS.map((d) => `  ${d.name.padEnd(22)} ${d.title}${demoFile(d) ? `\n  ${' '.repeat(22)} copie locale : ${demoFile(d)}` : ''}`).join('\n');
        ctx.err(`Usage : ${USAGE}\n\nJeux de données :\n${demo}\n  ${GENERIC_PARSER.padEnd(22)} tout CSV d’indicateurs par commune (colonne code_insee), sous le nom donné par --nom`);
        return 2;
      }
      return sub(rest, ctx);
    },
  },
};
