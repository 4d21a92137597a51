// Owns the synthetic national dataset of the benchmark: N places in the flat CSV form of the
// current national standard (STANDARD_COLUMNS, lists joined with '|'), spread over the real
// communes in proportion to their population, written into bench/out/. Deterministic: the same
// seed and the same inputs give the same file, byte for byte.
//
// Realism comes from the demo dataset (the Hinaura hub's 687 real places, v0 format): each
// generated place copies the attributes of one demo place picked at random (services, publics,
// prise en charge, frais, modalités, opening hours, which contact fields are filled, the kind of
// structure its name shows), so the share of every value and their correlations follow that file.
// Identity fields (name, address, coordinates, contact values, dates) are generated for the new
// commune. Fields the v0 format lacks are left empty except typologie and France Services, which
// follow from the kind of structure.
//
// Usage: node --import tsx bench/generate.ts [--rows 30000] [--seed 2026]
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gunzipSync } from 'node:zlib';
import { pathToFileURL } from 'node:url';
import { parse as parseCsvSync } from 'csv-parse/sync';
import { STANDARD_COLUMNS } from '../src/lieux/formats/standard-row.ts';
import { mapV0Row } from '../src/lieux/formats/v0.ts';
import { DEMO_DATASET } from '../src/app/bootstrap.ts';
import { normalizeText } from '../src/platform/text.ts';
import { BenchSetupError, COMMUNES_CENTROIDS, OUT_DIR, log, requireSharedFile, seededRandom } from './common.ts';

const require = createRequire(import.meta.url);

export type GenerateOptions = { rows: number; seed: number; outDir?: string };
export type GeneratedDataset = {
  path: string;
  rows: number;
  seed: number;
  bytes: number;
  communes: number;
  /** Distinct opening-hours values: what a cache of parsed hours could hope to reuse. */
  distinctHoraires: number;
  ms: number;
  /** Share of places carrying each value, generated vs. demo dataset, for the report. */
  shares: { field: string; value: string; generated: number; demo: number }[];
};

/** Radius of the jitter around a commune's inner point (uniform over the disc). */
const JITTER_METRES = 400;
const DELIMITER = ',';

type Commune = { code: string; nom: string; reg: string; lat: number; lon: number; weight: number; postcodes: string[] };

type Category = { key: string; pattern: RegExp; templates: string[]; typologie?: string; dispositif?: string; domains: string[] };

// Kinds of structures found in the demo dataset's names, most specific first; a demo place's
// category decides the shape of the generated name, its typologie and its e-mail domain.
const CATEGORIES: Category[] = [
  { key: 'france_services', pattern: /france ?services?|msap|maison (de|des) services|\bmsp\b/i, typologie: 'MSAP', dispositif: 'France Services',
    templates: ['France Services {commune}', 'Espace France Services de {commune}', 'Maison France Services {commune}'], domains: ['france-services.gouv.fr'] },
  { key: 'mediatheque', pattern: /m[ée]diath[èe]que|biblioth[èe]que|\bbib\b|ludoth[èe]que|lecture/i, typologie: 'BIB',
    templates: ['Médiathèque de {commune}', 'Médiathèque {person}', 'Bibliothèque municipale de {commune}', 'Médiathèque « {person} »'], domains: ['{commune}.fr', 'bibliotheques-{commune}.fr'] },
  { key: 'mairie', pattern: /mairie|h[ôo]tel de ville|agence postale|la poste/i, typologie: 'MUNI',
    templates: ['Mairie de {commune}', 'Mairie annexe de {commune}', 'Agence postale communale de {commune}'], domains: ['{commune}.fr', 'mairie-{commune}.fr'] },
  { key: 'solidarite', pattern: /ccas|cias|communal d'action|solidarit/i, typologie: 'CCAS',
    templates: ['CCAS de {commune}', "Centre communal d'action sociale de {commune}", 'Maison des solidarités de {commune}'], domains: ['{commune}.fr', 'ccas-{commune}.fr'] },
  { key: 'centre_social', pattern: /centre social|centres sociaux|\bevs\b|vie sociale|maison pour tous|\bmjc\b|maison de quartier|maison des habitants/i, typologie: 'CS',
    templates: ['Centre social de {commune}', 'Centre social {person}', 'MJC de {commune}', 'Espace de vie sociale de {commune}'], domains: ['centres-sociaux.fr', 'mjc-{commune}.fr'] },
  { key: 'jeunesse', pattern: /\bpij\b|\bbij\b|info jeune|information jeunesse|mission locale|jeunes/i, typologie: 'PIJ_BIJ',
    templates: ['Point Information Jeunesse de {commune}', 'Espace Info Jeunes {commune}', 'Mission locale de {commune}'], domains: ['{commune}.fr', 'infojeunes.fr'] },
  { key: 'emploi', pattern: /p[ôo]le emploi|france travail|emploi|insertion|\bmife\b/i, typologie: 'FT',
    templates: ['France Travail {commune}', "Maison de l'emploi de {commune}", "Chantier d'insertion de {commune}"], domains: ['francetravail.fr', 'mde-{commune}.fr'] },
  { key: 'association', pattern: /association|secours|emma[üu]s|croix[- ]rouge|familles rurales|club|accorderie|\bapf\b|\bcsf\b/i, typologie: 'ASSO',
    templates: ['Association {word} de {commune}', 'Familles Rurales {commune}', 'Secours populaire – antenne de {commune}', 'Club informatique de {commune}'], domains: ['gmail.com', 'orange.fr', 'wanadoo.fr', 'free.fr'] },
  { key: 'numerique', pattern: /num[ée]ri|cyber|\bepn\b|fab ?lab|tiers[- ]?lieu|1\/3 lieu|lab\b|informatique|@|tic/i, typologie: 'EPN',
    templates: ['Espace public numérique de {commune}', 'Cyberespace de {commune}', 'Fablab {word}', 'Tiers-lieu numérique de {commune}', 'Conseiller numérique – {commune}'], domains: ['{commune}.fr', 'gmail.com'] },
  { key: 'autre', pattern: /./, templates: ['{word}', 'Le {word} de {commune}', 'Point numérique de {commune}'], domains: ['gmail.com', 'orange.fr', '{commune}.fr'] },
];

const PEOPLE = ['Victor Hugo', 'Louise Michel', 'Jacques Prévert', 'Simone Veil', 'Jean Moulin', 'Marie Curie', 'Albert Camus', 'George Sand',
  'Jules Verne', 'Colette', 'Émile Zola', 'Aimé Césaire', 'Simone de Beauvoir', 'Jean Jaurès', 'Olympe de Gouges', 'Antoine de Saint-Exupéry'];
const WORDS = ['Le Lien', 'Passerelle', 'Clic & Vous', "L'Atelier", 'La Fabrique', 'Le Relais', 'Connect', 'Les Petits Débrouillards', 'Solidarnum',
  'Le Déclic', 'Agora', 'La Ruche', 'Horizon', 'Trait d’union', 'Le Cap', 'Les Bidouilleurs'];
const STREET_TYPES = ['rue', 'rue', 'rue', 'avenue', 'place', 'boulevard', 'chemin', 'allée', 'impasse', 'route'];
const STREET_NAMES = ['de la République', 'de la Mairie', 'Victor Hugo', 'Jean Jaurès', "de l'Église", 'du Général de Gaulle', 'Pasteur', 'des Écoles',
  'de la Gare', 'du Stade', 'Gambetta', 'Jean Moulin', 'de la Liberté', 'du Château', 'des Tilleuls', 'Principale', 'du Moulin', 'de Verdun',
  'Carnot', 'Émile Zola', 'du 8 Mai 1945', 'de la Paix', 'des Lilas', 'du Marché', 'Nationale', 'de Lattre de Tassigny'];
const COMPLEMENTS = ['Bâtiment B', '1er étage', 'Rez-de-chaussée', 'Entrée par la cour', 'Salle polyvalente', 'Espace Simone Veil'];
const HOUR_SHIFTS = [-60, -45, -30, -15, 15, 30, 45, 60];
const SOURCES = ['Conseiller Numérique', 'Cartographie nationale', 'France Services', 'Hub régional', 'Aidants Connect'];

// Telephone numbers by région: country code, then the first digits of the 9-digit national number
// (metropolitan zones 1–5, overseas numbering plans).
const PHONE_PREFIX: Record<string, [country: string, national: string]> = {
  '11': ['+33', '1'], '24': ['+33', '2'], '28': ['+33', '2'], '52': ['+33', '2'], '53': ['+33', '2'], '27': ['+33', '3'],
  '32': ['+33', '3'], '44': ['+33', '3'], '84': ['+33', '4'], '93': ['+33', '4'], '94': ['+33', '4'], '75': ['+33', '5'],
  '76': ['+33', '5'], '01': ['+590', '590'], '02': ['+596', '596'], '03': ['+594', '594'], '04': ['+262', '262'], '06': ['+262', '269'],
};

type DemoBundle = {
  category: Category;
  services?: string[];
  publics?: string[];
  prises?: string[];
  frais?: string[];
  modalites?: string[];
  horaires?: string;
  telephone: boolean;
  courriel: boolean;
  siteWeb: boolean;
};

const LIST_FIELDS = [
  ['services', 'services'], ['publics_specifiquement_adresses', 'publics'], ['prise_en_charge_specifique', 'prises'],
  ['frais_a_charge', 'frais'], ['modalites_accompagnement', 'modalites'],
] as const;

function loadDemoBundles(): DemoBundle[] {
  const rows = require(DEMO_DATASET) as Record<string, unknown>[];
  const bundles: DemoBundle[] = [];
  rows.forEach((row, i) => {
    const { data } = mapV0Row(row, i + 1);
    if (!data) return;
    const nom = String(row.nom ?? '');
    bundles.push({
      category: CATEGORIES.find((c) => c.pattern.test(nom))!,
      services: data.services,
      publics: data.publics_specifiquement_adresses,
      prises: data.prise_en_charge_specifique,
      frais: data.frais_a_charge,
      modalites: data.modalites_accompagnement,
      // The raw v0 text: the importer normalises opening hours itself, as it would for a real file.
      horaires: typeof row.horaires === 'string' && row.horaires.trim() !== '' && data.horaires ? row.horaires : undefined,
      telephone: Boolean(data.contact?.telephone),
      courriel: Boolean(data.contact?.courriels?.length),
      siteWeb: Boolean(data.contact?.site_web?.length),
    });
  });
  if (bundles.length === 0) throw new BenchSetupError(`The demo dataset ${DEMO_DATASET} gave no valid place.`);
  return bundles;
}

function loadCommunes(): Commune[] {
  const csv = gunzipSync(readFileSync(requireSharedFile(COMMUNES_CENTROIDS))).toString('utf8');
  const records = parseCsvSync(csv, { columns: true, skip_empty_lines: true, trim: true }) as Record<string, string>[];
  const decoupage = require('@etalab/decoupage-administratif/data/communes.json') as { code: string; type: string; codesPostaux?: string[] }[];
  const postcodes = new Map(decoupage.filter((c) => c.type === 'commune-actuelle').map((c) => [c.code, c.codesPostaux ?? []]));
  const communes: Commune[] = [];
  for (const r of records) {
    const lat = Number(r.lat_interieur);
    const lon = Number(r.lon_interieur);
    const population = Number(r.population);
    const cps = postcodes.get(r.code_insee!) ?? [];
    // Communes without a coordinate, a postcode or inhabitants cannot host a generated place.
    if (r.lat_interieur === '' || !Number.isFinite(lat) || !Number.isFinite(lon) || !(population > 0) || cps.length === 0) continue;
    communes.push({ code: r.code_insee!, nom: r.nom!, reg: r.reg!, lat, lon, weight: population, postcodes: cps });
  }
  if (communes.length === 0) throw new BenchSetupError(`No usable commune in ${COMMUNES_CENTROIDS}.`);
  return communes;
}

/** Picks communes in proportion to their population (binary search over cumulative weights). */
function weightedPicker(communes: Commune[], random: () => number): () => Commune {
  const cumulative: number[] = [];
  let total = 0;
  for (const c of communes) cumulative.push((total += c.weight));
  return () => {
    const target = random() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid]! > target) hi = mid;
      else lo = mid + 1;
    }
    return communes[lo]!;
  };
}

/** A 14-digit SIRET with a valid Luhn key. */
function siret(random: () => number): string {
  const digits = Array.from({ length: 13 }, () => Math.floor(random() * 10));
  const sum = (ds: number[]) => ds.reduceRight((s, d, i) => {
    const fromRight = ds.length - 1 - i;
    const v = fromRight % 2 === 1 ? d * 2 : d;
    return s + (v > 9 ? v - 9 : v);
  }, 0);
  const key = (10 - (sum([...digits, 0]) % 10)) % 10;
  return [...digits, key].join('');
}

/** Every HH:MM of an opening-hours value moved by the same number of minutes; undefined past midnight. */
function shiftHours(value: string, minutes: number): string | undefined {
  let outOfDay = false;
  const shifted = value.replace(/\b(\d{2}):(\d{2})\b/g, (_, h: string, m: string) => {
    const total = Number(h) * 60 + Number(m) + minutes;
    if (total < 0 || total > 24 * 60) outOfDay = true;
    return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
  });
  return outOfDay ? undefined : shifted;
}

const slug = (text: string) => normalizeText(text).replaceAll(' ', '-');

function csvField(value: string | undefined): string {
  if (value === undefined || value === '') return '';
  return /[",\r\n;]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export async function generateDataset(options: GenerateOptions): Promise<GeneratedDataset> {
  const started = performance.now();
  const random = seededRandom(options.seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const chance = (p: number) => random() < p;

  const bundles = loadDemoBundles();
  const communes = loadCommunes();
  const pickCommune = weightedPicker(communes, random);
  const outDir = options.outDir ?? OUT_DIR;
  mkdirSync(outDir, { recursive: true });
  const path = `${outDir}lieux-${options.rows}-seed${options.seed}.csv`;
  const out = createWriteStream(path, { encoding: 'utf8' });
  const write = (text: string) => (out.write(text) ? Promise.resolve() : new Promise<void>((resolve) => out.once('drain', () => resolve())));

  const usedCommunes = new Set<string>();
  const distinctHoraires = new Set<string>();
  const valueCounts = new Map<string, number>();
  const count = (field: string, values: readonly string[] | undefined) => {
    for (const v of values ?? []) valueCounts.set(`${field}\u0000${v}`, (valueCounts.get(`${field}\u0000${v}`) ?? 0) + 1);
  };
  let bytes = 0;
  const header = `${STANDARD_COLUMNS.join(DELIMITER)}\n`;
  bytes += Buffer.byteLength(header);
  await write(header);

  const width = String(options.rows).length;
  let chunk: string[] = [];
  for (let i = 1; i <= options.rows; i++) {
    const bundle = pick(bundles);
    const commune = pickCommune();
    usedCommunes.add(commune.code);
    const category = bundle.category;
    const nom = pick(category.templates)
      .replace('{commune}', commune.nom)
      .replace('{person}', pick(PEOPLE))
      .replace('{word}', pick(WORDS));

    // Uniform over a disc of JITTER_METRES around the commune's inner point.
    const distance = JITTER_METRES * Math.sqrt(random());
    const bearing = 2 * Math.PI * random();
    const latitude = commune.lat + (distance * Math.cos(bearing)) / 111_320;
    const longitude = commune.lon + (distance * Math.sin(bearing)) / (111_320 * Math.cos((commune.lat * Math.PI) / 180));

    const type = pick(STREET_TYPES);
    const street = `${chance(0.8) ? `${1 + Math.floor(random() * 120)} ` : ''}${type} ${pick(STREET_NAMES)}`;
    const domain = pick(category.domains).replace('{commune}', slug(commune.nom));
    const [country, national] = PHONE_PREFIX[commune.reg] ?? ['+33', '1'];
    const digits = 9 - national.length;
    const telephone = bundle.telephone ? `${country}${national}${String(Math.floor(random() * 10 ** digits)).padStart(digits, '0')}` : undefined;
    const courriel = bundle.courriel ? `${pick(['contact', 'accueil', 'numerique', slug(nom).slice(0, 24)])}@${domain}` : undefined;
    const siteWeb = bundle.siteWeb ? `https://www.${domain.includes('gmail') || domain.includes('orange') || domain.includes('wanadoo') || domain.includes('free.fr') ? `${slug(nom).slice(0, 30)}.fr` : domain}` : undefined;
    const day = Math.floor(random() * 3 * 365); // within the three years before 2026-01-01
    const dateMaj = new Date(Date.UTC(2023, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
    const typologie = category.typologie && chance(0.7) ? category.typologie : undefined;
    const dispositifs = [...(category.dispositif ? [category.dispositif] : []), ...(chance(0.2) ? ['Conseillers numériques'] : [])];
    for (const [field, key] of LIST_FIELDS) count(field, bundle[key]);

    const row: Record<(typeof STANDARD_COLUMNS)[number], string | undefined> = {
      id: `bench-${String(i).padStart(width, '0')}`,
      // The v0 demo predates real SIRETs (all zeros); current national files mostly carry one.
      pivot: chance(0.6) ? siret(random) : '00000000000000',
      nom,
      adresse: street,
      complement_adresse: chance(0.08) ? pick(COMPLEMENTS) : undefined,
      commune: commune.nom,
      code_postal: pick(commune.postcodes),
      // Most current files carry the INSEE code; the others are resolved by postcode and name.
      code_insee: chance(0.85) ? commune.code : undefined,
      latitude: latitude.toFixed(6),
      longitude: longitude.toFixed(6),
      typologie,
      telephone,
      courriels: courriel,
      site_web: siteWeb,
      // Half the places keep the demo's hours verbatim, the others the same pattern shifted by up
      // to an hour, so that the file has many distinct values like a national one.
      horaires: bundle.horaires && !chance(0.5) ? shiftHours(bundle.horaires, pick(HOUR_SHIFTS)) ?? bundle.horaires : bundle.horaires,
      presentation_resume: undefined,
      presentation_detail: undefined,
      source: pick(SOURCES),
      structure_parente: undefined,
      date_maj: dateMaj,
      services: bundle.services?.join('|'),
      publics_specifiquement_adresses: bundle.publics?.join('|'),
      prise_en_charge_specifique: bundle.prises?.join('|'),
      frais_a_charge: bundle.frais?.join('|'),
      itinerance: undefined,
      modalites_acces: undefined,
      modalites_accompagnement: bundle.modalites?.join('|'),
      fiche_acces_libre: undefined,
      prise_rdv: undefined,
      dispositif_programmes_nationaux: dispositifs.length > 0 ? dispositifs.join('|') : undefined,
      formations_labels: undefined,
      autres_formations_labels: undefined,
    };
    if (row.horaires) distinctHoraires.add(row.horaires);
    const line = `${STANDARD_COLUMNS.map((c) => csvField(row[c])).join(DELIMITER)}\n`;
    bytes += Buffer.byteLength(line);
    chunk.push(line);
    if (chunk.length === 1000) {
      await write(chunk.join(''));
      chunk = [];
    }
  }
  await write(chunk.join(''));
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));

  // Reference shares of the demo dataset, to show the generated file follows them.
  const demoCounts = new Map<string, number>();
  for (const b of bundles) {
    for (const [field, key] of LIST_FIELDS) for (const v of b[key] ?? []) demoCounts.set(`${field}\u0000${v}`, (demoCounts.get(`${field}\u0000${v}`) ?? 0) + 1);
  }
  const shares = [...demoCounts.keys()].sort().map((k) => {
    const [field, value] = k.split('\u0000') as [string, string];
    return { field, value, generated: (valueCounts.get(k) ?? 0) / options.rows, demo: demoCounts.get(k)! / bundles.length };
  });
  return {
    path, rows: options.rows, seed: options.seed, bytes, communes: usedCommunes.size, distinctHoraires: distinctHoraires.size,
    ms: performance.now() - started, shares,
  };
}

export function parseIntOption(args: readonly string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const value = Number(args[i + 1]);
  if (!Number.isInteger(value) || value <= 0) throw new BenchSetupError(`--${name} needs a positive integer.`);
  return value;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const args = process.argv.slice(2);
  try {
    const dataset = await generateDataset({ rows: parseIntOption(args, 'rows', 30_000), seed: parseIntOption(args, 'seed', 2026) });
    log(`${dataset.rows} places over ${dataset.communes} communes → ${dataset.path} (${(dataset.bytes / 1e6).toFixed(1)} MB, ${(dataset.ms / 1000).toFixed(1)} s)`);
  } catch (error) {
    if (!(error instanceof BenchSetupError)) throw error;
    log(error.message);
    process.exitCode = 1;
  }
}
