// `data fetch`: a dataset is downloaded from its address and loaded. A local HTTP server on
// 127.0.0.1 serves the copies of ../shared/data as a mirror would (Range requests, ETag), and can
// cut a transfer midway, ignore Range or serve damaged bytes: the download resumes where it
// stopped, starts over when the server cannot resume, and a file whose sha256 is not the
// registry's is refused and kept as .part. Then the command itself, in a real process.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Db } from '../../src/platform/db.ts';
import { datasetEntry } from '../../src/observatoire/datasets/registry.ts';
import { fetchDataset, DownloadError, type Progress } from '../../src/observatoire/datasets/fetch.ts';
import { storedDataset } from '../../src/observatoire/datasets/store.ts';
import { openTestDb } from '../support/test-db.ts';
import { isolatedEnv, runPasserelle } from '../support/cli-env.ts';
import { SHARED_DATA } from '../support/paths.ts';

const PASSAGE = datasetEntry('passage-communes')!;
const ARCEP = datasetEntry('arcep-thd')!;
const available = [PASSAGE, ARCEP].every((e) => existsSync(join(SHARED_DATA, e.file)));
const needsShared = { skip: available ? false : `the copies in ${SHARED_DATA} are absent` } as const;

/** What the mirror does on its next requests. */
const mode = { cutNext: false, ignoreRange: false, damaged: false, missing: false };
const requests: { path: string; headers: IncomingHttpHeaders; status: number }[] = [];

function serve(): Server {
  return createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url!, 'http://x').pathname).replace(/^\/+/, '');
    const file = join(SHARED_DATA, path);
    const record = (status: number) => requests.push({ path, headers: req.headers, status });
    if (mode.missing || path.includes('..') || !existsSync(file)) {
      record(404);
      res.writeHead(404).end('introuvable');
      return;
    }
    let body = readFileSync(file);
    if (mode.damaged) {
      body = Buffer.from(body);
      body[body.length - 10] = body[body.length - 10]! ^ 0xff;
    }
    const etag = `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"`;
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    const ifRange = req.headers['if-range'];
    let start = 0;
    let status = 200;
    if (range && !mode.ignoreRange && (!ifRange || ifRange === etag)) {
      start = Number(range[1]);
      if (start >= body.length) {
        record(416);
        res.writeHead(416, { 'content-range': `bytes */${body.length}` }).end();
        return;
      }
      status = 206;
    }
    const part = body.subarray(start);
    record(status);
    res.writeHead(status, {
      'content-type': 'application/octet-stream', 'content-length': part.length, etag,
      ...(status === 206 && { 'content-range': `bytes ${start}-${body.length - 1}/${body.length}` }),
      ...(!mode.ignoreRange && { 'accept-ranges': 'bytes' }),
    });
    if (mode.cutNext) {
      // The connection drops after a third of the file.
      mode.cutNext = false;
      // Destroyed a while after the bytes left, so a busy client has read them before the connection drops.
      res.write(part.subarray(0, Math.floor(part.length / 3)), () => setTimeout(() => req.socket.destroy(), 250));
      return;
    }
    res.end(part);
  });
}

let server: Server;
let base: string;
let db: Db;
let dir: string;
before(async () => {
  server = serve();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
  db = await openTestDb();
  dir = mkdtempSync(join(tmpdir(), 'passerelle-fetch-'));
});
after(async () => {
  await db?.close();
  await new Promise((done) => server.close(done));
  rmSync(dir, { recursive: true, force: true });
});

const reset = () => {
  Object.assign(mode, { cutNext: false, ignoreRange: false, damaged: false, missing: false });
  requests.length = 0;
};
const size = (e: typeof PASSAGE) => statSync(join(SHARED_DATA, e.file)).size;

test('data fetch downloads a dataset from the mirror (PASSERELLE_DONNEES_URL), checks its sha256, loads it; a second fetch finds it there', needsShared, async () => {
  reset();
  const progress: Progress[] = [];
  const out = join(dir, 'miroir');
  const { downloaded, loaded } = await fetchDataset(db, { name: 'arcep-thd', dir: out, env: { PASSERELLE_DONNEES_URL: base }, onProgress: (p) => progress.push(p) });
  assert.equal(requests[0]!.path, ARCEP.file, 'the file’s path under the mirror');
  assert.equal(downloaded.path, join(out, 'communes-thd-arcep-2019T3-cog2026.csv.gz'));
  assert.equal(downloaded.sha256, ARCEP.sha256);
  assert.ok(!existsSync(`${downloaded.path}.part`));
  assert.deepEqual(progress.at(-1), { received: size(ARCEP), total: size(ARCEP), resumedFrom: 0 });
  assert.equal(loaded.status, 'loaded');
  assert.equal(loaded.rows, 34870);
  const stored = await storedDataset(db, 'arcep-thd');
  assert.equal(stored!.fetched_from, `${base}${ARCEP.file}`);
  assert.equal(stored!.source_url, ARCEP.source_url, 'figures still say where they come from');
  const again = await fetchDataset(db, { name: 'arcep-thd', dir: out, env: { PASSERELLE_DONNEES_URL: base } });
  assert.equal(again.downloaded.alreadyThere, true);
  assert.equal(again.loaded.status, 'unchanged');
  assert.equal(requests.length, 1, 'nothing downloaded the second time');
});

test('a transfer cut midway stops with a French message, and the next fetch resumes it with a Range request', needsShared, async () => {
  reset();
  const out = join(dir, 'reprise');
  const url = `${base}${PASSAGE.file}`;
  mode.cutNext = true;
  await assert.rejects(fetchDataset(db, { name: 'passage-communes', url, dir: out }), (e: Error) =>
    e instanceof DownloadError && /s’est interrompu après .* Mo sur 0,2 Mo.*Relancez la même commande/.test(e.message));
  const part = join(out, 'passage-communes-2018-vers-2026.csv.gz.part');
  const kept = statSync(part).size;
  assert.ok(kept > 0 && kept < size(PASSAGE), `${kept} bytes kept`);
  const starts: { resumedFrom: number; restarted: boolean }[] = [];
  const { downloaded, loaded } = await fetchDataset(db, { name: 'passage-communes', url, dir: out, onStart: (s) => starts.push(s) });
  assert.equal(requests[1]!.headers.range, `bytes=${kept}-`);
  assert.match(String(requests[1]!.headers['if-range']), /^"[0-9a-f]{16}"$/, 'the ETag of the first response');
  assert.equal(requests[1]!.status, 206);
  assert.deepEqual(starts.map((s) => [s.resumedFrom, s.restarted]), [[kept, false]]);
  assert.equal(downloaded.resumedFrom, kept);
  assert.equal(downloaded.sha256, PASSAGE.sha256, 'the pieces make the whole file');
  assert.ok(!existsSync(part) && !existsSync(`${part}.json`));
  assert.equal(loaded.rows, 35357);
});

test('a server that ignores Range answers 200: the download starts again from the start', needsShared, async () => {
  reset();
  const out = join(dir, 'sans-range');
  const url = `${base}${PASSAGE.file}`;
  mode.ignoreRange = true;
  mode.cutNext = true;
  await assert.rejects(fetchDataset(db, { name: 'passage-communes', url, dir: out }), DownloadError);
  const starts: { resumedFrom: number; restarted: boolean }[] = [];
  const { downloaded, loaded } = await fetchDataset(db, { name: 'passage-communes', url, dir: out, onStart: (s) => starts.push(s) });
  assert.ok(requests[1]!.headers.range, 'a resume was asked for');
  assert.equal(requests[1]!.status, 200);
  assert.deepEqual(starts.map((s) => [s.resumedFrom, s.restarted]), [[0, true]]);
  assert.equal(downloaded.sha256, PASSAGE.sha256);
  assert.equal(downloaded.bytes, size(PASSAGE));
  assert.equal(loaded.status, 'unchanged', 'the same file as the test before');
});

test('a file whose sha256 is not the registry’s is refused in French and kept as .part; nothing is loaded', needsShared, async () => {
  reset();
  const fresh = await openTestDb();
  try {
    const out = join(dir, 'abime');
    mode.damaged = true;
    await assert.rejects(fetchDataset(fresh, { name: 'arcep-thd', url: `${base}${ARCEP.file}`, dir: out }), (e: Error) =>
      e instanceof DownloadError && e.message.includes(`attendue ${ARCEP.sha256}`) && /gardé dans .*\.part ; supprimez-le/.test(e.message));
    assert.ok(existsSync(join(out, 'communes-thd-arcep-2019T3-cog2026.csv.gz.part')));
    assert.ok(!existsSync(join(out, 'communes-thd-arcep-2019T3-cog2026.csv.gz')));
    assert.equal(await storedDataset(fresh, 'arcep-thd'), undefined);
  } finally {
    await fresh.close();
  }
});

test('without an address, or when the server has no such file, fetch says in French what to do', async () => {
  reset();
  await assert.rejects(fetchDataset(db, { name: 'mes-indicateurs', generic: {}, dir, env: {} }), /Aucune adresse de téléchargement pour mes-indicateurs : donnez-la avec --url.*passerelle data load mes-indicateurs FICHIER/);
  mode.missing = true;
  await assert.rejects(fetchDataset(db, { name: 'arcep-thd', url: `${base}nulle-part.csv.gz`, dir }), /Le serveur a répondu 404 .*vérifiez l’adresse/);
  await assert.rejects(fetchDataset(db, { name: 'arcep-thd', url: 'http://127.0.0.1:9/x.csv', dir }), /Impossible de joindre .*passerelle data load NOM FICHIER/);
});

const run = runPasserelle;

test('passerelle data fetch, data lister and data load, in a real process', needsShared, async () => {
  reset();
  const cli = isolatedEnv(dir);
  try {
    const out = join(dir, 'cli');
    const fetched = await run(['data', 'fetch', 'arcep-thd', '--url', `${base}${ARCEP.file}`, '--sortie', out], cli.env);
    assert.equal(fetched.status, 0, fetched.stderr);
    assert.match(fetched.stderr, /Téléchargement de 0,7 Mo vers .*\.part…/);
    assert.match(fetched.stderr, /… 0,7 Mo sur 0,7 Mo \(100 %\)/);
    assert.match(fetched.stderr, new RegExp(`Téléchargé : .*communes-thd-arcep-2019T3-cog2026\\.csv\\.gz \\(0,7 Mo, SHA-256 ${ARCEP.sha256}\\)`));
    assert.match(fetched.stdout, /arcep-thd : 34\s870 lignes chargées, version 2019 T3 · COG 2026\./);
    const listed = await run(['data', 'lister'], cli.env);
    assert.equal(listed.status, 0, listed.stderr);
    assert.match(listed.stdout, /^arcep-thd\t2019 T3 · COG 2026\tchargé le \d\d\/\d\d\/\d{4} \d\d:\d\d\t34\s870 lignes\tÉligibilité/m);
    assert.match(listed.stdout, /^insee-rp2022-communes\tnon chargé/m);
    const loaded = await run(['data', 'load', 'arcep-thd', join(out, 'communes-thd-arcep-2019T3-cog2026.csv.gz')], cli.env);
    assert.equal(loaded.status, 0, loaded.stderr);
    assert.match(loaded.stdout, /arcep-thd : ce fichier est déjà chargé .* rien n’a changé\./);
    const wrong = await run(['data', 'load', 'inconnu', 'fichier.csv'], cli.env);
    assert.equal(wrong.status, 1);
    assert.match(wrong.stderr, /Jeu de données inconnu « inconnu »/);
  } finally {
    await cli.cleanup();
  }
});
