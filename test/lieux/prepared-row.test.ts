// A new place's row is prepared in two halves for a large import (the validation worker writes
// what depends on the data, the main thread adds the id and commune; the data is sent beside it):
// with its data, it must be exactly the row toLieuRow builds in one go, on real places of every shape.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { DEMO_DATASET } from '../../src/app/bootstrap.ts';
import { openImportFile } from '../../src/lieux/formats/registry.ts';
import { validateRow } from '../../src/lieux/import/validate-row.ts';
import { preparedRowJson, toLieuRow } from '../../src/lieux/store/lieu-row.ts';
import { communeResolver } from '../../src/territoires/resolver.ts';
import { openTestDb } from '../support/test-db.ts';
import { FIXTURES } from '../support/paths.ts';

test('a row prepared in two halves is the row toLieuRow builds, for every place of the demo dataset and the format fixtures', async () => {
  const db = await openTestDb();
  try {
    const communes = await communeResolver(db);
    let compared = 0;
    let withoutCommune = 0;
    for (const path of [DEMO_DATASET, `${FIXTURES}formats/lieux.geojson`, `${FIXTURES}formats/structures.data-inclusion.json`, `${FIXTURES}import/deux-lieux.csv`]) {
      const opened = await openImportFile(path);
      for await (const row of opened.rows()) {
        const { place } = validateRow(opened.map, row.line, row.record, row.issues);
        if (!place) continue;
        const data = JSON.parse(place.json);
        const commune = communes.resolve(place.adresse);
        if (!commune) withoutCommune++;
        const id = randomUUID();
        const expected = JSON.parse(JSON.stringify({ ...toLieuRow(id, data, communes), source_id: place.id, hash: place.hash }));
        const prepared = preparedRowJson({ id, sourceId: place.id, hash: place.hash, prepared: place.prepared }, commune);
        assert.deepEqual({ ...JSON.parse(prepared), data }, expected, `${path}, line ${row.line}`);
        compared++;
      }
    }
    assert.ok(compared > 650, `${compared} places compared`);
    assert.ok(withoutCommune > 0 && withoutCommune < compared, 'places with and without a known commune');
  } finally {
    await db.close();
  }
});
