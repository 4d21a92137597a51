// Owns the observatory benchmark (`npm run bench:observatoire`): computeFigures — the fragility
// index of every commune, EPCI, département and région, the far-from-digital estimates, the
// coverage distances and the white zones — on national inputs, several times, min and median.
// Issue 5's target: full recomputation for about 35,000 communes × 30,000 places in under 2 s on
// a 2-core machine. Nothing is asserted.
//
// Inputs: the real communes built from ../shared/data (geo-france-cog2026, INSEE RP 2022, ARCEP
// 2019; the same helper as the tests, test/observatoire/support/shared-communes.ts) and the
// national dataset of bench/generate.ts (30,000 places over the real communes in proportion to
// their population, seed 2026), read back into PlaceInput; 2 % of the places are made itinerant
// (visiting 3 to 8 other communes of their département) and 1 % lose their coordinates, so that
// every path of the coverage is taken. Without the shared data: 35,000 synthetic communes and
// 30,000 synthetic places (said so in the report).
//
// Usage: npm run bench:observatoire [-- --rows 30000 --seed 2026 --runs 7 --synthetic]
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { parse as parseCsvSync } from 'csv-parse/sync';
import { computeFigures, describeMethod, type FiguresInputs } from '../src/observatoire/figures.ts';
import { findWhiteZones } from '../src/observatoire/white-zones.ts';
import { buildLevels } from '../src/observatoire/aggregate.ts';
import { computeFragility } from '../src/observatoire/fragility.ts';
import { computeFarFromDigital } from '../src/observatoire/far-from-digital.ts';
import { computeCoverage } from '../src/observatoire/coverage.ts';
import { DEFAULT_CONFIG } from '../src/observatoire/indicators/config.ts';
import type { CommuneInput, PlaceInput } from '../src/observatoire/model.ts';
import { SERVICES } from '../src/lieux/domain/enums.ts';
import { normalizeText } from '../src/platform/text.ts';
import { loadSharedCommunes, loadTerritoryNames, sharedCommunesSkip } from '../test/observatoire/support/shared-communes.ts';
import { generateDataset, parseIntOption } from './generate.ts';
import { BenchSetupError, describeMachine, fmtInt, fmtMs, loadAverageNow, log, markdownTable, seededRandom } from './common.ts';

const require = createRequire(import.meta.url);

type Inputs = FiguresInputs & { source: string };

function placesFromGenerated(path: string, communes: readonly CommuneInput[], seed: number): PlaceInput[] {
  const rows = parseCsvSync(readFileSync(path, 'utf8'), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  // Rows without INSEE code are resolved by postcode + name, as the importer would.
  const decoupage = require('@etalab/decoupage-administratif/data/communes.json') as { code: string; nom: string; type: string; codesPostaux?: string[] }[];
  const byPostcodeName = new Map<string, string>();
  for (const c of decoupage) {
    if (c.type !== 'commune-actuelle') continue;
    for (const cp of c.codesPostaux ?? []) byPostcodeName.set(`${cp} ${normalizeText(c.nom)}`, c.code);
  }
  const byDepartement = new Map<string, string[]>();
  for (const c of communes) {
    const list = byDepartement.get(c.departement_code);
    if (list) list.push(c.code);
    else byDepartement.set(c.departement_code, [c.code]);
  }
  const departementOf = new Map(communes.map((c) => [c.code, c.departement_code]));
  const random = seededRandom(seed + 1);
  const list = (v: string | undefined) => (v ? v.split('|').filter(Boolean) : []);
  return rows.map((r) => {
    const code = r.code_insee || byPostcodeName.get(`${r.code_postal} ${normalizeText(r.commune ?? '')}`) || null;
    const frais = list(r.frais_a_charge);
    const modalites = list(r.modalites_accompagnement);
    const p: PlaceInput = {
      id: r.id!,
      nom: r.nom!,
      latitude: r.latitude ? Number(r.latitude) : null,
      longitude: r.longitude ? Number(r.longitude) : null,
      commune_code: code,
      communes_desservies: [],
      services: list(r.services),
      free: frais.includes('Gratuit') || frais.includes('Gratuit sous condition'),
      accompanied: modalites.some((m) => m !== 'À distance' && m !== 'En autonomie'),
    };
    const draw = random();
    if (draw < 0.02 && code) {
      const same = byDepartement.get(departementOf.get(code) ?? '') ?? [];
      const visits = new Set<string>();
      const count = 3 + Math.floor(random() * 6);
      for (let k = 0; k < count * 3 && visits.size < count && same.length > 1; k++) {
        const other = same[Math.floor(random() * same.length)]!;
        if (other !== code) visits.add(other);
      }
      p.communes_desservies = [...visits];
    } else if (draw < 0.03) {
      p.latitude = null;
      p.longitude = null;
    }
    return p;
  });
}

function syntheticInputs(rows: number, seed: number): Inputs {
  const random = seededRandom(seed);
  const communes: CommuneInput[] = [];
  for (let i = 0; i < 35_000; i++) {
    const dep = String(1 + (i % 95)).padStart(2, '0');
    const values: CommuneInput['values'] = {};
    for (const key of ['pct_non_couverture_thd', 'pct_65plus', 'pct_75plus', 'pct_15_24', 'pct_25_54', 'pct_55_64', 'pct_60plus',
      'pct_peu_diplomes_15plus', 'tx_chomage_15_64', 'tx_chomage_15_24', 'pct_menages_1pers', 'pct_fam_monoparentales', 'revenu_median_uc_2021']) {
      values[key] = random() < 0.02 ? { missing: 'secret' } : Math.round(random() * 4000) / 100;
    }
    values.tx_pauvrete_filosofi2021 = random() < 0.88 ? { missing: 'secret' } : Math.round(random() * 3000) / 100;
    communes.push({
      code: `${dep}${String(i).padStart(5, '0').slice(-3)}${i}`, nom: `Commune ${i}`, departement_code: dep, region_code: String(10 + (i % 13)),
      epci_code: `2${String(Math.floor(i / 28)).padStart(8, '0')}`, population: Math.floor(10 + random() ** 4 * 20_000),
      latitude: 42.5 + random() * 8.5, longitude: -4.5 + random() * 12, values,
    });
  }
  const places: PlaceInput[] = [];
  for (let i = 0; i < rows; i++) {
    const c = communes[Math.floor(random() ** 2 * communes.length)]!;
    places.push({
      id: `synthetic-${i}`, nom: `Lieu ${i}`, latitude: c.latitude! + (random() - 0.5) * 0.01, longitude: c.longitude! + (random() - 0.5) * 0.01,
      commune_code: c.code, communes_desservies: [], services: SERVICES.values.filter(() => random() < 0.4), free: random() < 0.75, accompanied: random() < 0.85,
    });
  }
  return { communes, places, datasets: [], source: 'synthetic (35,000 communes at random over metropolitan France, 30,000 places)' };
}

async function buildInputs(rows: number, seed: number, forceSynthetic: boolean): Promise<Inputs> {
  if (forceSynthetic || sharedCommunesSkip) {
    if (!forceSynthetic) log(`${sharedCommunesSkip}: synthetic inputs`);
    return syntheticInputs(rows, seed);
  }
  const communes = loadSharedCommunes();
  const dataset = await generateDataset({ rows, seed });
  log(`${dataset.rows} places generated over ${dataset.communes} communes → ${dataset.path}`);
  return {
    communes,
    places: placesFromGenerated(dataset.path, communes, seed),
    datasets: [],
    names: loadTerritoryNames(),
    source: `shared open data (${fmtInt(communes.length)} communes) + bench/generate.ts (${fmtInt(rows)} places, seed ${seed})`,
  };
}

const median = (values: readonly number[]) => {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

export async function benchObservatoire(options: { rows: number; seed: number; runs: number; synthetic: boolean }): Promise<string> {
  const started = new Date();
  const loadStart = loadAverageNow();
  const inputs = await buildInputs(options.rows, options.seed, options.synthetic);
  const located = inputs.places.filter((p) => p.latitude !== null).length;
  const itinerant = inputs.places.filter((p) => p.communes_desservies.length > 0).length;
  log(`inputs: ${inputs.communes.length} communes, ${inputs.places.length} places (${located} located, ${itinerant} itinerant)`);

  const totals: number[] = [];
  let figures = computeFigures(inputs, DEFAULT_CONFIG); // warm-up, not counted
  for (let r = 0; r < options.runs; r++) {
    const t = performance.now();
    figures = computeFigures(inputs, DEFAULT_CONFIG);
    totals.push(performance.now() - t);
    log(`run ${r + 1}/${options.runs}: ${fmtMs(totals[r]!)} ms`);
  }
  // Where the time goes: each step alone, median of the same number of runs.
  const steps: Record<string, number[]> = { levels: [], fragility: [], far: [], coverage: [], whiteZones: [], method: [] };
  const time = <T>(step: string, f: () => T): T => {
    const t = performance.now();
    const result = f();
    steps[step]!.push(performance.now() - t);
    return result;
  };
  for (let r = 0; r < options.runs; r++) {
    const levels = time('levels', () => buildLevels(inputs.communes, inputs.names));
    const fragility = time('fragility', () => computeFragility(levels, DEFAULT_CONFIG));
    const far = time('far', () => computeFarFromDigital(levels, DEFAULT_CONFIG));
    const coverage = time('coverage', () => computeCoverage(levels, inputs.places, DEFAULT_CONFIG));
    time('whiteZones', () => findWhiteZones({ levels, fragility, far, coverage }, DEFAULT_CONFIG));
    time('method', () => describeMethod(DEFAULT_CONFIG));
  }
  // Reading every territory of every level once (what a full export does): the figures objects
  // are assembled then, from the columns, on a fresh result each time.
  const reads: number[] = [];
  for (let r = 0; r < Math.min(3, options.runs); r++) {
    const fresh = computeFigures(inputs, DEFAULT_CONFIG);
    const t = performance.now();
    let n = 0;
    for (const map of Object.values(fresh.territories)) for (const territory of map.values()) n += territory.communes;
    reads.push(performance.now() - t);
    if (n === 0) log('no territory read');
  }
  const machine = describeMachine();
  const min = Math.min(...totals);
  const med = median(totals);
  const stepMedians = Object.fromEntries(Object.entries(steps).map(([k, v]) => [k, median(v)]));
  const sizes = Object.entries(figures.territories).map(([level, map]) => `${fmtInt(map.size)} ${level}`).join(', ');
  const target = med < 2000 ? '✅' : '❌';
  return [
    `### Run of ${started.toISOString().slice(0, 19)}Z`,
    '',
    `- Command: \`npm run bench:observatoire${options.rows !== 30_000 || options.seed !== 2026 || options.runs !== 7 || options.synthetic ? ` -- --rows ${options.rows} --seed ${options.seed} --runs ${options.runs}${options.synthetic ? ' --synthetic' : ''}` : ''}\``,
    `- Machine: ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memoryGiB} GiB memory, Node ${machine.node}, ${machine.platform}`,
    `- Load average (1/5/15 min) at start: ${loadStart}; at end: ${loadAverageNow()}`,
    `- Inputs: ${inputs.source}; ${fmtInt(located)} places located, ${fmtInt(itinerant)} itinerant, ${fmtInt(inputs.places.length - located)} without coordinates`,
    `- Output: ${sizes}; ${fmtInt(figures.white_zones.commune.length)} communes and ${fmtInt(figures.white_zones.epci.length)} EPCI in white zones; ${figures.method.coverage.targets.length} kinds of place × ${fmtInt(figures.territories.commune.size)} communes of distances`,
    '',
    markdownTable(['computeFigures, ms', 'min', 'median', 'max', 'runs', 'Target < 2,000 ms'], [
      ['all levels, white zones, method', fmtMs(min), fmtMs(med), fmtMs(Math.max(...totals)), options.runs, `${target} (median)`],
    ], ['l', 'r', 'r', 'r', 'r', 'l']),
    '',
    'Where the time goes (median of each step run alone, ms):',
    '',
    markdownTable(['Step', 'ms'], [
      ['Levels (communes grouped by EPCI, département, région)', fmtMs(stepMedians.levels!)],
      ['Fragility: 11 indicators × 4 levels aggregated and ranked, 3 variants scored', fmtMs(stepMedians.fragility!)],
      ['Far from digital: 6 age bands, summed over the levels', fmtMs(stepMedians.far!)],
      ['Coverage: presence, 11 k-d trees and nearest place per commune, aggregates', fmtMs(stepMedians.coverage!)],
      ['White zones (communes and EPCI, with their reasons)', fmtMs(stepMedians.whiteZones!)],
      ['Method text', fmtMs(stepMedians.method!)],
      [`Not in computeFigures — reading every territory once (${fmtInt(figures.territories.commune.size + figures.territories.epci.size + figures.territories.departement.size + figures.territories.region.size)} figures objects assembled), median of ${reads.length}`, fmtMs(median(reads))],
    ], ['l', 'r']),
    '',
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  try {
    const report = await benchObservatoire({
      rows: parseIntOption(args, 'rows', 30_000),
      seed: parseIntOption(args, 'seed', 2026),
      runs: parseIntOption(args, 'runs', 7),
      synthetic: args.includes('--synthetic'),
    });
    process.stdout.write(`${report}\n`);
  } catch (error) {
    if (!(error instanceof BenchSetupError)) throw error;
    log(error.message);
    process.exitCode = 1;
  }
}
