// Owns the mapping of one GeoJSON feature to a place: a Point feature whose properties are the
// standard's flat fields (and optionally Passerelle's extension columns); the coordinates come
// from the geometry alone, checked here so that a bad feature is reported by its number.
import type { RowIssue } from '../domain/lieu.ts';
import { validateStandardRow, type FlatRow, type RowResult } from './standard-row.ts';
import { isInFrance } from './coordinates.ts';

/** `line` is the feature's number in the `features` array, starting at 1. */
export function mapGeoJsonFeature(feature: FlatRow, line: number): RowResult {
  const issue = (column: string, value: unknown, reason: string, severity: RowIssue['severity'] = 'error'): RowIssue =>
    ({ line, column, value: typeof value === 'string' ? value : JSON.stringify(value) ?? '', reason, severity });

  if (feature.type !== 'Feature') {
    return { issues: [issue('type', feature.type ?? feature.__not_an_object ?? '', `L'objet n°${line} de « features » n'est pas un objet GeoJSON de type « Feature ».`)] };
  }
  const properties = feature.properties ?? {};
  if (typeof properties !== 'object' || Array.isArray(properties)) {
    return { issues: [issue('properties', properties, `Les « properties » de l'objet n°${line} doivent être un objet (les champs du schéma national).`)] };
  }
  // Coordinates in the properties would compete with the geometry: the geometry wins.
  const { latitude: _latitude, longitude: _longitude, ...fields } = properties as FlatRow;

  // A bad geometry rejects the feature, but its properties are still checked: every problem at once.
  const position = readPoint(feature.geometry, line, issue);
  const result = validateStandardRow({ ...fields, ...position.coordinates }, line);
  const issues = [...(position.issue ? [position.issue] : []), ...result.issues];
  return position.issue?.severity === 'error' || !result.data ? { issues } : { data: result.data, issues };
}

type Issue = (column: string, value: unknown, reason: string, severity?: RowIssue['severity']) => RowIssue;
type Position = { coordinates?: { latitude: number; longitude: number }; issue?: RowIssue };

function readPoint(geometry: unknown, line: number, issue: Issue): Position {
  if (geometry === null || geometry === undefined) {
    return { issue: issue('geometry', 'null', `L'objet n°${line} n'a pas de géométrie : le lieu est importé sans coordonnées et n'apparaîtra pas sur la carte.`, 'warning') };
  }
  const { type, coordinates } = (typeof geometry === 'object' ? geometry : {}) as { type?: unknown; coordinates?: unknown };
  if (type !== 'Point') {
    const reason = typeof type === 'string'
      ? `La géométrie de l'objet n°${line} est de type « ${type} » : seul le type « Point » est accepté, un point par lieu.`
      : `La géométrie de l'objet n°${line} n'est pas une géométrie GeoJSON : un « Point » est attendu, par exemple {"type": "Point", "coordinates": [5.7245, 45.1885]}.`;
    return { issue: issue('geometry', typeof type === 'string' ? type : geometry, reason) };
  }
  const numbers = Array.isArray(coordinates) && (coordinates.length === 2 || coordinates.length === 3) && coordinates.every((c) => typeof c === 'number' && Number.isFinite(c));
  if (!numbers) {
    return { issue: issue('geometry', coordinates, `Les coordonnées de l'objet n°${line} doivent être deux nombres [longitude, latitude], par exemple [5.7245, 45.1885].`) };
  }
  const [longitude, latitude] = coordinates as number[] as [number, number];
  if (!isInFrance(latitude, longitude)) {
    const reason = isInFrance(longitude, latitude)
      ? `Les coordonnées [${longitude}, ${latitude}] de l'objet n°${line} semblent inversées : en GeoJSON l'ordre est [longitude, latitude].`
      : `Les coordonnées [${longitude}, ${latitude}] (longitude, latitude) de l'objet n°${line} sont hors de France.`;
    return { issue: issue('geometry', coordinates, reason) };
  }
  return { coordinates: { latitude, longitude } };
}
