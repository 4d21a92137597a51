// `data fetch` from the producers' own files: every dataset of the registry names its producer's
// files; a local server on 127.0.0.1 plays the producers (data.arcep.fr, www.insee.fr,
// etalab-datasets.geo.data.gouv.fr) through the proxy mirror PASSERELLE_DONNEES_OFFICIELLES_URL
// (`<base>/<host>/<path>`), serving the small files of test/fixtures/observatoire/official in
// the producers' layouts. The files are downloaded one by one, read by the source's parser and
// loaded; fetching again the same files changes nothing; `data load --officiel` reads local copies.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from '../../src/platform/db.ts';
import { DATASETS } from '../../src/observatoire/datasets/registry.ts';
import { officialSource, officialUrl } from '../../src/observatoire/datasets/official/sources.ts';
import { fetchDataset, type FileStart } from '../../src/observatoire/datasets/fetch.ts';
import { storedDataset } from '../../src/observatoire/datasets/store.ts';
import { openTestDb } from '../support/test-db.ts';
import { isolatedEnv, runPasserelle } from '../support/cli-env.ts';

const FIXTURES = fileURLToPath(new URL('../fixtures/observatoire/official/', import.meta.url));
/** The fixture of each file name, whatever folder it is in. */
const byName = new Map(readdirSync(FIXTURES, { recursive: true, encoding: 'utf8' }).map((p) => [basename(p), join(FIXTURES, p)]));
const requested: string[] = [];

let server: Server;
let base: string;
let db: Db;
let dir: string;
before(async () => {
  server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url!, 'http://x').pathname);
    requested.push(path);
    const file = path.startsWith('/ailleurs/') ? undefined : byName.get(basename(path));
    if (!file || !existsSync(file)) return void res.writeHead(404).end('introuvable');
    const body = readFileSync(file);
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length }).end(body);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
  db = await openTestDb();
  dir = mkdtempSync(join(tmpdir(), 'passerelle-official-'));
});
after(async () => {
  await db?.close();
  await new Promise((done) => server.close(done));
  rmSync(dir, { recursive: true, force: true });
});

test('every dataset of the registry names its producer’s files (https, one role each) and a version', () => {
  for (const entry of DATASETS) {
    const source = officialSource(entry.name);
    assert.ok(source, `${entry.name} has no official source`);
    assert.ok(source.files.length > 0 && source.version && source.licence && source.page.startsWith('https://'), entry.name);
    for (const f of source.files) assert.match(f.url, /^https:\/\/[a-z.-]+\.fr\//, `${entry.name} ${f.role}`);
    assert.equal(new Set(source.files.map((f) => f.role)).size, source.files.length, entry.name);
  }
  assert.equal(officialUrl('https://www.insee.fr/fr/statistiques/fichier/1/a.zip', { PASSERELLE_DONNEES_OFFICIELLES_URL: 'http://127.0.0.1:1/miroir' }), 'http://127.0.0.1:1/miroir/www.insee.fr/fr/statistiques/fichier/1/a.zip');
  assert.equal(officialUrl('https://www.insee.fr/a.zip', {}), 'https://www.insee.fr/a.zip');
});

test('without --url nor a mirror, fetch downloads ARCEP’s current file and loads it with the edition it states', async () => {
  requested.length = 0;
  const env = { PASSERELLE_DONNEES_OFFICIELLES_URL: base };
  const { loaded, files } = await fetchDataset(db, { name: 'arcep-thd', dir, env });
  assert.deepEqual(requested, ['/data.arcep.fr/fixe/maconnexioninternet/statistiques/last/commune/commune_debit_terrestre.csv']);
  assert.equal(files?.length, 1);
  assert.equal(loaded.status, 'loaded');
  assert.equal(loaded.version, 'ARCEP Ma connexion internet, données au 2026-06-30');
  const stored = (await storedDataset(db, 'arcep-thd'))!;
  assert.equal(stored.source_url, officialSource('arcep-thd')!.page);
  assert.match(stored.fetched_from, /^http:\/\/127\.0\.0\.1:\d+\/data\.arcep\.fr\//);
  // 01001: 379 premises, 6 of them with ≥ 30 Mbit/s (classes are cumulative): 373 / 379 = 98.42 % without.
  const [row] = await db.query<{ value: number }>(
    `SELECT (v."values"->>(array_position(d.columns, 'pct_non_couverture_thd') - 1))::float AS value
       FROM observatoire_commune_values v JOIN observatoire_datasets d ON d.name = v.dataset
      WHERE v.dataset = 'arcep-thd' AND v.code = '01001'`,
  );
  assert.equal(row?.value, 98.42);
  const again = await fetchDataset(db, { name: 'arcep-thd', dir, env });
  assert.equal(again.loaded.status, 'unchanged');
});

test('a dataset made of several INSEE files: each is downloaded in turn, then all are read together', async () => {
  requested.length = 0;
  const starts: FileStart[] = [];
  const { loaded } = await fetchDataset(db, { name: 'insee-rp2022-communes', dir, env: { PASSERELLE_DONNEES_OFFICIELLES_URL: base }, onFile: (f) => starts.push(f) });
  const source = officialSource('insee-rp2022-communes')!;
  assert.deepEqual(starts.map((s) => `${s.index + 1}/${s.count} ${s.title}`), source.files.map((f, i) => `${i + 1}/${source.files.length} ${f.title}`));
  assert.deepEqual(requested, source.files.map((f) => `/${new URL(f.url).host}${new URL(f.url).pathname}`));
  assert.equal(loaded.status, 'loaded');
  assert.ok(loaded.rows >= 2, `${loaded.rows} communes`);
  assert.equal(loaded.version, source.version);
});

test('a producer’s file that is not there: a French error naming its address, nothing loaded', async () => {
  const fresh = await openTestDb();
  try {
    await assert.rejects(fetchDataset(fresh, { name: 'passage-communes', dir, env: { PASSERELLE_DONNEES_OFFICIELLES_URL: `${base}ailleurs/` } }),
      /^Error: Le serveur a répondu 404 Not Found pour http:\/\/127\.0\.0\.1:\d+\/ailleurs\/www\.insee\.fr\/fr\/statistiques\/fichier\/8740222\/v_mvt_commune_2026\.csv/);
    assert.equal(await storedDataset(fresh, 'passage-communes'), undefined);
  } finally {
    await fresh.close();
  }
});

const run = runPasserelle;

test('passerelle data sources names the producer’s files; data load --officiel reads local copies; fetch tells each file', async () => {
  const cli = isolatedEnv(dir);
  try {
    const sources = await run(['data', 'sources', 'arcep-thd'], cli.env);
    assert.equal(sources.status, 0, sources.stderr);
    assert.match(sources.stdout, /Fichiers du producteur \(ARCEP.*\n {2}1\. .*\n {5}https:\/\/data\.arcep\.fr\/fixe\/maconnexioninternet\/statistiques\/last\/commune\/commune_debit_terrestre\.csv/);
    const loaded = await run(['data', 'load', 'arcep-thd', '--officiel', byName.get('commune_debit_terrestre.csv')!], cli.env);
    assert.equal(loaded.status, 0, loaded.stderr);
    assert.match(loaded.stdout, /arcep-thd : \d+ lignes chargées, version ARCEP Ma connexion internet, données au 2026-06-30\./);
    const tooFew = await run(['data', 'load', 'insee-rp2022-communes', '--officiel', byName.get('base-ic-evol-struct-pop-2022_csv.zip')!], cli.env);
    assert.equal(tooFew.status, 2);
    assert.match(tooFew.stderr, /insee-rp2022-communes se charge depuis \d fichier\(s\) de INSEE.*dans cet ordre : Recensement 2022 par IRIS : évolution et structure de la population ;/);
    const fetched = await run(['data', 'fetch', 'passage-communes', '--sortie', join(dir, 'cli')], { ...cli.env, PASSERELLE_DONNEES_OFFICIELLES_URL: base });
    assert.equal(fetched.status, 0, fetched.stderr);
    assert.match(fetched.stderr, /Fichier 1 sur 1 du producteur : .* \(http:\/\/127\.0\.0\.1:\d+\/www\.insee\.fr\/fr\/statistiques\/fichier\/8740222\/v_mvt_commune_2026\.csv\)\./);
    assert.match(fetched.stderr, /Téléchargé : .*v_mvt_commune_2026\.csv \(0,0 Mo, SHA-256 [0-9a-f]{64}\)\./);
  } finally {
    await cli.cleanup();
  }
});
