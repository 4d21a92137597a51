// Owns the national illectronism rates by age band that the "far from digital life" estimate
// applies to each commune's population by age (observatoire/far-from-digital.ts), with where each
// rate comes from. Pure data, no I/O.
//
// Published figures (INSEE Première n° 1953, June 2023, data of 2021,
// https://www.insee.fr/fr/statistiques/7633654):
//   - 15.4 % of people aged 15 or more are in illectronism;
//   - 62 % of people aged 75 or more;
//   - 2 % of people aged 15 to 24;
//   - "plus d'une personne de 60 ans ou plus sur trois".
// Nothing else is taken from that publication. The bands in between (25–54, 55–59, 60–64, 65–74)
// have no published rate here: they are DERIVED, as follows, and said to be so wherever shown.
//
// Derivation (done once, the results are the constants below):
//   1. The rate rises with age along r(t) = 2 + (62 − 2) × t^k, where t = (a − 20) / (80 − 20) and a
//      is the middle age of the band (20 for 15–24, 40 for 25–54, 57.5, 62.5, 70, and 80 taken by
//      convention for the open band 75+). So r = 2 % for 15–24 and 62 % for 75+, as published.
//   2. k is the one value for which the rates, weighted by the population of each band in
//      metropolitan France (INSEE RP 2022 shares × COG 2026 populations légales of the 34,738
//      communes with age data: 15–24 14.31 %, 25–54 45.03 %, 55–59 7.86 %, 60–64 7.45 %,
//      65–74 13.41 %, 75+ 11.93 % of the 54.75 million people aged 15+), give the published
//      15.4 %: k ≈ 3.90.
//   3. Rates rounded to 0.1 point: 2.8 %, 11.6 %, 17.6 %, 31.5 %. Check: national total 15.40 %
//      (15.395 before rounding the total), 60+ rate 39.4 % — above one third, as published.
//   test/observatoire/far-from-digital.test.ts re-does the check on the shared data.
// Limits: the survey counts people living in ordinary households, the census everyone; the
// rates are national and say nothing of local differences other than the age structure.

export type RateSource = 'publié' | 'dérivé' | 'configuré';

export type IllectronismBand = {
  key: string;
  label: string;
  /** The band's share of the population, in points, from the commune columns: Σ plus − Σ minus (negative → 0). */
  plus: readonly string[];
  minus: readonly string[];
  /** Share of the band in illectronism, in % (0–100). */
  rate_pct: number;
  rate_source: RateSource;
  rate_note: string;
};

export const ILLECTRONISM_SOURCE = {
  title: 'INSEE Première n° 1953 (illectronisme en 2021)',
  date: 'juin 2023 (données 2021)',
  url: 'https://www.insee.fr/fr/statistiques/7633654',
} as const;

export const ILLECTRONISM_NATIONAL_RATE_PCT = 15.4;
export const ILLECTRONISM_60PLUS_PUBLISHED = 'plus d’une personne de 60 ans ou plus sur trois';

const DERIVED =
  'Taux dérivé : courbe 2 + 60 × t^3,9 entre les taux publiés des 15–24 ans (2 %) et des 75 ans ou plus (62 %), ' +
  'calée pour redonner le taux national publié de 15,4 % sur la population de France métropolitaine par âge (RP 2022).';

export const ILLECTRONISM_BANDS: readonly IllectronismBand[] = [
  { key: '15_24', label: '15 à 24 ans', plus: ['pct_15_24'], minus: [], rate_pct: 2, rate_source: 'publié', rate_note: 'INSEE Première n° 1953 : 2 % des 15–24 ans.' },
  { key: '25_54', label: '25 à 54 ans', plus: ['pct_25_54'], minus: [], rate_pct: 2.8, rate_source: 'dérivé', rate_note: DERIVED },
  {
    key: '55_59', label: '55 à 59 ans', plus: ['pct_55_64', 'pct_65plus'], minus: ['pct_60plus'], rate_pct: 11.6, rate_source: 'dérivé', rate_note: DERIVED,
  },
  { key: '60_64', label: '60 à 64 ans', plus: ['pct_60plus'], minus: ['pct_65plus'], rate_pct: 17.6, rate_source: 'dérivé', rate_note: DERIVED },
  { key: '65_74', label: '65 à 74 ans', plus: ['pct_65plus'], minus: ['pct_75plus'], rate_pct: 31.5, rate_source: 'dérivé', rate_note: DERIVED },
  { key: '75_plus', label: '75 ans ou plus', plus: ['pct_75plus'], minus: [], rate_pct: 62, rate_source: 'publié', rate_note: 'INSEE Première n° 1953 : 62 % des 75 ans ou plus.' },
];

/** Every commune column the bands read. */
export const ILLECTRONISM_COLUMNS: readonly string[] = [...new Set(ILLECTRONISM_BANDS.flatMap((b) => [...b.plus, ...b.minus]))];
