// The figures the pages, exports and API are built on: one computation gives every level, the
// white zones and the method with its version; "weights and the indicator list are
// configurable" through PASSERELLE_IFN_CONFIG, validated with clear French errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { computeFigures } from '../../src/observatoire/figures.ts';
import { DEFAULT_CONFIG, ObservatoireConfigError, parseObservatoireConfig } from '../../src/observatoire/indicators/config.ts';
import { loadObservatoireConfig } from '../../src/observatoire/indicators/config-file.ts';
import { INDICATORS } from '../../src/observatoire/indicators/catalogue.ts';
import { commune, place } from './support/synthetic.ts';
import { loadSharedCommunes, loadTerritoryNames, sharedCommunesSkip } from './support/shared-communes.ts';

const problemsOf = (json: unknown): string[] => {
  try {
    parseObservatoireConfig(json, 'ifn.json');
  } catch (error) {
    assert.ok(error instanceof ObservatoireConfigError);
    assert.match(error.message, /^Configuration de l’observatoire invalide \(ifn\.json\) :/);
    return [...error.problems];
  }
  assert.fail('configuration accepted');
};

test('without PASSERELLE_IFN_CONFIG, the defaults: three variants, the rules of the method', () => {
  const config = loadObservatoireConfig({});
  assert.equal(config, DEFAULT_CONFIG);
  assert.deepEqual(Object.keys(config.variants), ['tout_age', 'seniors', 'jeunes']);
  assert.deepEqual(config.variants.tout_age!.indicators.map((i) => i.key), [
    'pct_non_couverture_thd', 'tx_pauvrete_filosofi2021', 'pct_65plus', 'pct_peu_diplomes_15plus', 'tx_chomage_15_64', 'pct_menages_1pers',
  ]);
  assert.equal(config.min_weight_share, 0.5);
  assert.equal(config.aggregate_min_population_share, 0.5);
  assert.deepEqual(config.distance_thresholds_km, [10, 20]);
  assert.match(config.fingerprint, /^[0-9a-f]{12}$/);
  // Every indicator of the catalogue says where it comes from and which way is fragile.
  for (const i of INDICATORS) {
    assert.ok(i.label && i.source && i.dataset && i.unit, i.key);
    assert.ok(i.direction === 'higher' || i.direction === 'lower');
  }
});

test('a configuration file overrides weights and indicator lists, adds or removes variants', () => {
  const dir = mkdtempSync(join(tmpdir(), 'passerelle-ifn-'));
  try {
    const path = join(dir, 'ifn.json');
    writeFileSync(path, JSON.stringify({
      version: 'isere-2027',
      variants: {
        tout_age: { indicators: [{ key: 'pct_non_couverture_thd', weight: 2 }, { key: 'pct_65plus' }] },
        jeunes: null,
        isolement: { label: 'Isolement', indicators: [{ key: 'pct_menages_1pers', weight: 1 }, { key: 'pct_75plus', weight: 1 }] },
      },
      min_weight_share: 0.75,
      distance_thresholds_km: [20, 5, 10],
      white_zones: { variant: 'isolement', min_score: 8 },
    }));
    const config = loadObservatoireConfig({ PASSERELLE_IFN_CONFIG: path });
    assert.equal(config.version, 'isere-2027');
    assert.equal(config.origin, path);
    assert.deepEqual(Object.keys(config.variants), ['tout_age', 'seniors', 'isolement']);
    assert.deepEqual(config.variants.tout_age!.indicators, [{ key: 'pct_non_couverture_thd', weight: 2 }, { key: 'pct_65plus', weight: 1 }]);
    assert.equal(config.variants.tout_age!.label, 'Tout âge'); // kept from the default
    assert.equal(config.variants.isolement!.description, '');
    assert.deepEqual(config.distance_thresholds_km, [5, 10, 20]);
    assert.deepEqual([config.white_zones.variant, config.white_zones.min_score, config.white_zones.min_distance_km], ['isolement', 8, 10]);
    assert.notEqual(config.fingerprint, DEFAULT_CONFIG.fingerprint);
    // The figures say which method they come from.
    const f = computeFigures({ communes: [commune('38001', { pct_65plus: 20 })], places: [], datasets: [] }, config);
    assert.deepEqual(f.method.config, { version: 'isere-2027', origin: path, fingerprint: config.fingerprint });
    assert.deepEqual(Object.keys(f.territories.commune.get('38001')!.scores), ['tout_age', 'seniors', 'isolement']);
    assert.deepEqual(f.method.variants.map((v) => v.key), ['tout_age', 'seniors', 'isolement']);
    assert.equal(f.territories.commune.get('38001')!.coverage.distances.tout_lieu!.population_beyond.length, 3);
    // Without a version, the default's, marked local.
    writeFileSync(path, '{ "min_weight_share": 0.6 }');
    assert.equal(loadObservatoireConfig({ PASSERELLE_IFN_CONFIG: path }).version, `${DEFAULT_CONFIG.version}+local`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a wrong configuration is refused with every problem named in French', () => {
  assert.deepEqual(problemsOf({
    variant: {},
    variants: {
      tout_age: { indicators: [{ key: 'pct_65plu', weight: 1 }, { key: 'pct_65plus', weight: -1 }] },
      'Nouvelle Variante': { indicators: [] },
      seniors: { indicators: [{ key: 'pct_65plus' }, { key: 'pct_65plus' }], poids: 2 },
      vide: { label: 'Vide', indicators: [] },
      sans_nom: { indicators: [{ key: 'pct_65plus' }] },
    },
    min_weight_share: 1.5,
    illectronism_rates_pct: { '25_54': 120, '30_44': 5 },
    distance_thresholds_km: [10, -2],
    white_zones: { variant: 'rurale', target: 'bibliotheque', min_score: 12 },
  }), [
    'clé inconnue « variant » (clés possibles : « version », « variants », « min_weight_share », « aggregate_min_population_share », « illectronism_rates_pct », « distance_thresholds_km », « white_zones »).',
    'variants.tout_age.indicators[0].key : indicateur inconnu « pct_65plu » (indicateurs connus : « pct_non_couverture_thd », « pct_65plus », « pct_75plus », « pct_15_24 », « pct_peu_diplomes_15plus », « tx_pauvrete_filosofi2021 », « revenu_median_uc_2021 », « tx_chomage_15_64 », « tx_chomage_15_24 », « pct_menages_1pers », « pct_fam_monoparentales »).',
    'variants.tout_age.indicators[1].weight : un poids strictement positif est attendu (reçu -1).',
    'variants.Nouvelle Variante : la clé d’une variante s’écrit en minuscules, chiffres et « _ » (reçu « Nouvelle Variante »).',
    'variants.seniors : clé inconnue « poids » (clés possibles : « label », « description », « indicators »).',
    'variants.seniors.indicators[1].key : l’indicateur « pct_65plus » figure deux fois dans la variante.',
    'variants.vide.indicators : une liste non vide de { key, weight } est attendue (reçu []).',
    'variants.sans_nom.label : obligatoire pour une nouvelle variante.',
    'min_weight_share : une part entre 0 (exclu) et 1 est attendue (reçu 1.5).',
    'illectronism_rates_pct.25_54 : un taux en % entre 0 et 100 est attendu (reçu 120).',
    'illectronism_rates_pct.30_44 : tranche d’âge inconnue (tranches : « 15_24 », « 25_54 », « 55_59 », « 60_64 », « 65_74 », « 75_plus »).',
    'distance_thresholds_km : une liste non vide de distances en km (nombres positifs) est attendue (reçu [10,-2]).',
    'white_zones.min_score : un score entre 1 et 10 est attendu (reçu 12).',
    'white_zones.target : « gratuit_accompagne », « tout_lieu » est attendu (reçu « bibliotheque »).',
    'white_zones.variant : la variante « rurale » n’existe pas (variantes : « tout_age », « seniors », « jeunes »).',
  ]);
  assert.deepEqual(problemsOf([1, 2]), ['le fichier doit contenir un objet JSON (reçu [1,2]).']);
  assert.deepEqual(problemsOf({ variants: { tout_age: null, seniors: null, jeunes: null } }), [
    'variants : il faut garder au moins une variante de l’indice.',
  ]);
});

test('an unreadable or invalid file stops with its path and the reason', () => {
  const dir = mkdtempSync(join(tmpdir(), 'passerelle-ifn-'));
  try {
    const missing = join(dir, 'absent.json');
    assert.throws(() => loadObservatoireConfig({ PASSERELLE_IFN_CONFIG: missing }), (e: Error) =>
      e instanceof ObservatoireConfigError && e.message.includes(missing) && e.message.includes('fichier introuvable (variable PASSERELLE_IFN_CONFIG)'));
    const broken = join(dir, 'casse.json');
    writeFileSync(broken, '{ "version": ');
    assert.throws(() => loadObservatoireConfig({ PASSERELLE_IFN_CONFIG: broken }), /casse\.json\) :\n {2}- JSON invalide/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the method is shown as inspired by the IFN, never as the official index, with its sources and limits', () => {
  const f = computeFigures({ communes: [], places: [], datasets: [] }, DEFAULT_CONFIG);
  assert.equal(f.method.title, 'Indice de fragilité numérique inspiré de l’IFN');
  assert.match(f.method.notice, /ce n’est pas l’indice officiel/);
  assert.match(f.method.far_from_digital.source.url, /insee\.fr\/fr\/statistiques\/7633654/);
  assert.ok(f.method.far_from_digital.bands.some((b) => b.rate_source === 'dérivé'));
  assert.match(f.method.rules.score, /moins de 50 % du poids/);
  assert.match(f.method.rules.aggregates, /inférieure à 50 %/);
  assert.ok(f.method.limits.some((l) => /2019/.test(l)));
  assert.deepEqual(f.method.coverage.targets.slice(0, 2).map((t) => t.key), ['tout_lieu', 'gratuit_accompagne']);
  assert.equal(f.method.coverage.targets.length, 11); // + the 9 services of the national standard
  // Nothing to compute: empty levels, no white zone, no error.
  assert.deepEqual([f.territories.commune.size, f.white_zones.commune.length, f.counts.places], [0, 0, 0]);
});

test('the same inputs in another order give the same figures; names come from the names given, or say the code', () => {
  const communes = [
    commune('38002', { pct_65plus: 12, pct_non_couverture_thd: 40 }, { epci_code: '200040715', latitude: 45.1, longitude: 5.7 }),
    commune('38001', { pct_65plus: 30, pct_non_couverture_thd: 10 }, { epci_code: '200040715', latitude: 45.2, longitude: 5.7 }),
    commune('73001', { pct_65plus: 22, pct_non_couverture_thd: 10 }, { epci_code: '247300015', latitude: 45.5, longitude: 6.5 }),
  ];
  const places = [place('b', { latitude: 45.2, longitude: 5.7, commune_code: '38001' }), place('a', { latitude: 45.5, longitude: 6.5, commune_code: '73001' })];
  const names = { epci: new Map([['200040715', 'Grenoble-Alpes-Métropole']]) };
  const datasets = [{ name: 'insee-rp2022-communes', title: 'RP 2022', version: '2022', source_url: 'https://www.insee.fr', loaded_at: '2026-12-01T00:00:00Z', rows: 3 }];
  const one = computeFigures({ communes, places, datasets, names }, DEFAULT_CONFIG);
  const other = computeFigures({ communes: [...communes].reverse(), places: [...places].reverse(), datasets, names }, DEFAULT_CONFIG);
  const plain = (f: typeof one) => JSON.stringify(Object.fromEntries(Object.entries(f.territories).map(([level, map]) => [level, [...map]])));
  assert.equal(plain(one), plain(other));
  assert.deepEqual([...one.territories.commune.keys()], ['38001', '38002', '73001']); // code order
  assert.equal(one.territories.epci.get('200040715')!.name, 'Grenoble-Alpes-Métropole');
  assert.equal(one.territories.epci.get('247300015')!.name, 'EPCI 247300015');
  assert.equal(one.territories.departement.get('38')!.name, 'Département 38');
  assert.deepEqual(one.territories.departement.get('38')!.parents, { epci: [], departement: [], region: ['84'] });
  assert.deepEqual(one.territories.region.get('84')!.communes, 3);
  assert.equal(one.datasets, datasets);
  assert.throws(() => computeFigures({ communes: [communes[0]!, communes[0]!], places: [], datasets: [] }, DEFAULT_CONFIG), /Commune 38002 présente deux fois/);
});

test('territories read as a map in code order, each object assembled once from the columns', () => {
  const communes = [commune('38002', { pct_65plus: 12 }), commune('38001', { pct_65plus: 30 }), commune('73001', { pct_65plus: 22 })];
  const f = computeFigures({ communes, places: [], datasets: [] }, DEFAULT_CONFIG);
  const map = f.territories.commune;
  assert.equal(map.size, 3);
  assert.deepEqual([...map.keys()], ['38001', '38002', '73001']);
  assert.equal(map.get('38002'), map.get('38002')); // the same object on every read
  assert.equal(map.at(1), map.get('38002'));
  assert.equal(map.has('99999'), false);
  assert.equal(map.get('99999'), undefined);
  const seen: string[] = [];
  map.forEach((figures, code) => seen.push(`${code}:${figures.indicators.pct_65plus.decile}`));
  assert.deepEqual(seen, ['38001:9', '38002:2', '73001:6']); // n = 3: ⌊(10 × less + 5) / 3⌋ + 1 → 9, 2, 6
  assert.deepEqual([...map.values()].map((t) => t.code), ['38001', '38002', '73001']);
  assert.deepEqual(new Map(map).size, 3);
  // Plain data: what an API or an export serialises.
  const json = JSON.parse(JSON.stringify(map.get('38001')));
  assert.equal(json.scores.tout_age.components[2].key, 'pct_65plus');
  assert.equal(json.coverage.distances.tout_lieu.missing, 'no_place');
});

test('on the whole shared commune list: every level, every commune, nothing read as zero', { skip: sharedCommunesSkip }, () => {
  const communes = loadSharedCommunes();
  const f = computeFigures({ communes, places: [], datasets: [], names: loadTerritoryNames() }, DEFAULT_CONFIG);
  assert.equal(f.territories.commune.size, 34_875);
  assert.equal(f.territories.departement.size, 101);
  assert.equal(f.territories.region.size, 18);
  assert.ok(f.territories.epci.size >= 1250 && f.territories.epci.size <= 1260, String(f.territories.epci.size));
  // An EPCI straddling two départements lists both, the most populated part first.
  const straddling = [...f.territories.epci.values()].filter((e) => e.parents.departement.length > 1);
  assert.ok(straddling.length > 10);
  // Poverty is secret for most communes; at the département level it rests on the larger communes, and says on how many people.
  const lozere = f.territories.departement.get('48')!.indicators.tx_pauvrete_filosofi2021;
  assert.ok(lozere.population_share < 0.5 ? lozere.missing === 'insufficient_coverage' : lozere.value !== null);
  // DROM: no census data in this source, so no score — but ARCEP coverage is there.
  const reunion = f.territories.departement.get('974')!;
  assert.equal(reunion.indicators.pct_65plus.missing, 'missing');
  assert.notEqual(reunion.indicators.pct_non_couverture_thd.value, null);
  assert.equal(reunion.scores.tout_age!.score, null);
  for (const c of f.territories.commune.values()) {
    for (const i of Object.values(c.indicators)) assert.ok((i.value === null) === (i.missing !== null), `${c.code} ${i.key}`);
  }
});
