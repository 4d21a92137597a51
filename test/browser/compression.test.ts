// Compression of every response (@fastify/compress, registered in src/api/server.ts): the JSON API
// and the streamed exports arrive compressed when the client asks, and decompress to exactly what
// an uncompressed client gets. No browser needed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { openDemoApp, type DemoApp } from '../support/demo-app.ts';

let demo: DemoApp;
let app: FastifyInstance;
before(async () => {
  demo = await openDemoApp();
  ({ app } = demo);
});
after(async () => demo?.close());

const decode = { br: brotliDecompressSync, gzip: gunzipSync } as const;

for (const encoding of ['br', 'gzip'] as const) {
  test(`the JSON API answers in ${encoding} and decodes to the same document`, async () => {
    const url = '/api/v1/lieux?departement=38&limit=100';
    const plain = await app.inject({ url });
    const packed = await app.inject({ url, headers: { 'accept-encoding': encoding } });
    assert.equal(packed.statusCode, 200);
    assert.equal(packed.headers['content-encoding'], encoding);
    assert.equal(packed.headers['content-type'], plain.headers['content-type']);
    assert.ok(packed.rawPayload.length < plain.rawPayload.length / 3, `${packed.rawPayload.length} vs ${plain.rawPayload.length} bytes`);
    assert.deepEqual(JSON.parse(decode[encoding](packed.rawPayload).toString('utf8')), plain.json());
  });

  test(`a streamed export (lieux-csv) arrives in ${encoding}, whole`, async () => {
    const url = '/api/v1/lieux/export?format=lieux-csv';
    const plain = await app.inject({ url });
    const packed = await app.inject({ url, headers: { 'accept-encoding': encoding } });
    assert.equal(packed.statusCode, 200);
    assert.equal(packed.headers['content-encoding'], encoding);
    assert.equal(packed.headers['content-disposition'], plain.headers['content-disposition']);
    assert.equal(packed.headers['content-length'], undefined, 'streamed, not buffered');
    assert.equal(decode[encoding](packed.rawPayload).toString('utf8'), plain.body);
  });
}

test('errors of the API keep their problem+json type when compressed', async () => {
  const response = await app.inject({ url: '/api/v1/lieux?limit=0', headers: { 'accept-encoding': 'gzip' } });
  assert.equal(response.statusCode, 400);
  assert.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8');
});

for (const encoding of ['br', 'gzip'] as const) {
  test(`static assets (the map library) arrive in ${encoding} and decode to the file itself`, async () => {
    const results = await app.inject({ url: '/recherche?ou=Grenoble&vue=carte' });
    const href = /data-leaflet-js="(\/assets\/leaflet\.[0-9a-f]{12}\.js)"/.exec(results.body)?.[1];
    assert.ok(href, 'the map view names the hashed library');
    const plain = await app.inject({ url: href });
    const packed = await app.inject({ url: href, headers: { 'accept-encoding': `${encoding}, deflate` } });
    assert.equal(packed.statusCode, 200);
    assert.equal(packed.headers['content-encoding'], encoding);
    assert.match(String(packed.headers.vary), /accept-encoding/i);
    assert.equal(decode[encoding](packed.rawPayload).toString('utf8'), plain.body);
    // Brotli is precompressed at its best quality: well under a third of the 147 kB file.
    if (encoding === 'br') assert.ok(packed.rawPayload.length < 40_000, `${packed.rawPayload.length} bytes`);
  });
}
