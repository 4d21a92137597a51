// Owns distances between places on the ground, in metres, from WGS84 latitude/longitude (no
// PostGIS): great-circle distance and the lat/lon box that surely contains a circle. Pure.

const EARTH_RADIUS_M = 6_371_008.8;
const rad = (deg: number) => (deg * Math.PI) / 180;

export type LatLon = { latitude: number; longitude: number };

/** Haversine distance in metres; precise to well under a metre at the scale of a street. */
export function distanceMeters(a: LatLon, b: LatLon): number {
  const dLat = rad(b.latitude - a.latitude);
  const dLon = rad(b.longitude - a.longitude);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.latitude)) * Math.cos(rad(b.latitude)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * Half-sizes in degrees of a box around a point that contains every point within `meters` of it
 * (a degree of longitude shrinks with latitude). Slightly generous: the exact test is distanceMeters.
 */
export function boxHalfSizeDegrees(meters: number, latitude: number): { dLat: number; dLon: number } {
  const dLat = (meters / (EARTH_RADIUS_M * Math.PI)) * 180 * 1.01;
  const cos = Math.max(Math.cos(rad(Math.min(Math.abs(latitude) + dLat, 89.9))), 1e-6);
  return { dLat, dLon: dLat / cos };
}
