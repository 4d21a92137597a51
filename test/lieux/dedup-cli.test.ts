// The operator's side of duplicates: `passerelle import` merges probable duplicates unless
// --sans-fusion, `passerelle fusions detecter|lister|confirmer|annuler|fusionner` in French, and
// the read-only GET /api/v1/fusions. Commands run in-process on a test database.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../src/platform/db.ts';
import type { CliContext } from '../../src/cli/main.ts';
import type { Config } from '../../src/app/config.ts';
import { commands as importCommands } from '../../src/cli/import-command.ts';
import { commands as mergeCommands } from '../../src/cli/merge-commands.ts';
import { buildServer } from '../../src/api/server.ts';
import { openTestDb } from '../support/test-db.ts';
import { scratchDir } from '../support/paths.ts';
import { HUB, NATIONALE } from '../support/dedup-sources.ts';

const REPORTS = scratchDir(`dedup-cli-${process.pid}`);

let db: Db;
let app: FastifyInstance;
before(async () => {
  db = await openTestDb();
  app = await buildServer(db);
  mkdirSync(REPORTS, { recursive: true });
});
after(async () => {
  await app.close();
  await db.close();
});

/** Runs a command as `passerelle NAME ARGS…` would, on the test database; returns its exit code and output. */
async function run(name: string, ...args: string[]) {
  const command = { ...importCommands, ...mergeCommands }[name]!;
  const out: string[] = [];
  const err: string[] = [];
  const ctx: CliContext = {
    config: {} as Config,
    openDb: async () => ({ ...db, close: async () => undefined }),
    out: (s) => out.push(s),
    err: (s) => err.push(s),
    defaultActor: `cli:${process.env.USER ?? 'inconnu'}`,
  };
  const code = await command.run(args, ctx);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const mergeIds = async (status: string) =>
  (await db.query<{ id: number }>('SELECT id FROM merges WHERE status = $1 ORDER BY id', [status])).map((m) => m.id);

test('import --sans-fusion leaves duplicates alone; detecter lists them in French without applying', async () => {
  for (const [path, source] of [[HUB, 'hub'], [NATIONALE, 'nationale']]) {
    const r = await run('import', path!, '--source', source!, '--rapport', REPORTS, '--actor', 'test:cli', '--sans-fusion');
    assert.equal(r.code, 0, r.err);
    assert.doesNotMatch(r.out, /doublon/);
  }
  const r = await run('fusions', 'detecter');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^3 doublons probables :/);
  assert.match(r.out, /« Médiathèque Jean-Jaurès » \(hub\) ← « MEDIATHEQUE JEAN JAURES » \(nationale\)/);
  assert.match(r.out, /même SIRET\/RNA/);
  assert.match(r.out, /30 m, noms similaires à 100 %/);
  assert.match(r.out, /fusions detecter --appliquer/);
  assert.deepEqual(await mergeIds('applied'), []);
});

test('import merges probable duplicates after the import and says how many', async () => {
  const r = await run('import', HUB, '--source', 'hub', '--rapport', REPORTS, '--actor', 'test:cli');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /3 doublons probables fusionnés/);
  assert.equal((await mergeIds('applied')).length, 3);
  const again = await run('fusions', 'detecter', '--appliquer');
  assert.equal(again.out, 'Aucun doublon probable.');
});

test('lister, confirmer, annuler, fusionner', async () => {
  const [first, second] = await mergeIds('applied');
  const listed = await run('fusions', 'lister', '--statut', 'applied');
  assert.equal(listed.code, 0, listed.err);
  assert.equal(listed.out.match(/^n° \d+ — appliquée, à vérifier/gm)?.length, 3);
  assert.match(listed.out, /1 enregistrement déplacé \(nationale\/cn-10\d\) ; le .* par test:cli/);

  const confirmed = await run('fusions', 'confirmer', String(first), '--actor', 'test:relectrice');
  assert.equal(confirmed.code, 0, confirmed.err);
  assert.equal(confirmed.out, `Fusion n° ${first} confirmée.`);
  assert.deepEqual(await mergeIds('confirmed'), [first]);
  assert.match((await run('fusions', 'lister', '--statut', 'confirmed')).out, /confirmée le .* par test:relectrice/);

  const undone = await run('fusions', 'annuler', String(second));
  assert.equal(undone.code, 0, undone.err);
  assert.match(undone.out, new RegExp(`^Fusion n° ${second} annulée : 1 enregistrement est revenu au lieu [0-9a-f-]{36}, de nouveau visible\\.$`));
  assert.deepEqual(await mergeIds('undone'), [second]);

  const [a, b] = await db.query<{ lieu_id: string }>("SELECT lieu_id FROM source_records WHERE source_id IN ('hub-4', 'cn-105') ORDER BY source_id");
  const manual = await run('fusions', 'fusionner', b!.lieu_id, a!.lieu_id);
  assert.equal(manual.code, 0, manual.err);
  assert.match(manual.out, /^Fusion n° \d+ appliquée : le lieu .* est fusionné dans .* \(1 enregistrement déplacé, \d+ m\)\.$/);
  assert.match((await run('fusions', 'lister')).out, /fusion manuelle/);
});

test('mistakes get a French answer and a non-zero exit code', async () => {
  const unknown = await run('fusions', 'annuler', '999');
  assert.equal(unknown.code, 1);
  assert.equal(unknown.err, 'Impossible : La fusion n° 999 n\'existe pas.');
  assert.equal((await run('fusions', 'lister', '--statut', 'faite')).code, 2);
  assert.equal((await run('fusions', 'confirmer', 'abc')).code, 2);
  assert.equal((await run('fusions', 'fusionner', 'x')).code, 2);
  assert.equal((await run('fusions')).code, 2);
  const already = await run('fusions', 'confirmer', String((await mergeIds('confirmed'))[0]));
  assert.equal(already.code, 1);
  assert.match(already.err, /déjà confirmée/);
});

test('GET /api/v1/fusions lists merges, most recent first, filtered by status, without operators’ names', async () => {
  type Page = { data: { id: number; status: string; reason: string; target: { id: string; nom: string }; merged: { id: string }; moved_records: { source: string; source_id: string }[]; created_by?: string }[]; meta: { total: number }; links: { next?: string } };
  const all = (await app.inject({ method: 'GET', url: '/api/v1/fusions' })).json() as Page;
  assert.equal(all.meta.total, 4);
  assert.deepEqual(all.data.map((m) => m.id), [...all.data.map((m) => m.id)].sort((x, y) => y - x));
  assert.ok(all.data.every((m) => m.created_by === undefined));
  assert.equal(all.data[0]!.reason, 'manual');

  const undone = (await app.inject({ method: 'GET', url: '/api/v1/fusions?status=undone' })).json() as Page;
  assert.deepEqual(undone.data.map((m) => m.status), ['undone']);
  assert.equal(undone.data[0]!.moved_records.length, 1);

  const first = (await app.inject({ method: 'GET', url: '/api/v1/fusions?limit=3' })).json() as Page;
  assert.equal(first.data.length, 3);
  const rest = (await app.inject({ method: 'GET', url: first.links.next! })).json() as Page;
  assert.equal(rest.data.length, 1);
  assert.equal(rest.links.next, undefined);

  const bad = await app.inject({ method: 'GET', url: '/api/v1/fusions?status=faite' });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.headers['content-type'] as string, /problem\+json/);
  const doc = (await app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as { paths: Record<string, unknown> };
  assert.ok(doc.paths['/api/v1/fusions']);
});
