// `passerelle import FILE --source NAME`: the import use case for a data manager at a terminal.
import { parseArgs } from 'node:util';
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Command } from './main.ts';
import { importFile } from '../lieux/import/import-file.ts';
import { reportCsv, reportJson, reportSummary } from '../lieux/import/report.ts';
import { IMPORT_FORMATS } from '../lieux/formats/registry.ts';
import { FileError } from '../lieux/formats/readers.ts';
import { mergeProbableDuplicates } from '../lieux/dedup/merge-duplicates.ts';

export const commands: Record<string, Command> = {
  import: {
    summary: 'Importe un fichier de lieux (CSV ou JSON du schéma national, format v0, GeoJSON, data·inclusion).',
    usage: `passerelle import FICHIER --source NOM [--format ${IMPORT_FORMATS.join('|')}] [--rapport DOSSIER] [--sans-fusion]`,
    run: async (args, ctx) => {
      const { values, positionals } = parseArgs({
        args, allowPositionals: true,
        options: {
          source: { type: 'string' }, format: { type: 'string' }, rapport: { type: 'string' }, actor: { type: 'string' },
          'sans-fusion': { type: 'boolean' },
        },
      });
      const path = positionals[0];
      if (!path || !values.source) {
        ctx.err(`Usage : ${commands.import!.usage}`);
        return 2;
      }
      const db = await ctx.openDb();
      try {
        let lastShown = 0;
        const actor = values.actor ?? ctx.defaultActor;
        const report = await importFile(db, {
          path, source: values.source, ...(values.format && { format: values.format }),
          actor,
          onProgress: ({ rows, rejected }) => {
            if (rows - lastShown >= 5000 || rows < 5000) {
              lastShown = rows;
              ctx.err(`  … ${rows} lignes lues (${rejected} rejetées)`);
            }
          },
        });
        ctx.out(reportSummary(report));
        const dir = values.rapport ?? 'rapports';
        mkdirSync(dir, { recursive: true });
        const stem = join(dir, `${basename(path).replace(/\.[^.]+$/, '')}.rapport`);
        writeFileSync(`${stem}.csv`, reportCsv(report));
        writeFileSync(`${stem}.json`, reportJson(report));
        ctx.out(`Rapport détaillé : ${stem}.csv et ${stem}.json`);
        if (!values['sans-fusion']) {
          // Probable duplicates across sources are merged now and checked by an operator later.
          const merged = await mergeProbableDuplicates(db, actor);
          ctx.out(merged.length > 1 ? `${merged.length} doublons probables fusionnés (à vérifier : passerelle fusions lister --statut applied)`
            : merged.length === 1 ? '1 doublon probable fusionné (à vérifier : passerelle fusions lister --statut applied)'
            : '0 doublon probable fusionné');
        }
        return report.rows_rejected > 0 || report.file_error ? 3 : 0;
      } catch (error) {
        if (error instanceof FileError) {
          ctx.err(`Le fichier n'a pas été importé : ${error.message}`);
          return 2;
        }
        throw error;
      } finally {
        await db.close();
      }
    },
  },
};
