// Test-only: small hand-made observatory inputs, for the edge cases (ties, all missing, a commune
// with no inhabitant) that are easier to see on five communes than on 35,000.
import type { CommuneInput, PlaceInput, Value } from '../../../src/observatoire/model.ts';

export function commune(code: string, values: Record<string, Value> = {}, over: Partial<CommuneInput> = {}): CommuneInput {
  return {
    code,
    nom: `Commune ${code}`,
    departement_code: code.slice(0, 2),
    region_code: '84',
    epci_code: `2000000${code.slice(0, 2)}`,
    population: 1000,
    latitude: 45,
    longitude: 5,
    values,
    ...over,
  };
}

export function place(id: string, over: Partial<PlaceInput> = {}): PlaceInput {
  return {
    id,
    nom: `Lieu ${id}`,
    latitude: null,
    longitude: null,
    commune_code: null,
    communes_desservies: [],
    services: [],
    free: true,
    accompanied: true,
    ...over,
  };
}

export const SECRET: Value = { missing: 'secret' };
export const MISSING: Value = { missing: 'missing' };

/** Great-circle distance in km, written out as the tests' comments do it (haversine, R = 6371.0088 km). */
export function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const h = Math.sin(((lat2 - lat1) * rad) / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lon2 - lon1) * rad) / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.sqrt(h));
}
