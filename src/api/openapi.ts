// Owns the OpenAPI 3.1 document, generated from the route table and its schemas.
import type { TSchema } from '@sinclair/typebox';
import type { RouteDef } from './routes.ts';

// TypeBox adds symbol keys only; JSON round trip keeps the plain JSON Schema.
const plain = (schema: TSchema) => JSON.parse(JSON.stringify(schema)) as Record<string, unknown>;

function parametersOf(route: RouteDef) {
  const out: unknown[] = [];
  for (const [location, schema] of [['query', route.querystring], ['path', route.params]] as const) {
    if (!schema) continue;
    const object = plain(schema) as { properties: Record<string, Record<string, unknown>>; required?: string[] };
    for (const [name, property] of Object.entries(object.properties)) {
      const { description, ...rest } = property;
      out.push({
        name, in: location, description,
        required: location === 'path' || (object.required ?? []).includes(name),
        schema: rest,
        ...(rest.type === 'array' && { style: 'form', explode: true }),
      });
    }
  }
  return out;
}

function contentOf(response: RouteDef['responses'][number]) {
  const bodies = response.content ?? (response.schema ? { [response.contentType ?? 'application/json']: response.schema } : {});
  const entries = Object.entries(bodies);
  return entries.length === 0 ? {} : { content: Object.fromEntries(entries.map(([type, schema]) => [type, { schema: plain(schema) }])) };
}

export function openApiDocument(routes: readonly RouteDef[], version: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = route.url.replace(/:(\w+)/g, '{$1}');
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = {
      operationId: route.operationId,
      summary: route.summary,
      tags: [route.tag],
      parameters: parametersOf(route),
      responses: Object.fromEntries(Object.entries(route.responses).map(([status, r]) => [
        status,
        { description: r.description, ...contentOf(r) },
      ])),
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Passerelle — API du référentiel des lieux',
      version,
      description: "Lieux d'inclusion numérique au format du schéma national des lieux de médiation numérique, et territoires. Lecture ouverte (CORS).",
      license: { name: 'Licence Ouverte 2.0 (données) ; AGPL-3.0 (code)', identifier: 'AGPL-3.0-or-later' },
    },
    servers: [{ url: '/' }],
    paths,
  };
}
