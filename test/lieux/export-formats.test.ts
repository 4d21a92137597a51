// The four export formats on the regional demo dataset (687 places), each read back by the
// consumer's tools: the ANCT library for the national standard and data·inclusion, plain JSON for
// GeoJSON. Also: writers respect backpressure and stop when the destination goes away.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import {
  fromSchemaDataInclusion, fromSchemaLieuxDeMediationNumerique, type SchemaLieuMediationNumerique, type SchemaStructureDataInclusion,
} from '@gouvfr-anct/lieux-de-mediation-numerique';
import type { Db } from '../../src/platform/db.ts';
import type { LieuData } from '../../src/lieux/domain/lieu.ts';
import { importFile } from '../../src/lieux/import/import-file.ts';
import { STANDARD_COLUMNS } from '../../src/lieux/formats/standard-row.ts';
import { exportLieux, type ExportFormat } from '../../src/lieux/export/index.ts';
import { writeLieuxCsv } from '../../src/lieux/export/lieux-csv.ts';
import { allLieux, type StoredLieu } from '../../src/lieux/store/read-lieux.ts';
import { ExportAborted } from '../../src/lieux/export/sink.ts';
import { openTestDb } from '../support/test-db.ts';
import { DEMO_DATASET } from '../support/paths.ts';

type Stored = { id: string; kind: string; status: string; commune_code: string | null; data: LieuData };
let db: Db;
let places: Stored[];
const bySourceId = new Map<string, Stored>();
before(async () => {
  db = await openTestDb();
  await importFile(db, { path: DEMO_DATASET, source: 'hinaura', actor: 'test' });
  places = await db.query<Stored>('SELECT id, kind, status, commune_code, data FROM lieux');
  for (const p of places) bySourceId.set(p.data.id, p);
});
after(async () => {
  await db.close();
});

async function exported(format: ExportFormat): Promise<string> {
  const chunks: Buffer[] = [];
  const out = new Writable({ write: (chunk: Buffer, _encoding, done) => done(void chunks.push(chunk)) });
  const count = await exportLieux(db, format, out);
  assert.equal(count, 687);
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads flat places with the ANCT library, one by one; returns the errors. */
function readWithAnctLibrary(rows: SchemaLieuMediationNumerique[]): string[] {
  const errors: string[] = [];
  for (const row of rows) {
    try {
      fromSchemaLieuxDeMediationNumerique([row]);
    } catch (error) {
      errors.push(`${row.id}: ${(error as Error).message}`);
    }
  }
  return errors;
}

test('lieux-csv: the standard columns in order, RFC 4180, every row read back by the ANCT library without error', async () => {
  const csv = await exported('lieux-csv');
  assert.ok(csv.startsWith(`${STANDARD_COLUMNS.join(',')}\r\n`), 'header: the columns of the standard, in order, comma-separated');
  assert.ok(!csv.startsWith('\uFEFF'));
  const records = parse(csv, { columns: true, delimiter: ',' }) as Record<string, string>[];
  assert.equal(records.length, 687);
  // A consumer drops empty cells and reads coordinates as numbers.
  const rows = records.map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== '').map(([k, v]) => [k, k === 'latitude' || k === 'longitude' ? Number(v) : v])) as SchemaLieuMediationNumerique);
  assert.deepEqual(readWithAnctLibrary(rows), []);

  // Same content as the JSON export (quoting kept values with commas and quotes intact).
  const json = JSON.parse(await exported('lieux-json')) as SchemaLieuMediationNumerique[];
  assert.deepEqual(rows, json);
  assert.ok(records.some((r) => r.horaires!.includes(',')), 'some opening hours contain a comma');

  // code_insee is the commune Passerelle resolved, since the source gave none.
  for (const r of records) assert.equal(r.code_insee, bySourceId.get(r.id!)!.commune_code ?? '', r.id);
  assert.equal(records.filter((r) => r.code_insee === '').length, 2);
});

test('lieux-json: flat places of the standard with lists joined by "|", read back by the ANCT library without error', async () => {
  const rows = JSON.parse(await exported('lieux-json')) as SchemaLieuMediationNumerique[];
  assert.equal(rows.length, 687);
  assert.deepEqual(readWithAnctLibrary(rows), []);
  for (const row of rows) {
    const place = bySourceId.get(row.id)!;
    assert.equal(row.services, place.data.services?.join('|'));
    assert.deepEqual([row.latitude, row.longitude], [place.data.localisation!.latitude, place.data.localisation!.longitude]);
    assert.equal(row.date_maj, place.data.date_maj);
  }
  const lieux = fromSchemaLieuxDeMediationNumerique(rows);
  assert.ok(lieux.every((l) => l.services && l.services.length > 0));
});

test("geojson: a FeatureCollection of one Point per place at its coordinates, with Passerelle's id, kind and status", async () => {
  const collection = JSON.parse(await exported('geojson')) as {
    type: string;
    features: { type: string; geometry: { type: string; coordinates: number[] }; properties: Record<string, unknown> }[];
  };
  assert.equal(collection.type, 'FeatureCollection');
  assert.equal(collection.features.length, 687);
  const byId = new Map(places.map((p) => [p.id, p]));
  for (const feature of collection.features) {
    const place = byId.get(feature.properties.passerelle_id as string)!;
    assert.ok(place, 'passerelle_id is the id of a place');
    assert.equal(feature.type, 'Feature');
    assert.deepEqual(feature.geometry, { type: 'Point', coordinates: [place.data.localisation!.longitude, place.data.localisation!.latitude] });
    assert.equal(feature.properties.kind, place.kind);
    assert.equal(feature.properties.status, place.status);
    assert.equal(feature.properties.nom, place.data.nom);
    assert.equal('latitude' in feature.properties || 'longitude' in feature.properties, false, 'coordinates only in the geometry');
  }
  assert.equal(new Set(collection.features.map((f) => f.properties.passerelle_id)).size, 687);
});

test('data-inclusion: structures the ANCT library maps back to the same places', async () => {
  const structures = JSON.parse(await exported('data-inclusion')) as SchemaStructureDataInclusion[];
  assert.equal(structures.length, 687);
  const errors: string[] = [];
  for (const structure of structures) {
    // Structures carry their thématiques; the library reads them from a service.
    const service = { id: `${structure.id}-service`, structure_id: structure.id, nom: 'Médiation numérique', source: structure.source ?? '', thematiques: structure.thematiques ?? [] };
    try {
      const lieu = fromSchemaDataInclusion([service], structure);
      const place = bySourceId.get(structure.id)!;
      assert.equal(lieu.nom, place.data.nom);
      assert.equal(lieu.pivot, place.data.pivot);
      assert.equal(lieu.adresse.voie, place.data.adresse.voie);
      assert.equal(lieu.adresse.code_insee, place.commune_code ?? undefined);
      assert.deepEqual(lieu.localisation, place.data.localisation);
      assert.deepEqual(new Set(lieu.services), new Set(place.data.services));
    } catch (error) {
      errors.push(`${structure.id}: ${(error as Error).message}`);
    }
  }
  assert.deepEqual(errors, []);
});

test('writers wait for a slow destination instead of buffering the export', async () => {
  const highWaterMark = 1024;
  let maxBuffered = 0;
  let longestChunk = 0;
  const chunks: Buffer[] = [];
  const slow = new Writable({
    highWaterMark,
    write(chunk: Buffer, _encoding, done) {
      maxBuffered = Math.max(maxBuffered, this.writableLength);
      longestChunk = Math.max(longestChunk, chunk.length);
      chunks.push(chunk);
      setImmediate(done);
    },
  });
  await exportLieux(db, 'lieux-json', slow);
  assert.equal(Buffer.concat(chunks).toString('utf8'), await exported('lieux-json'));
  // Without backpressure the whole file (hundreds of kB) would sit in the stream's buffer.
  assert.ok(maxBuffered <= highWaterMark + longestChunk, `at most one chunk beyond the high-water mark (${maxBuffered} bytes buffered)`);
});

test('an export stops when its destination goes away', async () => {
  let written = 0;
  const closing = new Writable({
    highWaterMark: 1,
    write(_chunk, _encoding, done) {
      written++;
      done();
      if (written === 10) this.destroy();
    },
  });
  await assert.rejects(exportLieux(db, 'lieux-csv', closing), ExportAborted);
  assert.ok(written < 20);
});

test('lieux-csv quotes values with commas, quotes and line breaks (RFC 4180)', async () => {
  const place = (await allLieux(db).next()).value as StoredLieu;
  const tricky = {
    ...place,
    data: { ...place.data, nom: 'Café "Le Clic", centre social', presentation: { detail: 'Première ligne\r\nSeconde ligne' } },
  };
  const chunks: Buffer[] = [];
  await writeLieuxCsv((async function* () { yield tricky; })(), new Writable({ write: (c: Buffer, _e, done) => done(void chunks.push(c)) }));
  const csv = Buffer.concat(chunks).toString('utf8');
  assert.ok(csv.includes(',"Café ""Le Clic"", centre social",'));
  const [row] = parse(csv, { columns: true }) as Record<string, string>[];
  assert.equal(row!.nom, 'Café "Le Clic", centre social');
  assert.equal(row!.presentation_detail, 'Première ligne\r\nSeconde ligne');
});

test('exports read places page by page in one order that depends on the data only', async () => {
  const ids = async (pageSize: number) => {
    const out: string[] = [];
    for await (const lieu of allLieux(db, {}, pageSize)) out.push(`${lieu.data.nom}|${lieu.data.id}|${lieu.id}`);
    return out;
  };
  const onePage = await ids(5000);
  assert.equal(onePage.length, 687);
  // Small pages cut through places sharing a name; the keyset still gives each place once, in order.
  assert.deepEqual(await ids(7), onePage);
  const names = onePage.map((s) => s.split('|')[0]!);
  assert.ok(names.some((n, i) => n === names[i - 1]), 'the dataset has places sharing a name');
});
