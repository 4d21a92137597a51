// Owns downloading a dataset's file with Node's fetch: into DIR/<file>.part, resumed with an HTTP
// Range request when a previous transfer was cut (206; a server that ignores Range answers 200
// and the file is downloaded again from the start; If-Range makes a changed file start over too),
// with progress, then checked against the sha256 the registry pins before it takes its name.
// A mismatch leaves the download as .part and says what to do.
// Where a dataset comes from: --url or the mirror of Passerelle's files when given, else its
// producer's own files (official/sources.ts), each downloaded the same way, then read by that
// source's parser.
import { existsSync, mkdirSync, renameSync, rmSync, statSync, readFileSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Db } from '../../platform/db.ts';
import type { OfficialSource } from './official/official-parser.ts';
import { entryFor, loadDataset, sha256File, type LoadOptions, type LoadResult } from './load.ts';
import { demoFile, downloadUrl, GENERIC_PARSER } from './registry.ts';
import { officialSource, officialUrl } from './official/sources.ts';

export class DownloadError extends Error {}

export type Progress = { received: number; total?: number; resumedFrom: number };

export type DownloadOptions = {
  url: string;
  dir: string;
  /** The file name in dir (the URL's last segment when absent). */
  fileName?: string;
  /** Expected sha256 of the whole file. */
  sha256?: string;
  onProgress?: (progress: Progress) => void;
  /** Told once, when the transfer starts: resumed from a byte, restarted from zero, or fresh. */
  onStart?: (start: { resumedFrom: number; restarted: boolean; total?: number; part: string }) => void;
};

export type Downloaded = { path: string; sha256: string; bytes: number; resumedFrom: number; restarted: boolean; alreadyThere: boolean };

/** What the .part was started from, so a resume asks for the same file. */
type PartInfo = { url: string; validator?: string; total?: number };

export const mo = (bytes: number) => `${(bytes / 1e6).toLocaleString('fr-FR', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} Mo`;

export async function download(options: DownloadOptions): Promise<Downloaded> {
  const fileName = options.fileName ?? (basename(new URL(options.url).pathname) || 'telechargement');
  mkdirSync(options.dir, { recursive: true });
  const target = join(options.dir, fileName);
  const part = `${target}.part`;
  const infoPath = `${part}.json`;
  if (options.sha256 && existsSync(target) && (await sha256File(target)) === options.sha256) {
    return { path: target, sha256: options.sha256, bytes: statSync(target).size, resumedFrom: 0, restarted: false, alreadyThere: true };
  }
  let info = readInfo(infoPath);
  let offset = existsSync(part) ? statSync(part).size : 0;
  if (offset > 0 && info?.url !== options.url) offset = 0; // a .part of another address: start over

  let response = await request(options.url, offset, info?.validator);
  let restarted = false;
  if (response.status === 416 && offset > 0) {
    // Nothing after `offset`: the .part is whole if it has the announced size, else start over.
    const total = Number(/\/(\d+)$/.exec(response.headers.get('content-range') ?? '')?.[1]);
    await response.body?.cancel();
    if (total !== offset) {
      offset = 0;
      restarted = true;
      response = await request(options.url, 0);
    }
  }
  let total: number | undefined;
  if (response.status === 416 && offset === 0) {
    throw new DownloadError(`Le serveur a refusé de donner ${options.url} (416 ${response.statusText}) : vérifiez l’adresse.`);
  }
  if (response.status === 416) {
    total = offset;
  } else if (response.status === 206 && offset > 0) {
    const range = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(response.headers.get('content-range') ?? '');
    if (!range || Number(range[1]) !== offset) {
      await response.body?.cancel();
      offset = 0;
      restarted = true;
      response = await request(options.url, 0);
    } else if (range[3] !== '*') total = Number(range[3]);
  }
  if (response.status === 200) {
    if (offset > 0) restarted = true; // the server ignored Range (or the file changed): from the start
    offset = 0;
  } else if (response.status !== 206 && response.status !== 416) {
    await response.body?.cancel();
    throw new DownloadError(`Le serveur a répondu ${response.status} ${response.statusText} pour ${options.url} : vérifiez l’adresse (--url ou PASSERELLE_DONNEES_URL).`);
  }
  if (response.status !== 416) {
    const length = Number(response.headers.get('content-length') ?? NaN);
    total ??= Number.isFinite(length) ? offset + length : undefined;
    info = { url: options.url, ...(validatorOf(response) && { validator: validatorOf(response)! }), ...(total !== undefined && { total }) };
    writeFileSync(infoPath, JSON.stringify(info));
    options.onStart?.({ resumedFrom: offset, restarted, ...(total !== undefined && { total }), part });
    await writeBody(response, part, offset, total, options);
  }
  const sha256 = await sha256File(part);
  if (options.sha256 && sha256 !== options.sha256) {
    throw new DownloadError(`Le fichier téléchargé n’a pas l’empreinte attendue (SHA-256 ${sha256}, attendue ${options.sha256}) : il est abîmé, ou le fournisseur a publié une autre version. Il est gardé dans ${part} ; supprimez-le pour le télécharger à nouveau, ou, s’il s’agit d’une nouvelle version, chargez-le avec « passerelle data load NOM ${part} --version VERSION ».`);
  }
  const bytes = statSync(part).size;
  renameSync(part, target);
  rmSync(infoPath, { force: true });
  return { path: target, sha256, bytes, resumedFrom: offset, restarted, alreadyThere: false };
}

async function request(url: string, offset: number, validator?: string): Promise<Response> {
  const headers: Record<string, string> = { 'user-agent': 'Passerelle (observatoire, données ouvertes)' };
  if (offset > 0) {
    headers.range = `bytes=${offset}-`;
    if (validator) headers['if-range'] = validator;
  }
  try {
    return await fetch(url, { headers });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new DownloadError(`Impossible de joindre ${url} (${cause?.code ?? cause?.message ?? (error as Error).message}) : vérifiez la connexion à internet et l’adresse. Sans internet, chargez une copie locale : passerelle data load NOM FICHIER.`);
  }
}

/** A strong ETag, else Last-Modified: what If-Range compares (a weak ETag may not be used). */
function validatorOf(response: Response): string | undefined {
  const etag = response.headers.get('etag');
  if (etag && !etag.startsWith('W/')) return etag;
  return response.headers.get('last-modified') ?? undefined;
}

function readInfo(path: string): PartInfo | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as PartInfo;
  } catch {
    return undefined;
  }
}

async function writeBody(response: Response, part: string, offset: number, total: number | undefined, options: DownloadOptions): Promise<void> {
  const file = await open(part, offset > 0 ? 'a' : 'w');
  let received = offset;
  try {
    if (response.body) {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        await file.write(chunk);
        received += chunk.byteLength;
        options.onProgress?.({ received, ...(total !== undefined && { total }), resumedFrom: offset });
      }
    }
  } catch (error) {
    throw interrupted(options.url, part, received, total, error);
  } finally {
    await file.close();
  }
  if (total !== undefined && received < total) throw interrupted(options.url, part, received, total);
}

function interrupted(url: string, part: string, received: number, total: number | undefined, error?: unknown): DownloadError {
  const cause = error ? ` (${(error as { cause?: { message?: string } }).cause?.message ?? (error as Error).message})` : '';
  return new DownloadError(`Le téléchargement de ${url} s’est interrompu après ${mo(received)}${total !== undefined ? ` sur ${mo(total)}` : ''}${cause}. Relancez la même commande : il reprendra où il s’est arrêté (fichier partiel ${part}).`);
}

export type FetchOptions = Pick<LoadOptions, 'name' | 'generic' | 'version' | 'force'> & {
  /** Where to download from; else the mirror PASSERELLE_DONNEES_URL. */
  url?: string;
  dir: string;
  env?: NodeJS.ProcessEnv;
  /** Told before each file of a producer is downloaded. */
  onFile?: (file: FileStart) => void;
} & Pick<DownloadOptions, 'onProgress' | 'onStart'>;

export type FileStart = { index: number; count: number; title: string; url: string };

/**
 * Downloads a dataset and loads it: from --url or the mirror (Passerelle's file, checked against
 * the registry's sha256 unless another --version is named), else from its producer's own files.
 */
export async function fetchDataset(db: Db, options: FetchOptions): Promise<{ downloaded: Downloaded; loaded: LoadResult; files?: Downloaded[] }> {
  const entry = entryFor(options);
  const url = options.url ?? (entry.parser === GENERIC_PARSER ? undefined : downloadUrl(entry, options.env));
  const official = url ? undefined : officialSource(entry.name);
  if (official) return fetchOfficial(db, entry.name, official, options);
  if (!url) {
    const local = entry.parser === GENERIC_PARSER ? undefined : demoFile(entry);
    throw new DownloadError(`Aucune adresse de téléchargement pour ${entry.name} : donnez-la avec --url, ou indiquez un miroir des fichiers avec PASSERELLE_DONNEES_URL. Sans internet, chargez une copie locale : passerelle data load ${entry.name} ${local ?? 'FICHIER'}.`);
  }
  const pinned = options.version === undefined && entry.parser !== GENERIC_PARSER ? entry.sha256 : undefined;
  const downloaded = await download({
    url, dir: options.dir, ...(entry.file && { fileName: basename(entry.file) }), ...(pinned && { sha256: pinned }),
    ...(options.onProgress && { onProgress: options.onProgress }), ...(options.onStart && { onStart: options.onStart }),
  });
  const loaded = await loadDataset(db, {
    name: entry.name, path: downloaded.path, fetchedFrom: url,
    ...(options.generic && { generic: options.generic }), ...(options.version && { version: options.version }), ...(options.force && { force: true }),
  });
  return { downloaded, loaded };
}

/**
 * Each file of the producer into DIR/<dataset>/ (resumed if cut; the producer's files change
 * with each edition, so no sha256 is pinned: the one computed is shown and recorded), then loaded.
 */
async function fetchOfficial(db: Db, name: string, source: OfficialSource, options: FetchOptions) {
  const files: Downloaded[] = [];
  const paths: Record<string, string> = {};
  const urls = source.files.map((f) => officialUrl(f.url, options.env));
  for (const [index, file] of source.files.entries()) {
    const url = urls[index]!;
    options.onFile?.({ index, count: source.files.length, title: file.title, url });
    const downloaded = await download({
      url, dir: join(options.dir, name), fileName: basename(new URL(file.url).pathname),
      ...(options.onProgress && { onProgress: options.onProgress }), ...(options.onStart && { onStart: options.onStart }),
    });
    files.push(downloaded);
    paths[file.role] = downloaded.path;
  }
  const loaded = await loadDataset(db, {
    name, officialFiles: paths, fetchedFrom: urls.join(' '),
    ...(options.version && { version: options.version }), ...(options.force && { force: true }),
  });
  return { downloaded: files[files.length - 1]!, loaded, files };
}
