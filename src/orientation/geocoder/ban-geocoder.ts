// Owns the adapter of the geocoder port for the national address API (Base Adresse Nationale:
// api-adresse.data.gouv.fr/search/, or the same API on the Géoplateforme), GeoJSON answers.
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { GeocoderUnavailableError, type GeocodedAddress, type Geocoder } from './geocoder.ts';

/** People wait for the list: past this the search goes on without the address. */
export const GEOCODER_TIMEOUT_MS = 2000;
/** The API answers 400 to shorter queries, and caps limit at 20. */
const MIN_QUERY_LENGTH = 3;
const MAX_QUERY_LENGTH = 200;
const MAX_LIMIT = 20;

const Feature = Type.Object({
  geometry: Type.Object({ coordinates: Type.Tuple([Type.Number(), Type.Number()]) }),
  properties: Type.Object({
    label: Type.String(),
    score: Type.Number(),
    citycode: Type.String(),
    postcode: Type.Optional(Type.String()),
    type: Type.String(),
  }),
});
const FeatureCollection = Type.Object({ features: Type.Array(Type.Unknown()) });

/** The geocoder of the configuration, or undefined when none is configured (the default). */
export function configuredGeocoder(config: { geocoderUrl?: string }): Geocoder | undefined {
  return config.geocoderUrl ? banGeocoder({ url: config.geocoderUrl }) : undefined;
}

/** `url`: the search endpoint, e.g. https://api-adresse.data.gouv.fr/search/ */
export function banGeocoder({ url, timeoutMs = GEOCODER_TIMEOUT_MS }: { url: string; timeoutMs?: number }): Geocoder {
  return {
    async search(text, { limit = 5 } = {}) {
      const query = text.trim().slice(0, MAX_QUERY_LENGTH);
      if (query.length < MIN_QUERY_LENGTH) return [];
      const request = new URL(url);
      request.searchParams.set('q', query);
      request.searchParams.set('limit', String(Math.min(Math.max(1, Math.floor(limit)), MAX_LIMIT)));
      const body = await fetchJson(request, timeoutMs);
      if (!Value.Check(FeatureCollection, body)) throw new GeocoderUnavailableError('malformed');
      // A feature the service shapes differently is left out rather than failing the whole search.
      return body.features.filter((f): f is Static<typeof Feature> => Value.Check(Feature, f)).map(toAddress);
    },
  };
}

async function fetchJson(request: URL, timeoutMs: number): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(request, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json' } });
  } catch (error) {
    throw new GeocoderUnavailableError(isTimeout(error) ? 'timeout' : 'network');
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => {});
    throw new GeocoderUnavailableError('http', response.status);
  }
  let text: string;
  try {
    text = await response.text(); // the timeout also covers a body that never ends
  } catch (error) {
    throw new GeocoderUnavailableError(isTimeout(error) ? 'timeout' : 'network');
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new GeocoderUnavailableError('malformed');
  }
}

const isTimeout = (error: unknown) => error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');

function toAddress({ geometry, properties }: Static<typeof Feature>): GeocodedAddress {
  const [longitude, latitude] = geometry.coordinates;
  return {
    label: properties.label,
    latitude,
    longitude,
    citycode: properties.citycode,
    ...(properties.postcode && { postcode: properties.postcode }),
    score: properties.score,
    type: properties.type,
  };
}
