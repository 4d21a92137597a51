// GET /api/v1/orientation on the demo dataset: the answer's shape and content, the query read by
// the same parser as the page (unknown values reported, not ignored), homonyms as a problem with
// the choices, the OpenAPI document, and addresses through the national address API's adapter
// against a fake API on 127.0.0.1 (answers, outage).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { banGeocoder } from '../../src/orientation/geocoder/ban-geocoder.ts';
import { parseOrientationQuery } from '../../src/orientation/search/parse-query.ts';
import { pinClock } from '../../src/platform/clock.ts';
import { openDemoApp, type DemoApp } from '../support/demo-app.ts';

// A fake national address API: answers "12 avenue des États Généraux Échirolles", fails on demand.
let outage = false;
const geocoderRequests: URL[] = [];
const fake = createServer((request, response: ServerResponse) => {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  geocoderRequests.push(url);
  if (outage) {
    response.writeHead(502).end();
    return;
  }
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(JSON.stringify({
    type: 'FeatureCollection',
    features: url.searchParams.get('q')?.includes('États Généraux') ? [{
      type: 'Feature', geometry: { type: 'Point', coordinates: [5.7217, 45.1463] },
      properties: { label: '12 Avenue des États Généraux 38130 Échirolles', score: 0.93, citycode: '38151', postcode: '38130', type: 'housenumber' },
    }] : [],
  }));
});

let demo: DemoApp;
let app: FastifyInstance;
before(async () => {
  await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
  demo = await openDemoApp({ geocoder: banGeocoder({ url: `http://127.0.0.1:${(fake.address() as AddressInfo).port}/search/` }) });
  app = demo.app;
  pinClock(new Date('2026-12-01T10:00:00+01:00')); // a Tuesday morning
});
after(async () => {
  pinClock(undefined);
  await demo?.close();
  fake.closeAllConnections();
  fake.close();
});

const get = (url: string) => app.inject({ method: 'GET', url });

type Answer = {
  ou: { label: string; from: string; point?: { latitude: number; longitude: number }; communes: { code: string; nom: string }[] };
  besoins: { services: string[]; texte_non_compris: boolean };
  total: number;
  data: { lieu: { id: string; nom: string; services: string[] }; distance_m?: number; prochaine_ouverture: { state: string; open_now: boolean; opens_at?: string; phrase: string }; pourquoi: string[]; passe_ici: boolean }[];
  propositions?: { proches: unknown[]; itinerants: unknown[] };
};

test('a search by commune and need answers the ranked places with distance, next opening and reasons', async () => {
  const response = await get(`/api/v1/orientation?ou=echirolles&services=${encodeURIComponent('Aide aux démarches administratives')}&gratuit=oui&limit=3`);
  assert.equal(response.statusCode, 200, response.body);
  const body = response.json() as Answer;
  assert.equal(body.ou.label, 'Échirolles (38130)');
  assert.deepEqual(body.ou.communes, [{ code: '38151', nom: 'Échirolles' }]);
  assert.equal(body.data.length, 3);
  assert.ok(body.total >= 3);
  for (const r of body.data) {
    assert.ok(r.lieu.services.includes('Aide aux démarches administratives'));
    assert.equal(typeof r.distance_m, 'number');
    assert.equal(r.pourquoi[0], 'Propose : Faire une démarche en ligne (impôts, CAF, retraite…)');
    assert.match(r.prochaine_ouverture.phrase, /^(Ouvert maintenant|Ouvre|Horaires non communiqués)/);
  }
  const distances = body.data.map((r) => r.distance_m!);
  assert.deepEqual(distances, [...distances].sort((a, b) => a - b));
  assert.equal(body.propositions, undefined);
});

test('an empty search says so and proposes the nearest partial matches', async () => {
  const response = await get(`/api/v1/orientation?lat=45.1436&lon=5.7189&rayon=2&prise_en_charge=${encodeURIComponent('Surdité')}&publics=Femmes&services=${encodeURIComponent('Aide aux démarches administratives')}`);
  assert.equal(response.statusCode, 200, response.body);
  const body = response.json() as Answer;
  assert.equal(body.total, 0);
  assert.deepEqual(body.data, []);
  assert.ok((body.propositions?.proches.length ?? 0) > 0);
});

test('homonyms: a problem listing the communes to choose from', async () => {
  const response = await get('/api/v1/orientation?ou=Saint-Denis');
  assert.equal(response.statusCode, 400);
  assert.match(response.headers['content-type'] as string, /^application\/problem\+json/);
  const body = response.json() as { probleme: string; choix: { code: string; libelle: string }[] };
  assert.equal(body.probleme, 'ambiguous');
  assert.ok(body.choix.some((c) => c.code === '93066' && c.libelle === 'Saint-Denis (93200)'));
  const chosen = await get('/api/v1/orientation?ou=Saint-Denis&commune=93066');
  assert.equal(chosen.statusCode, 200);
  assert.equal((chosen.json() as Answer).ou.label, 'Saint-Denis (93200)');
  assert.equal((await get('/api/v1/orientation?ou=Zzyzx')).statusCode, 404);
});

test('bad parameters are refused with the parameter named', async () => {
  const response = await get('/api/v1/orientation?ou=Grenoble&rayon=7');
  assert.equal(response.statusCode, 400);
  assert.ok((response.json() as { errors: { parameter: string }[] }).errors.some((e) => e.parameter === 'rayon'));
  const unknown = await get('/api/v1/orientation?ou=Grenoble&services=Coiffure');
  assert.equal(unknown.statusCode, 400);
  assert.deepEqual((unknown.json() as { errors: unknown[] }).errors, [{ parameter: 'services', reason: 'valeur inconnue (voir les valeurs permises dans /api/v1/openapi.json)' }]);
  assert.equal((await get('/api/v1/orientation?ou=Grenoble&moment=soir')).statusCode, 400, 'a moment needs a day');
});

test('the parser shared with the page reports what it cannot read instead of ignoring it', () => {
  const at = new Date();
  const { query, problems } = parseOrientationQuery({ ou: ' Grenoble ', services: ['Coiffure', 'Aide aux démarches administratives'], rayon: '7', jour: 'Xx', gratuit: 'oui' }, at);
  assert.deepEqual(problems.map((p) => p.parameter), ['services', 'rayon', 'jour']);
  assert.equal(query.ou, 'Grenoble');
  assert.deepEqual(query.services, ['Aide aux démarches administratives']);
  assert.equal(query.rayonKm, 10);
  assert.equal(query.gratuit, true);
  assert.deepEqual(parseOrientationQuery({ jour: 'Tu', moment: 'apres_midi' }, at).query.ouvert, { day: 'Tu', part: 'apres_midi' });
  assert.deepEqual(parseOrientationQuery({ jour: 'Sa' }, at).query.ouvert, { day: 'Sa' });
  assert.deepEqual(parseOrientationQuery({ ouvert: 'maintenant' }, at).query.ouvert, { now: true });
});

test('an address goes to the geocoder, and its outage is a clear message, not an error page', async () => {
  const response = await get(`/api/v1/orientation?ou=${encodeURIComponent('12 avenue des États Généraux Échirolles')}&limit=1`);
  assert.equal(response.statusCode, 200, response.body);
  const body = response.json() as Answer;
  assert.equal(body.ou.from, 'address');
  assert.equal(body.ou.label, '12 Avenue des États Généraux 38130 Échirolles');
  assert.deepEqual(body.ou.point, { latitude: 45.1463, longitude: 5.7217 });
  assert.deepEqual(body.ou.communes.map((c) => c.code), ['38151']);
  assert.equal(geocoderRequests.at(-1)?.searchParams.get('q'), '12 avenue des États Généraux Échirolles');
  // Commune names never reach the geocoder: they are found locally.
  const before = geocoderRequests.length;
  assert.equal((await get('/api/v1/orientation?ou=Grenoble')).statusCode, 200);
  assert.equal(geocoderRequests.length, before);
  outage = true;
  try {
    const down = await get(`/api/v1/orientation?ou=${encodeURIComponent('12 avenue des États Généraux Échirolles')}`);
    assert.equal(down.statusCode, 503);
    assert.equal((down.json() as { detail: string }).detail, "La recherche d'adresse ne répond pas pour le moment. Cherchez par commune ou par code postal.");
  } finally {
    outage = false;
  }
});

test('the OpenAPI document describes the orientation search and its parameters', async () => {
  const doc = (await get('/api/v1/openapi.json')).json() as { paths: Record<string, { get: { parameters: { name: string }[]; responses: Record<string, unknown> } }> };
  const op = doc.paths['/api/v1/orientation']?.get;
  assert.ok(op);
  const names = op.parameters.map((p) => p.name);
  for (const name of ['ou', 'commune', 'lat', 'lon', 'besoin', 'services', 'gratuit', 'publics', 'prise_en_charge', 'modalites_accompagnement', 'modalites_acces', 'ouvert', 'jour', 'moment', 'itinerant', 'rayon', 'limit']) {
    assert.ok(names.includes(name), name);
  }
  assert.deepEqual(Object.keys(op.responses).sort(), ['200', '400', '404', '503']);
});
