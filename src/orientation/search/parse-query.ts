// Owns reading an orientation search from URL parameters, the same for the page (/recherche)
// and the API (/api/v1/orientation): unknown values are reported in plain French, not ignored.
import { MODALITES_ACCES, MODALITES_ACCOMPAGNEMENT, PRISES_EN_CHARGE, PUBLICS, SERVICES, type Enumeration } from '../../lieux/domain/enums.ts';
import { DAY_PARTS, WEEKDAYS, type DayPart, type Weekday } from '../open-during.ts';
import { DEFAULT_RADIUS_KM, MAX_LIMIT, RADII_KM, type OrientationQuery } from './search.ts';

export type RawQuery = Record<string, string | string[] | number | boolean | undefined>;

/** The parameters, their meaning is documented with the API schema (api/schemas.ts). */
export const LIST_PARAMETERS = {
  services: SERVICES,
  publics: PUBLICS,
  prise_en_charge: PRISES_EN_CHARGE,
  modalites_accompagnement: MODALITES_ACCOMPAGNEMENT,
  modalites_acces: MODALITES_ACCES,
} as const satisfies Record<string, Enumeration>;

export type QueryProblem = { parameter: string; message: string };

const list = (value: RawQuery[string]): string[] =>
  value === undefined ? [] : (Array.isArray(value) ? value : [String(value)]).map((v) => v.trim()).filter(Boolean);
const single = (value: RawQuery[string]): string | undefined => list(value)[0];
const yes = (value: RawQuery[string]) => ['oui', 'true', '1', 'on'].includes((single(value) ?? '').toLowerCase());

export function parseOrientationQuery(raw: RawQuery, at: Date): { query: OrientationQuery; problems: QueryProblem[] } {
  const problems: QueryProblem[] = [];
  const lists = {} as Record<keyof typeof LIST_PARAMETERS, string[]>;
  for (const [name, enumeration] of Object.entries(LIST_PARAMETERS) as [keyof typeof LIST_PARAMETERS, Enumeration][]) {
    const values = list(raw[name]);
    const unknown = values.filter((v) => !enumeration.values.includes(v));
    if (unknown.length > 0) problems.push({ parameter: name, message: `Valeur inconnue pour ${name} : ${unknown.join(', ')}.` });
    lists[name] = values.filter((v) => enumeration.values.includes(v));
  }
  const number = (name: string): number | undefined => {
    const value = single(raw[name]);
    if (value === undefined) return undefined;
    const n = Number(value.replace(',', '.'));
    if (!Number.isFinite(n)) problems.push({ parameter: name, message: `${name} doit être un nombre.` });
    return Number.isFinite(n) ? n : undefined;
  };
  const lat = number('lat');
  const lon = number('lon');
  const rayon = number('rayon');
  if (rayon !== undefined && !(RADII_KM as readonly number[]).includes(rayon)) {
    problems.push({ parameter: 'rayon', message: `La distance doit être l’une de : ${RADII_KM.join(', ')} km.` });
  }
  const limit = number('limit');
  const ouvert = single(raw.ouvert);
  const jour = single(raw.jour);
  const moment = single(raw.moment);
  let opening: OrientationQuery['ouvert'];
  if (ouvert === 'maintenant') opening = { now: true };
  else if (ouvert) problems.push({ parameter: 'ouvert', message: 'ouvert ne peut valoir que « maintenant ».' });
  if (jour || moment) {
    if (jour && !(jour in WEEKDAYS)) problems.push({ parameter: 'jour', message: `Jour inconnu : ${jour} (Mo, Tu, We, Th, Fr, Sa ou Su).` });
    else if (moment && !(moment in DAY_PARTS)) problems.push({ parameter: 'moment', message: `Moment inconnu : ${moment} (matin, apres_midi ou soir).` });
    else if (!opening && jour) opening = { day: jour as Weekday, ...(moment && { part: moment as DayPart }) };
    else if (!jour) problems.push({ parameter: 'jour', message: 'Choisissez aussi le jour.' });
  }
  const commune = single(raw.commune);
  if (commune && !/^(\d{5}|2[AB]\d{3})$/.test(commune)) problems.push({ parameter: 'commune', message: 'commune doit être un code INSEE à 5 caractères.' });
  const besoin = single(raw.besoin);
  const ou = single(raw.ou);
  const query: OrientationQuery = {
    ...(ou && { ou: ou.slice(0, 200) }),
    ...(commune && /^(\d{5}|2[AB]\d{3})$/.test(commune) && { commune }),
    ...(lat !== undefined && lon !== undefined && { lat, lon }),
    ...(besoin && { besoin: besoin.slice(0, 300) }),
    ...lists,
    gratuit: yes(raw.gratuit),
    itinerant: yes(raw.itinerant),
    ...(opening && { ouvert: opening }),
    rayonKm: rayon !== undefined && (RADII_KM as readonly number[]).includes(rayon) ? rayon : DEFAULT_RADIUS_KM,
    limit: Math.max(1, Math.min(Math.trunc(limit ?? 20), MAX_LIMIT)),
    at,
  };
  return { query, problems };
}
