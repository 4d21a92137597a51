// Owns the criteria of an orientation search: what the person asked for, each as a test on a
// place of the catalog and the plain-French reason shown under "why this place" (or, for the
// nearest places proposed when nothing matches, under "what it does not offer").
import type { CatalogEntry } from '../../lieux/catalog/entry.ts';
import type { LieuFilters } from '../../lieux/store/read-lieux.ts';
import { plainLabel, type PlainEnumeration } from '../needs.ts';
import { nextOpening } from '../next-opening.ts';
import { DAY_PARTS, WEEKDAYS, isOpenDuring, type DayPart, type Weekday } from '../open-during.ts';

/** Open now, or on the next given day (in a part of it, or at any time of it). */
export type Opening = { now: true } | { day: Weekday; part?: DayPart };

export type Criteria = {
  /** Needs: services of the standard and kinds of places; a place must offer one of them. */
  services: string[];
  kinds: string[];
  gratuit: boolean;
  publics: string[];
  prise_en_charge: string[];
  modalites_accompagnement: string[];
  modalites_acces: string[];
  ouvert?: Opening;
  /** Only itinerant services (that visit the communes searched). */
  itinerant: boolean;
};

export type Criterion = {
  key: string;
  /** Costly tests (opening hours) are run last, on few places. */
  costly: boolean;
  matches(entry: CatalogEntry): boolean;
  /**
   * The same test as catalog filters, when it has one (a place matches when it matches one of
   * them): the search then narrows with the catalog's bitsets instead of calling `matches`.
   */
  filters?: LieuFilters[];
  /** Why the place was chosen, when it matches: "C'est gratuit". */
  reason(entry: CatalogEntry): string;
  /** What is missing, when it does not: "Ce n'est pas gratuit". */
  missing: string;
};

export const FREE_VALUES = ['Gratuit', 'Gratuit sous condition'];

const anyOf = (values: readonly string[], wanted: readonly string[]) => wanted.some((w) => values.includes(w));
const labels = (enumeration: PlainEnumeration, values: readonly string[]) => values.map((v) => plainLabel(enumeration, v).toLowerCase());
const or = (items: string[]) => (items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} ou ${items[items.length - 1]}`);

/** The criteria of a search, in the order they are explained. `at` is the moment of the search. */
export function criteriaOf(c: Criteria, at: Date): Criterion[] {
  const list: Criterion[] = [];
  if (c.services.length > 0 || c.kinds.length > 0) {
    list.push({
      key: 'besoin',
      costly: false,
      matches: (e) => anyOf(e.services, c.services) || c.kinds.includes(e.kind),
      filters: [...(c.services.length > 0 ? [{ services: c.services }] : []), ...(c.kinds.length > 0 ? [{ kind: c.kinds }] : [])],
      reason: (e) => {
        const offered = [...c.services.filter((s) => e.services.includes(s)).map((s) => plainLabel('services', s)), ...(c.kinds.includes(e.kind) ? [plainLabel('kind', e.kind)] : [])];
        return `Propose : ${offered.join(' ; ')}`;
      },
      missing: 'Ne propose pas ce que vous cherchez',
    });
  }
  if (c.gratuit) {
    list.push({
      key: 'gratuit',
      costly: false,
      matches: (e) => anyOf(e.frais_a_charge, FREE_VALUES),
      filters: [{ frais: FREE_VALUES }],
      reason: (e) => (e.frais_a_charge.includes('Gratuit') ? 'C’est gratuit' : 'C’est gratuit sous condition'),
      missing: 'N’est pas gratuit, ou le prix n’est pas connu',
    });
  }
  const enumCriterion = (key: 'publics' | 'prise_en_charge' | 'modalites_accompagnement' | 'modalites_acces', wanted: string[], field: 'publics_specifiquement_adresses' | 'prise_en_charge_specifique' | 'modalites_accompagnement' | 'modalites_acces', intro: string, missing: string) => {
    if (wanted.length === 0) return;
    list.push({
      key,
      costly: false,
      matches: (e) => anyOf(e[field], wanted),
      filters: [{ [key]: wanted }],
      reason: (e) => `${intro} : ${labels(field, wanted.filter((w) => e[field].includes(w))).join(', ')}`,
      missing: `${missing} : ${or(labels(field, wanted))}`,
    });
  };
  enumCriterion('publics', c.publics, 'publics_specifiquement_adresses', 'Accueille en particulier', 'N’accueille pas en particulier');
  enumCriterion('prise_en_charge', c.prise_en_charge, 'prise_en_charge_specifique', 'Aide adaptée', 'Pas d’aide adaptée connue');
  enumCriterion('modalites_accompagnement', c.modalites_accompagnement, 'modalites_accompagnement', 'Comment on vous aide', 'Ne propose pas');
  enumCriterion('modalites_acces', c.modalites_acces, 'modalites_acces', 'Pour y aller', 'Ne propose pas');
  if (c.itinerant) {
    list.push({
      key: 'itinerant',
      costly: false,
      matches: (e) => e.communes_desservies.length > 0 || (e.data.itinerance ?? []).includes('Itinérant'),
      reason: () => 'Service itinérant : il se déplace',
      missing: 'N’est pas un service itinérant',
    });
  }
  if (c.ouvert) {
    const ouvert = c.ouvert;
    if ('now' in ouvert) {
      list.push({
        key: 'ouvert',
        costly: true,
        matches: (e) => nextOpening(e.data, at).openNow,
        reason: () => 'Ouvert maintenant',
        missing: 'Fermé maintenant, ou horaires non connus',
      });
    } else {
      const part = ouvert.part ? DAY_PARTS[ouvert.part] : { label: '', from: '00:00', to: '24:00' };
      const when = `le ${WEEKDAYS[ouvert.day]}${part.label && ` ${part.label}`}`;
      list.push({
        key: 'ouvert',
        costly: true,
        matches: (e) => isOpenDuring(e.data, { day: ouvert.day, from: part.from, to: part.to }, at),
        reason: () => `Ouvert ${when}`,
        missing: `Fermé ${when}, ou horaires non connus`,
      });
    }
  }
  return list;
}
