// The geocoder port's adapter for the national address API, against a fake API on 127.0.0.1:
// normal and empty answers, a server error, a server that does not answer in time, broken JSON.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { banGeocoder, configuredGeocoder } from '../../src/orientation/geocoder/ban-geocoder.ts';
import { GeocoderUnavailableError } from '../../src/orientation/geocoder/geocoder.ts';
import { loadConfig } from '../../src/app/config.ts';

// What the API answers for "8 bd du port amiens", trimmed to two features.
const AMIENS = {
  type: 'FeatureCollection', version: 'draft', query: '8 bd du port amiens', limit: 2,
  features: [
    {
      type: 'Feature', geometry: { type: 'Point', coordinates: [2.290084, 49.897443] },
      properties: {
        label: '8 Boulevard du Port 80000 Amiens', score: 0.9680, housenumber: '8', id: '80021_6590_00008', type: 'housenumber',
        name: '8 Boulevard du Port', postcode: '80000', citycode: '80021', x: 648952.58, y: 6977867.14, city: 'Amiens',
        context: '80, Somme, Hauts-de-France', importance: 0.6466, street: 'Boulevard du Port',
      },
    },
    {
      type: 'Feature', geometry: { type: 'Point', coordinates: [2.3, 49.9] },
      properties: { label: 'Amiens', score: 0.41, id: '80021', type: 'municipality', name: 'Amiens', postcode: '80000', citycode: '80021', city: 'Amiens' },
    },
  ],
};

type Handler = (request: IncomingMessage, response: ServerResponse) => void;
let handler: Handler = () => {};
const requests: URL[] = [];
const server = createServer((request, response) => {
  requests.push(new URL(request.url ?? '/', 'http://127.0.0.1'));
  handler(request, response);
});
let url = '';
before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/search/`;
});
after(() => {
  server.closeAllConnections();
  server.close();
});

const json = (status: number, body: string): Handler => (_request, response) => {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(body);
};
const geocoder = () => banGeocoder({ url, timeoutMs: 300 });

async function failure(run: () => Promise<unknown>): Promise<GeocoderUnavailableError> {
  try {
    await run();
  } catch (error) {
    assert.ok(error instanceof GeocoderUnavailableError, String(error));
    return error;
  }
  assert.fail('expected GeocoderUnavailableError');
}

test('a normal answer becomes addresses, best first, with the query and limit sent', async () => {
  handler = json(200, JSON.stringify(AMIENS));
  requests.length = 0;
  const found = await geocoder().search('  8 bd du port amiens ', { limit: 2 });
  assert.deepEqual(found, [
    { label: '8 Boulevard du Port 80000 Amiens', latitude: 49.897443, longitude: 2.290084, citycode: '80021', postcode: '80000', score: 0.968, type: 'housenumber' },
    { label: 'Amiens', latitude: 49.9, longitude: 2.3, citycode: '80021', postcode: '80000', score: 0.41, type: 'municipality' },
  ]);
  assert.equal(requests.length, 1);
  assert.equal(requests[0]!.pathname, '/search/');
  assert.equal(requests[0]!.searchParams.get('q'), '8 bd du port amiens');
  assert.equal(requests[0]!.searchParams.get('limit'), '2');
});

test('an empty answer is an empty list; a feature shaped otherwise is left out', async () => {
  handler = json(200, JSON.stringify({ ...AMIENS, features: [] }));
  assert.deepEqual(await geocoder().search('rue qui n existe pas'), []);
  handler = json(200, JSON.stringify({ ...AMIENS, features: [{ type: 'Feature', geometry: null, properties: {} }, AMIENS.features[1]] }));
  assert.deepEqual((await geocoder().search('amiens')).map((a) => a.label), ['Amiens']);
});

test('too short a query is not sent (the API refuses it); the limit is kept within 1–20', async () => {
  handler = json(200, JSON.stringify(AMIENS));
  requests.length = 0;
  assert.deepEqual(await geocoder().search(' a '), []);
  assert.equal(requests.length, 0);
  await geocoder().search('amiens', { limit: 500 });
  assert.equal(requests[0]!.searchParams.get('limit'), '20');
});

test('a server error is a GeocoderUnavailableError with its status, and a plain French message', async () => {
  handler = json(500, '{"code":500,"message":"boom"}');
  const error = await failure(() => geocoder().search('8 bd du port amiens'));
  assert.equal(error.reason, 'http');
  assert.equal(error.status, 500);
  assert.match(error.message, /Cherchez par commune ou par code postal/);
});

test('a server that does not answer in time is a timeout, before and during the body', async () => {
  handler = () => {}; // never answers
  assert.equal((await failure(() => geocoder().search('8 bd du port amiens'))).reason, 'timeout');
  handler = (_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.write('{"features": ['); // and never ends
  };
  assert.equal((await failure(() => geocoder().search('8 bd du port amiens'))).reason, 'timeout');
});

test('malformed JSON or an answer of another shape is malformed', async () => {
  handler = json(200, '{"features": [');
  assert.equal((await failure(() => geocoder().search('8 bd du port amiens'))).reason, 'malformed');
  handler = json(200, '"hello"');
  assert.equal((await failure(() => geocoder().search('8 bd du port amiens'))).reason, 'malformed');
});

test('an unreachable service is a network failure', async () => {
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise((resolve) => closed.close(resolve));
  const error = await failure(() => banGeocoder({ url: `http://127.0.0.1:${port}/search/` }).search('8 bd du port amiens'));
  assert.equal(error.reason, 'network');
});

test('errors never carry the address that was searched (it may be a home address)', async () => {
  for (const answer of [json(500, 'x'), json(200, '{'), () => {}] as Handler[]) {
    handler = answer;
    const error = await failure(() => geocoder().search('12 rue des Lilas Grenoble'));
    const everything = `${error.message} ${error.stack} ${JSON.stringify(error)} ${String(error.cause ?? '')}`;
    assert.doesNotMatch(everything, /Lilas/);
  }
});

test('off by default: a geocoder only when PASSERELLE_GEOCODER_URL is set', () => {
  assert.equal(loadConfig({}).geocoderUrl, undefined);
  assert.equal(configuredGeocoder(loadConfig({})), undefined);
  const config = loadConfig({ PASSERELLE_GEOCODER_URL: 'https://api-adresse.data.gouv.fr/search/' });
  assert.equal(config.geocoderUrl, 'https://api-adresse.data.gouv.fr/search/');
  assert.ok(configuredGeocoder(config));
});
