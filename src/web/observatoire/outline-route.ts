// Owns GET /observatoire/carte/{niveau}.geojson[?departement=38]: the outlines of a map layer as
// GeoJSON (properties code and nom), read by observatoire.js. Named by the version of the outlines
// (v=, the first 12 hex digits of the file's sha256): with the current version, browsers keep it a
// year (immutable); without it, they revalidate with the ETag. Compressed once per layer.
import { listStoredDatasets } from '../../observatoire/datasets/store.ts';
import type { PageRoute } from '../page-route.ts';
import { isLevel } from './measures.ts';
import { param } from './common.ts';
import { layerBody, outlineLayer } from './map-layers.ts';

export const outlinePages: PageRoute[] = [
  {
    method: 'GET',
    url: '/observatoire/carte/:fichier',
    handler: async (db, request, reply) => {
      const { fichier } = request.params as { fichier: string };
      const level = fichier.replace(/\.geojson$/, '');
      if (!fichier.endsWith('.geojson') || !isLevel(level)) return reply.callNotFound();
      const departement = param(request, 'departement') || undefined;
      if ((level === 'commune') && !departement) {
        return reply.code(400).type('text/plain; charset=utf-8').send('Les contours des communes se demandent par département : ajoutez ?departement=38 (par exemple).');
      }
      const layer = await outlineLayer(db, await listStoredDatasets(db), level, departement);
      if (!layer || layer.features.length === 0) return reply.callNotFound();
      const etag = `"${layer.key}"`;
      reply
        .header('etag', etag)
        .header('vary', 'accept-encoding')
        .header('cache-control', param(request, 'v') === layer.version ? 'public, max-age=31536000, immutable' : 'public, no-cache');
      if (request.headers['if-none-match'] === etag) return reply.code(304).send();
      const accepted = String(request.headers['accept-encoding'] ?? '');
      const encoding = /\bbr\b/.test(accepted) ? 'br' : /\bgzip\b/.test(accepted) ? 'gzip' : null;
      reply.type('application/geo+json; charset=utf-8');
      // Already compressed: the response compressor leaves a body with a Content-Encoding alone.
      if (encoding) reply.header('content-encoding', encoding);
      return reply.send(layerBody(layer, encoding));
    },
  },
];
