// Exports through their two doors: GET /api/v1/lieux/export?format=… (media type, file name,
// OpenAPI documentation, problem+json on a bad format) and `passerelle export` (file or stdout).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../src/platform/db.ts';
import { EXPORT_FORMATS, exportLieux, type ExportFormat } from '../../src/lieux/export/index.ts';
import { commands } from '../../src/cli/export-command.ts';
import type { CliContext } from '../../src/cli/main.ts';
import { openDemoApp, type DemoApp } from '../support/demo-app.ts';
import { scratchDir } from '../support/paths.ts';

let demo: DemoApp;
let db: Db;
let app: FastifyInstance;
before(async () => {
  demo = await openDemoApp();
  ({ db, app } = demo);
});
after(async () => demo?.close());

async function exported(format: ExportFormat): Promise<string> {
  const chunks: Buffer[] = [];
  await exportLieux(db, format, new Writable({ write: (chunk: Buffer, _encoding, done) => done(void chunks.push(chunk)) }));
  return Buffer.concat(chunks).toString('utf8');
}

const today = new Date().toISOString().slice(0, 10);
const expected: Record<ExportFormat, [contentType: string, fileName: string]> = {
  'lieux-csv': ['text/csv; charset=utf-8; header=present', `lieux-${today}.csv`],
  'lieux-json': ['application/json', `lieux-${today}.json`],
  geojson: ['application/geo+json', `lieux-${today}.geojson`],
  'data-inclusion': ['application/json', `structures-data-inclusion-${today}.json`],
};

for (const format of EXPORT_FORMATS) {
  test(`GET /api/v1/lieux/export?format=${format} sends the export as a named file`, async () => {
    const response = await app.inject({ method: 'GET', url: `/api/v1/lieux/export?format=${format}` });
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-type'], expected[format][0]);
    assert.equal(response.headers['content-disposition'], `attachment; filename="${expected[format][1]}"`);
    assert.equal(response.headers['access-control-allow-origin'], '*');
    assert.equal(response.body, await exported(format));
  });
}

test('an unknown or missing format is a 400 problem in French', async () => {
  for (const url of ['/api/v1/lieux/export?format=xlsx', '/api/v1/lieux/export']) {
    const response = await app.inject({ method: 'GET', url });
    assert.equal(response.statusCode, 400);
    assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
    assert.equal(response.json().title, 'Paramètres invalides');
  }
});

test('the OpenAPI document describes the export: its format parameter and one body per media type', async () => {
  const document = (await app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
  const operation = document.paths['/api/v1/lieux/export'].get;
  assert.equal(operation.operationId, 'exportLieux');
  const format = operation.parameters.find((p: { name: string }) => p.name === 'format');
  assert.equal(format.required, true);
  assert.deepEqual(format.schema.anyOf.map((s: { const: string }) => s.const), [...EXPORT_FORMATS]);
  assert.deepEqual(Object.keys(operation.responses['200'].content).sort(), ['application/geo+json', 'application/json', 'text/csv']);
  assert.ok(operation.responses['400'].content['application/problem+json']);
  // The other routes keep their single JSON body.
  assert.deepEqual(Object.keys(document.paths['/api/v1/lieux'].get.responses['200'].content), ['application/json']);
});

function cliContext(messages: string[]): CliContext {
  // The command closes its database when done; this one belongs to the test.
  const borrowed = Object.assign(Object.create(db) as Db, { close: async () => undefined });
  return { config: {} as CliContext['config'], openDb: async () => borrowed, out: (s) => messages.push(s), err: (s) => messages.push(s), defaultActor: 'test' };
}

test('passerelle export --format geojson --sortie FILE writes the file and says so in French', async () => {
  const dir = scratchDir(`export-cli-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const path = `${dir}/lieux.geojson`;
  rmSync(path, { force: true });
  const messages: string[] = [];
  const code = await commands.export!.run(['--format', 'geojson', '--sortie', path], cliContext(messages));
  assert.equal(code, 0);
  assert.equal(readFileSync(path, 'utf8'), await exported('geojson'));
  assert.equal(existsSync(`${path}.partiel`), false);
  assert.deepEqual(messages, [`687 lieux exportés au format geojson dans ${path}.`]);
});

test('passerelle export without a known format explains the choices and exits with 2', async () => {
  const messages: string[] = [];
  assert.equal(await commands.export!.run(['--format', 'xlsx'], cliContext(messages)), 2);
  assert.match(messages[0]!, /^Format inconnu « xlsx »\. Formats possibles : lieux-csv, lieux-json, geojson, data-inclusion\./);
  assert.equal(await commands.export!.run([], cliContext([])), 2);
});
