// Owns the white zones (issue 5, point 5): the communes and EPCI that are fragile and far from
// any suitable place, ranked, each with the figures that justify it.
//   Commune: score of `white_zones.variant` ≥ min_score, no place of the target kind in the
//     commune (not even an itinerant stop) and the nearest one min_distance_km or more away (or
//     none at all). A commune whose distance is unknown (no position) is never listed.
//   EPCI: its own score ≥ min_score and at least epci_min_population_share of its population
//     lives in communes far in that sense (whatever their own score).
// Priority = estimated people far from digital life × distance to the nearest suitable place, in
// people·km (for an EPCI, summed over its far communes): many people, far away, first. Entries
// without a priority (no estimate, or no such place anywhere) come last; ties: more people, then
// code. Pure, no I/O.
import type { ObservatoireConfig, WhiteZoneTarget } from './indicators/config.ts';
import { DISTANCE_NO_PLACE, DISTANCE_NO_POSITION } from './coverage.ts';
import type { FigureColumns, TerritoryFigures } from './figures.ts';

export type WhiteZone = {
  /** 1 = highest priority. */
  rank: number;
  level: 'commune' | 'epci';
  code: string;
  name: string;
  parents: TerritoryFigures['parents'];
  population: number;
  variant: string;
  score: number;
  target: WhiteZoneTarget;
  /** Commune: km to the nearest place of the target kind (null: none anywhere). EPCI: population-weighted mean over its far communes. */
  distance_km: number | null;
  /** Commune only. */
  nearest_place: { id: string; nom: string } | null;
  /** Places of the target kind in the territory (0 for a commune). */
  places: number;
  /** Population of the far communes (a commune: its own) and its share of the territory's. */
  far_population: number;
  far_share: number;
  far_communes: number;
  /** The territory's estimate (null when missing). */
  people_far_from_digital: number | null;
  /** People·km, see the header. */
  priority: number | null;
  /** The figures that justify the entry, in French. */
  reasons: string[];
};

/** The target kind in a sentence: singular, plural. */
export const WHITE_ZONE_TARGET_PHRASES: Readonly<Record<WhiteZoneTarget, readonly [string, string]>> = {
  gratuit_accompagne: ['lieu gratuit proposant un accompagnement', 'lieux gratuits proposant un accompagnement'],
  tout_lieu: ['lieu d’inclusion numérique', 'lieux d’inclusion numérique'],
};

const FORMATS = [0, 1].map((digits) => new Intl.NumberFormat('fr-FR', { maximumFractionDigits: digits }));
const fr = (n: number, digits: 0 | 1 = 1) => FORMATS[digits]!.format(n);

export function findWhiteZones(columns: FigureColumns, config: ObservatoireConfig): { commune: WhiteZone[]; epci: WhiteZone[] } {
  const { variant, min_score, min_distance_km, target, epci_min_population_share } = config.white_zones;
  const { levels, fragility, far, coverage } = columns;
  const variantLabel = config.variants[variant]!.label;
  const [what, whatPlural] = WHITE_ZONE_TARGET_PHRASES[target];
  const scoreReason = (score: number) => `Score « ${variantLabel} » : ${fr(score)} sur 10 (seuil ${fr(min_score)}).`;
  const peopleReason = (people: number | null) =>
    people === null ? 'Nombre de personnes éloignées du numérique : non estimé (données d’âge absentes).'
      : `Environ ${fr(people, 0)} personnes de 15 ans ou plus éloignées du numérique (estimation).`;
  const nullable = (v: number) => (Number.isNaN(v) ? null : v);

  // Far communes (whatever their score): no place of the kind in them (not even an itinerant stop),
  // the nearest at min_distance_km or more, or none at all; a commune without position is not judged.
  const communes = levels.communes;
  const communeTable = levels.tables.commune;
  const distances = coverage.communeDistances.get(target)!;
  const present = coverage.levels.commune.targetPlaces.get(target)!;
  const people = far.commune.people;
  const isFar = new Uint8Array(communes.length);
  const farDistance = new Float64Array(communes.length).fill(Number.NaN);
  const peopleKm = new Float64Array(communes.length).fill(Number.NaN);
  for (let i = 0; i < communes.length; i++) {
    if (present[i]! > 0 || distances.missing[i] === DISTANCE_NO_POSITION) continue;
    const d = distances.missing[i] === DISTANCE_NO_PLACE ? Number.NaN : distances.distance[i]!;
    if (!Number.isNaN(d) && d < min_distance_km) continue;
    isFar[i] = 1;
    farDistance[i] = d;
    peopleKm[i] = people[i]! * d; // NaN when either is unknown
  }

  const communeZones: WhiteZone[] = [];
  const communeScores = fragility.commune.variants.get(variant)!.scores;
  for (let i = 0; i < communes.length; i++) {
    const score = communeScores[i]!;
    if (!isFar[i] || Number.isNaN(score) || score < min_score) continue;
    const c = communes[i]!;
    const j = distances.place[i]!;
    const nearest = j >= 0 ? { id: coverage.places[j]!.id, nom: coverage.places[j]!.nom } : null;
    const distance = nullable(farDistance[i]!);
    communeZones.push({
      rank: 0,
      level: 'commune',
      code: c.code,
      name: c.nom,
      parents: communeTable.parents[i]!,
      population: c.population,
      variant,
      score,
      target,
      distance_km: distance,
      nearest_place: nearest,
      places: 0,
      far_population: c.population,
      far_share: 1,
      far_communes: 1,
      people_far_from_digital: nullable(people[i]!),
      priority: nullable(peopleKm[i]!),
      reasons: [
        scoreReason(score),
        distance === null
          ? `Aucun ${what} connu, ni dans la commune ni ailleurs.`
          : `Aucun ${what} dans la commune ; le plus proche${nearest ? ` (${nearest.nom})` : ''} est à ${fr(distance)} km à vol d’oiseau (seuil ${fr(min_distance_km)} km).`,
        peopleReason(nullable(people[i]!)),
      ],
    });
  }

  const epciZones: WhiteZone[] = [];
  const table = levels.tables.epci;
  const epciScores = fragility.epci.variants.get(variant)!.scores;
  const epciPlaces = coverage.levels.epci.targetPlaces.get(target)!;
  for (let t = 0; t < table.codes.length; t++) {
    const score = epciScores[t]!;
    if (Number.isNaN(score) || score < min_score) continue;
    let farPopulation = 0;
    let farCommunes = 0;
    let distanceSum = 0;
    let distanceWeight = 0;
    let priority: number | null = null;
    for (let k = table.memberStart[t]!; k < table.memberStart[t + 1]!; k++) {
      const i = table.memberIndex[k]!;
      if (!isFar[i]) continue;
      const pop = communes[i]!.population;
      farCommunes++;
      farPopulation += pop;
      if (!Number.isNaN(farDistance[i]!)) {
        distanceSum += farDistance[i]! * pop;
        distanceWeight += pop;
      }
      if (!Number.isNaN(peopleKm[i]!)) priority = (priority ?? 0) + peopleKm[i]!;
    }
    const population = table.population[t]!;
    const share = population > 0 ? farPopulation / population : 0;
    if (farCommunes === 0 || share < epci_min_population_share) continue;
    const distance = distanceWeight > 0 ? distanceSum / distanceWeight : null;
    const epciPeople = nullable(far.epci.people[t]!);
    epciZones.push({
      rank: 0,
      level: 'epci',
      code: table.codes[t]!,
      name: table.names[t]!,
      parents: table.parents[t]!,
      population,
      variant,
      score,
      target,
      distance_km: distance,
      nearest_place: null,
      places: epciPlaces[t]!,
      far_population: farPopulation,
      far_share: share,
      far_communes: farCommunes,
      people_far_from_digital: epciPeople,
      priority,
      reasons: [
        scoreReason(score),
        `${fr(share * 100, 0)} % de la population (${fr(farPopulation, 0)} habitants, ${farCommunes} commune${farCommunes > 1 ? 's' : ''}) ` +
          `vit dans une commune sans ${what} à moins de ${fr(min_distance_km)} km (seuil ${fr(epci_min_population_share * 100, 0)} %)` +
          (distance === null ? '.' : ` ; distance moyenne ${fr(distance)} km.`),
        placesReason(epciPlaces[t]!, what, whatPlural),
        peopleReason(epciPeople),
      ],
    });
  }

  return { commune: ranked(communeZones), epci: ranked(epciZones) };
}

function placesReason(places: number, what: string, whatPlural: string): string {
  if (places === 0) return `Aucun ${what} dans l’EPCI.`;
  return `${places} ${places > 1 ? whatPlural : what} dans l’EPCI, mais loin d’une grande partie de sa population.`;
}

function ranked(entries: WhiteZone[]): WhiteZone[] {
  entries.sort((a, b) => {
    if (a.priority !== b.priority) {
      if (a.priority === null) return 1;
      if (b.priority === null) return -1;
      return b.priority - a.priority;
    }
    const pa = a.people_far_from_digital ?? -1;
    const pb = b.people_far_from_digital ?? -1;
    return pb - pa || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
  });
  entries.forEach((e, i) => (e.rank = i + 1));
  return entries;
}
