// Owns a stand-in for the national address API (api-adresse.data.gouv.fr) in the page-weight
// benchmark: the cartography client geocodes the searched address before it lists places, and
// this machine has no internet. It answers every /search/ and /reverse/ with Échirolles.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { compress } from './weight-compress.ts';

export const GEOCODER_HOST = 'api-adresse.data.gouv.fr';

// The shape of the API's GeoJSON answer for a municipality (values of Échirolles, rounded).
const ECHIROLLES = {
  type: 'Feature',
  geometry: { type: 'Point', coordinates: [5.7198, 45.1436] },
  properties: {
    label: 'Échirolles', score: 0.97, id: '38151', type: 'municipality', name: 'Échirolles', postcode: '38130',
    citycode: '38151', x: 915600, y: 6455500, population: 37000, city: 'Échirolles',
    context: '38, Isère, Auvergne-Rhône-Alpes', importance: 0.57, municipality: 'Échirolles',
  },
};

export function fakeGeocoder(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', `https://${GEOCODER_HOST}`);
  res.setHeader('Access-Control-Allow-Origin', '*');
  if (!/^\/(search|reverse)\/?$/.test(url.pathname)) {
    res.statusCode = 404;
    res.end();
    return;
  }
  const body = JSON.stringify({
    type: 'FeatureCollection', version: 'draft', features: [ECHIROLLES], attribution: 'BAN', licence: 'ETALAB-2.0',
    ...(url.searchParams.has('q') && { query: url.searchParams.get('q') }), limit: Number(url.searchParams.get('limit') ?? 5),
  });
  const type = 'application/json; charset=utf-8';
  const sent = compress(Buffer.from(body), type, req.headers['accept-encoding']);
  res.setHeader('Content-Type', type);
  if (sent.encoding) res.setHeader('Content-Encoding', sent.encoding);
  res.end(sent.body);
}
