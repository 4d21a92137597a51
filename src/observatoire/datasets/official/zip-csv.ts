// Owns reading the data CSV out of a producer's zip (INSEE publishes each table as a zip holding
// the data and a « meta_ » list of variables): the entry is written to a temporary file, read by
// readCsvTable, and errors name « archive.zip › entry.csv », never the temporary file.
import { createWriteStream } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import { DatasetFileError, readCsvTable } from '../csv-reader.ts';

/** Whether the file starts like a zip archive (local file header). */
export async function isZip(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(4);
    const { bytesRead } = await handle.read(head, 0, 4, 0);
    return bytesRead === 4 && head.readUInt32LE(0) === 0x04034b50;
  } finally {
    await handle.close();
  }
}


/** A CSV read from a zip; `file` names it for messages (« archive.zip › entry.csv »). */
export type ZipTable = { file: string; columns: string[]; rows: string[][] };

/**
 * The data CSV of an INSEE zip: the entry matching `pick` when given, else the largest .csv that
 * is not a « meta_ » (variable list) file. Header names are lower-cased (readCsvTable).
 */
export async function readZipCsv(path: string, pick?: RegExp): Promise<ZipTable> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false });
  } catch {
    throw new DatasetFileError(`${basename(path)} : ce n’est pas une archive zip lisible ; s’il a été téléchargé, téléchargez-le à nouveau.`);
  }
  try {
    const entries: yauzl.Entry[] = [];
    for await (const entry of zip.eachEntry()) entries.push(entry);
    const entry = chooseEntry(entries, pick, path);
    const file = `${basename(path)} › ${entry.fileName}`;
    const dir = await mkdtemp(join(tmpdir(), 'passerelle-insee-'));
    const out = join(dir, 'data.csv');
    try {
      await pipeline(await zip.openReadStreamPromise(entry), createWriteStream(out));
      const table = await readCsvTable(out);
      return { file, columns: table.columns, rows: table.rows };
    } catch (error) {
      if (error instanceof DatasetFileError) throw new DatasetFileError(error.message.split(out).join(file));
      throw new DatasetFileError(`${file} : l’archive est incomplète ou abîmée (${(error as Error).message}) ; téléchargez-la à nouveau.`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  } finally {
    zip.close();
  }
}

function chooseEntry(entries: yauzl.Entry[], pick: RegExp | undefined, path: string): yauzl.Entry {
  const csv = entries.filter((e) => /\.csv$/i.test(e.fileName) && !/^meta/i.test(basename(e.fileName)));
  const candidates = pick ? csv.filter((e) => pick.test(basename(e.fileName))) : csv;
  if (candidates.length === 0) {
    const names = entries.map((e) => e.fileName).join(', ') || '(aucun)';
    throw new DatasetFileError(`${basename(path)} : l’archive ne contient pas le fichier CSV attendu${pick ? ` (${pick.source})` : ''} ; fichiers trouvés : ${names}. Est-ce le bon fichier de l’INSEE ?`);
  }
  return candidates.reduce((a, b) => (b.uncompressedSize > a.uncompressedSize ? b : a));
}

