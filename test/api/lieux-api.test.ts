// The JSON API under /api/v1 on the seeded regional dataset: filters, cursor pagination, one
// place with its provenance, territories, problem+json errors, CORS, and the OpenAPI document.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { openDemoApp, type DemoApp } from '../support/demo-app.ts';

let demo: DemoApp;
let app: FastifyInstance;
before(async () => {
  demo = await openDemoApp();
  ({ app } = demo);
});
after(async () => demo?.close());

type Page = { data: { id: string; nom: string; services?: string[]; frais_a_charge?: string[]; territoire: { commune_code: string; departement_code: string }; localisation?: { latitude: number; longitude: number } }[]; meta: { total: number; total_exact: boolean }; links: { next?: string } };
const get = async (url: string) => app.inject({ method: 'GET', url });
const page = async (url: string) => {
  const response = await get(url);
  assert.equal(response.statusCode, 200, response.body);
  return response.json() as Page;
};

test('lists every place, 50 per page by default, with a total', async () => {
  const first = await page('/api/v1/lieux');
  assert.equal(first.meta.total, 687);
  assert.equal(first.meta.total_exact, true);
  assert.equal(first.data.length, 50);
  assert.ok(first.links.next?.startsWith('/api/v1/lieux?cursor='));
});

test('cursor pagination walks through every place exactly once', async () => {
  const ids = new Set<string>();
  let url: string | undefined = '/api/v1/lieux?limit=20&departement=74';
  let pages = 0;
  let total = 0;
  while (url) {
    const p: Page = await page(url);
    total = p.meta.total;
    p.data.forEach((l) => ids.add(l.id));
    url = p.links.next;
    pages++;
  }
  assert.ok(total > 100, 'Haute-Savoie has several pages of places');
  assert.equal(ids.size, total);
  assert.equal(pages, Math.ceil(total / 20));
});

test('filters combine: Échirolles, administrative procedures, free of charge', async () => {
  const url = `/api/v1/lieux?commune=38151&services=${encodeURIComponent('Aide aux démarches administratives')}&frais=Gratuit`;
  const result = await page(url);
  assert.ok(result.meta.total >= 1);
  for (const lieu of result.data) {
    assert.equal(lieu.territoire.commune_code, '38151');
    assert.ok(lieu.services?.includes('Aide aux démarches administratives'));
    assert.ok(lieu.frais_a_charge?.includes('Gratuit'));
  }
  const all = await page('/api/v1/lieux?commune=38151');
  assert.ok(all.meta.total > result.meta.total, 'the filters removed some places of Échirolles');
});

test('values of one filter are alternatives', async () => {
  const gratuit = (await page('/api/v1/lieux?frais=Gratuit&limit=1')).meta.total;
  const sousCondition = (await page(`/api/v1/lieux?frais=${encodeURIComponent('Gratuit sous condition')}&limit=1`)).meta.total;
  const both = (await page(`/api/v1/lieux?frais=Gratuit&frais=${encodeURIComponent('Gratuit sous condition')}&limit=1`)).meta.total;
  assert.ok(both >= Math.max(gratuit, sousCondition) && both <= gratuit + sousCondition);
});

test('bounding box and text search', async () => {
  // Around Grenoble.
  const box = await page('/api/v1/lieux?bbox=5.68,45.15,5.76,45.21&limit=500');
  assert.ok(box.meta.total > 5);
  for (const l of box.data) {
    assert.ok(l.localisation!.longitude >= 5.68 && l.localisation!.longitude <= 5.76);
    assert.ok(l.localisation!.latitude >= 45.15 && l.localisation!.latitude <= 45.21);
  }
  const text = await page('/api/v1/lieux?q=ponatiere');
  assert.deepEqual(text.data.map((l) => l.nom), ['Bibliothèque La Ponatière']);
});

test('one place with its source records and the provenance of its fields', async () => {
  const [first] = (await page('/api/v1/lieux?q=ponatiere')).data;
  const response = await get(`/api/v1/lieux/${first!.id}`);
  assert.equal(response.statusCode, 200);
  const lieu = response.json();
  assert.equal(lieu.nom, 'Bibliothèque La Ponatière');
  assert.deepEqual(lieu.sources.map((s: { source: string }) => s.source), ['hinaura']);
  assert.deepEqual(lieu.provenance.horaires, { source: 'hinaura', source_id: lieu.sources[0].source_id });
  assert.equal(lieu.territoire.commune_nom, 'Échirolles');
});

test('a page or a place read once is read anew after a write (bodies are remembered per catalog version only)', async () => {
  const [first] = (await page('/api/v1/lieux?q=ponatiere')).data;
  const before = (await get(`/api/v1/lieux/${first!.id}`)).json();
  assert.equal((await get(`/api/v1/lieux/${first!.id}`)).json().nom, before.nom);
  await demo.db.query("UPDATE lieux SET nom = 'Bibliothèque La Ponatière (rénovée)', data = jsonb_set(data, '{nom}', '\"Bibliothèque La Ponatière (rénovée)\"') WHERE id = $1", [first!.id]);
  assert.equal((await get(`/api/v1/lieux/${first!.id}`)).json().nom, 'Bibliothèque La Ponatière (rénovée)');
  assert.deepEqual((await page('/api/v1/lieux?q=ponatiere')).data.map((l) => l.nom), ['Bibliothèque La Ponatière (rénovée)']);
  await demo.db.query("UPDATE lieux SET nom = $2, data = jsonb_set(data, '{nom}', to_jsonb($2::text)) WHERE id = $1", [first!.id, before.nom]);
  assert.equal((await get(`/api/v1/lieux/${first!.id}`)).json().nom, before.nom);
});

test('errors are problem+json documents in French', async () => {
  const missing = await get('/api/v1/lieux/00000000-0000-0000-0000-000000000000');
  assert.equal(missing.statusCode, 404);
  assert.match(missing.headers['content-type'] as string, /^application\/problem\+json/);
  assert.equal(missing.json().title, 'Lieu introuvable');

  const bad = await get('/api/v1/lieux?services=Jardinage&limit=0');
  assert.equal(bad.statusCode, 400);
  assert.match(bad.headers['content-type'] as string, /^application\/problem\+json/);
  const parameters = bad.json().errors.map((e: { parameter: string }) => e.parameter);
  assert.ok(parameters.includes('services') && parameters.includes('limit'), bad.body);

  const cursor = await get('/api/v1/lieux?cursor=nimporte');
  assert.equal(cursor.statusCode, 400);
  assert.equal(cursor.json().title, 'Curseur invalide');
});

test('reading is open to other sites (CORS)', async () => {
  const response = await app.inject({ method: 'GET', url: '/api/v1/lieux?limit=1', headers: { origin: 'https://carto.example.org' } });
  assert.equal(response.headers['access-control-allow-origin'], '*');
});

test('territories and commune search, accents and case ignored', async () => {
  const territoires = (await get('/api/v1/territoires')).json();
  assert.ok(territoires.regions.some((r: { code: string; nom: string }) => r.code === '84' && r.nom === 'Auvergne-Rhône-Alpes'));
  assert.ok(territoires.departements.some((d: { code: string; nom: string }) => d.code === '38' && d.nom === 'Isère'));
  const communes = (await get('/api/v1/territoires/communes?q=ECHIROLLES')).json().data;
  assert.equal(communes[0].code, '38151');
  const byPostcode = (await get('/api/v1/territoires/communes?q=38130')).json().data;
  assert.deepEqual(byPostcode.map((c: { code: string }) => c.code), ['38151']);
});

test('the OpenAPI 3.1 document describes the routes with the schemas that validate them', async () => {
  const doc = (await get('/api/v1/openapi.json')).json();
  assert.equal(doc.openapi, '3.1.0');
  const list = doc.paths['/api/v1/lieux'].get;
  const services = list.parameters.find((p: { name: string }) => p.name === 'services');
  assert.equal(services.in, 'query');
  assert.ok(services.schema.items.anyOf.some((v: { const: string }) => v.const === 'Aide aux démarches administratives'));
  assert.ok(doc.paths['/api/v1/lieux/{id}'].get.responses['404'].content['application/problem+json']);
});
