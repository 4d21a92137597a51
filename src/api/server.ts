// Owns the HTTP server: compression, the API route table with CORS for reading and problem+json
// errors, and the site's pages (src/web) with their French error pages.
import Fastify, { type FastifyInstance } from 'fastify';
import cors from '@fastify/cors';
import compress from '@fastify/compress';
import type { Db } from '../platform/db.ts';
import { routes, type ApiDeps } from './routes.ts';
import { loadConfig, type Config } from '../app/config.ts';
import { configuredGeocoder } from '../orientation/geocoder/ban-geocoder.ts';
import type { Geocoder } from '../orientation/geocoder/geocoder.ts';
import type { Mailer } from '../platform/mail/mailer.ts';
import { configuredMailer } from '../platform/mail/configured-mailer.ts';
import { openApiDocument } from './openapi.ts';
import { sendProblem } from './problem.ts';
import { registerWebRoutes } from '../web/routes.ts';
import { isPageRequest, type WebDeps } from '../web/page-route.ts';
import { sendPage } from '../web/layout.ts';
import { badRequestPage, notFoundPage, serverErrorPage } from '../web/error-pages.ts';

export type ServerOptions = {
  logger?: boolean;
  /** The address geocoder; by default the one of the configuration (none unless PASSERELLE_GEOCODER_URL is set). */
  geocoder?: Geocoder | undefined;
  /** Map tiles of the results map; by default those of the configuration. */
  tiles?: Config['tiles'];
  /** Where e-mails go (sign-in links, reminders); by default SMTP or the outbox folder of the configuration. */
  mailer?: Mailer;
};

export async function buildServer(db: Db, options: ServerOptions = {}): Promise<FastifyInstance> {
  const config = loadConfig();
  const deps: ApiDeps & WebDeps = {
    geocoder: 'geocoder' in options ? options.geocoder : configuredGeocoder(config),
    tiles: options.tiles ?? config.tiles,
    mailer: options.mailer ?? configuredMailer(config),
  };
  const app = Fastify({
    logger: options.logger ?? false,
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false, allErrors: true } },
  });
  // gzip and brotli for HTML, CSS, JS, JSON and exports (streamed ones too), above 1 KB.
  await app.register(compress, { encodings: ['br', 'gzip'] });
  await app.register(cors, { origin: '*', methods: ['GET', 'HEAD', 'OPTIONS'] });

  app.setErrorHandler((error: { validation?: { instancePath: string; message?: string; params?: Record<string, unknown> }[]; validationContext?: string; statusCode?: number; message: string }, request, reply) => {
    if (error.validation) {
      // An unknown enumeration value fails every literal of the union (one "must be equal to
      // constant" each, then "must match a schema in anyOf"): one plain reason per parameter.
      const byParameter = new Map<string, string>();
      for (const v of error.validation) {
        const parameter = v.instancePath.replace(/^\//, '').split('/')[0] || String(v.params?.missingProperty ?? v.params?.additionalProperty ?? '');
        const enumeration = v.params && ('allowedValue' in v.params || 'passingSchemas' in v.params);
        const reason = enumeration ? 'valeur inconnue (voir les valeurs permises dans /api/v1/openapi.json)' : v.message ?? 'invalide';
        if (!byParameter.has(parameter) || enumeration) byParameter.set(parameter, reason);
      }
      const errors = [...byParameter].map(([parameter, reason]) => ({ parameter, reason }));
      return sendProblem(reply, { status: 400, title: 'Paramètres invalides', detail: errors.map((e) => `${e.parameter} : ${e.reason}`).join(' ; '), errors });
    }
    request.log.error(error);
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (isPageRequest(request.url)) return sendPage(reply, status === 500 ? serverErrorPage() : badRequestPage(), status);
    return sendProblem(reply, { status, title: status === 500 ? 'Erreur interne' : error.message });
  });
  app.setNotFoundHandler((request, reply) => isPageRequest(request.url)
    ? sendPage(reply, notFoundPage(), 404)
    : sendProblem(reply, { status: 404, title: 'Page introuvable', detail: `Rien à l'adresse ${request.url}.` }));

  for (const route of routes) {
    app.route({
      method: route.method,
      url: route.url,
      schema: { ...(route.querystring && { querystring: route.querystring }), ...(route.params && { params: route.params }) },
      handler: (request, reply) => route.handler(db, request, reply, deps),
    });
  }
  const document = openApiDocument(routes, '0.1.0');
  app.get('/api/v1/openapi.json', async () => document);
  await registerWebRoutes(app, db, deps);
  return app;
}
