// Owns turning "where" as a person gives it into an area to search: a commune name (accents and
// case ignored, "(38130)" from a suggestion understood), a postcode, an address (through the
// geocoder port, when one is configured), or a position ("near me"). Ambiguous names give a
// choice; what cannot be found gives a message saying what to type instead.
import type { LatLon } from '../../lieux/dedup/geo.ts';
import type { CommuneDirectory, CommuneInfo } from '../../territoires/commune-directory.ts';
import { GeocoderUnavailableError, type Geocoder } from '../geocoder/geocoder.ts';

export type WhereInput = {
  /** What the person typed in "Où ?". */
  ou?: string;
  /** An INSEE code chosen among homonyms. */
  commune?: string;
  /** "Near me": the browser's position. */
  lat?: number;
  lon?: number;
};

export type Where = {
  /** Shown back to the person: "Échirolles (38130)", "38130", "autour de vous", an address. */
  label: string;
  /** The communes the person is in or asked for: their places and the services visiting them count. */
  communes: CommuneInfo[];
  /** Where distances are measured from, when known. */
  point?: LatLon;
  /** How the point was found: from the communes, an address, or the browser. */
  from: 'commune' | 'address' | 'position';
};

export type WhereProblem = {
  problem: 'missing' | 'not_found' | 'ambiguous' | 'geocoder_unavailable';
  message: string;
  /** For ambiguous names: the communes to choose from, most populated first. */
  choices?: CommuneInfo[];
};

export const MAX_CHOICES = 8;

/**
 * Resolves where to search. `communePoint` gives a commune's point when it has no loaded position
 * (the search derives one from its places).
 */
export async function resolveWhere(
  input: WhereInput,
  deps: { communes: CommuneDirectory; geocoder?: Geocoder | undefined; communePoint: (commune: CommuneInfo) => LatLon | undefined },
): Promise<Where | WhereProblem> {
  const { communes, geocoder, communePoint } = deps;
  const ofCommunes = (list: CommuneInfo[], label: string): Where => {
    const points = list.map(communePoint).filter((p): p is LatLon => p !== undefined);
    const point = points.length === 0 ? undefined : {
      latitude: points.reduce((s, p) => s + p.latitude, 0) / points.length,
      longitude: points.reduce((s, p) => s + p.longitude, 0) / points.length,
    };
    return { label, communes: list, ...(point && { point }), from: 'commune' };
  };

  const text = (input.ou ?? '').trim();
  // A commune chosen among homonyms stands while "Où ?" still shows it; typing another place wins.
  if (input.commune) {
    const commune = communes.byCode(input.commune);
    if (!commune) return { problem: 'not_found', message: 'Cette commune n’existe pas. Écrivez son nom ou son code postal.' };
    if (!text || text === label(commune) || text === commune.nom) return ofCommunes([commune], label(commune));
  }
  // The browser's position counts when nothing is typed (the script empties "Où ?" when it finds it).
  if (!text && input.lat !== undefined && input.lon !== undefined) {
    if (!(Math.abs(input.lat) <= 90 && Math.abs(input.lon) <= 180)) return { problem: 'not_found', message: 'Votre position n’est pas valable. Écrivez votre commune.' };
    return { label: 'autour de vous', communes: [], point: { latitude: input.lat, longitude: input.lon }, from: 'position' };
  }
  if (!text) return { problem: 'missing', message: 'Écrivez une commune, un code postal ou une adresse.' };

  // "Échirolles (38130)", as the suggestions write it.
  const suggestion = /^(.*\S)\s*\((\d{5})\)$/.exec(text);
  const name = suggestion ? suggestion[1]! : text;
  const postcode = suggestion ? suggestion[2] : /^\d{5}$/.test(text) ? text : undefined;

  if (postcode && !suggestion) {
    const list = communes.byPostcode(postcode);
    if (list.length === 0) return { problem: 'not_found', message: `Aucune commune n’a le code postal ${postcode}. Vérifiez le code, ou écrivez le nom de la commune.` };
    return ofCommunes(list, postcode);
  }
  // An address has a number and words ("12 rue Jean Jaurès Échirolles"): the geocoder knows it.
  const looksLikeAddress = /\d/.test(name) && /[a-z]{3}/i.test(name) && !postcode;
  if (!looksLikeAddress) {
    let named = communes.byName(name);
    if (postcode) {
      const withPostcode = named.filter((c) => c.codes_postaux.includes(postcode));
      if (withPostcode.length > 0) named = withPostcode;
    }
    if (named.length === 1) return ofCommunes(named, label(named[0]!));
    if (named.length > 1) {
      return {
        problem: 'ambiguous',
        message: `Plusieurs communes correspondent à « ${text} ». Choisissez la vôtre.`,
        choices: named.slice(0, MAX_CHOICES),
      };
    }
  }
  if (geocoder) {
    try {
      const [best] = await geocoder.search(text, { limit: 1 });
      if (best && best.score >= 0.4) {
        const commune = communes.byCode(best.citycode);
        return { label: best.label, communes: commune ? [commune] : [], point: { latitude: best.latitude, longitude: best.longitude }, from: 'address' };
      }
    } catch (error) {
      if (!(error instanceof GeocoderUnavailableError)) throw error;
      return { problem: 'geocoder_unavailable', message: error.message };
    }
  }
  return {
    problem: 'not_found',
    message: `Nous ne trouvons pas « ${text} ». Vérifiez l’orthographe, ou écrivez le code postal${geocoder ? '' : ' ou le nom de la commune'}.`,
  };
}

/** "Échirolles (38130)"; communes with several postcodes show the first one. */
export function label(commune: CommuneInfo): string {
  const cp = commune.codes_postaux[0];
  return cp ? `${commune.nom} (${cp})` : commune.nom;
}
