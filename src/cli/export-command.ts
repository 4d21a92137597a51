// `passerelle export --format FORMAT [--sortie FICHIER]`: every place in an open format, to a file
// or to the standard output; messages go to the standard error so they never mix with the data.
import { parseArgs } from 'node:util';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import type { Writable } from 'node:stream';
import type { Command } from './main.ts';
import { EXPORT_FORMATS, exportLieux, isExportFormat, type ExportFormat } from '../lieux/export/index.ts';
import type { Db } from '../platform/db.ts';

export const commands: Record<string, Command> = {
  export: {
    summary: 'Exporte tous les lieux : schéma national (CSV ou JSON), GeoJSON ou structures data·inclusion.',
    usage: `passerelle export --format ${EXPORT_FORMATS.join('|')} [--sortie FICHIER]`,
    run: async (args, ctx) => {
      const { values } = parseArgs({ args, options: { format: { type: 'string' }, sortie: { type: 'string' } } });
      if (!values.format || !isExportFormat(values.format)) {
        ctx.err(`${values.format ? `Format inconnu « ${values.format} ». ` : ''}Formats possibles : ${EXPORT_FORMATS.join(', ')}.\nUsage : ${commands.export!.usage}`);
        return 2;
      }
      const db = await ctx.openDb();
      try {
        const count = values.sortie ? await exportToFile(db, values.format, values.sortie) : await exportToStdout(db, values.format);
        ctx.err(`${count} lieux exportés au format ${values.format}${values.sortie ? ` dans ${values.sortie}` : ''}.`);
        return 0;
      } finally {
        await db.close();
      }
    },
  },
};

// Written beside the target and renamed at the end: a failed export never leaves a partial file
// that looks complete.
async function exportToFile(db: Db, format: ExportFormat, path: string): Promise<number> {
  const partial = `${path}.partiel`;
  const out = createWriteStream(partial);
  try {
    const count = await exportLieux(db, format, out);
    out.end();
    await finished(out);
    await rename(partial, path);
    return count;
  } catch (error) {
    out.destroy();
    await rm(partial, { force: true });
    throw error;
  }
}

async function exportToStdout(db: Db, format: ExportFormat): Promise<number> {
  const out: Writable = process.stdout;
  // A reader that goes away (`| head`) makes stdout fail with EPIPE: the export stops cleanly.
  const ignore = () => undefined;
  out.on('error', ignore);
  try {
    const count = await exportLieux(db, format, out);
    await new Promise<void>((resolve, reject) => out.write('', (error) => (error ? reject(error) : resolve())));
    return count;
  } finally {
    out.off('error', ignore);
  }
}
