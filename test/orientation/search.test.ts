// The orientation search on the real demo dataset (the Hinaura hub's 687 places) plus three
// hand-written places (test/browser/fixtures/lieux-pages.csv: a France services in Échirolles,
// an itinerant bus of the Trièves, a closed place). Expected results are written by hand from the
// data; a brute-force SQL query over the same places checks that nothing was missed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import type { Db } from '../../src/platform/db.ts';
import { importFile } from '../../src/lieux/import/import-file.ts';
import { DEMO_DATASET } from '../../src/app/bootstrap.ts';
import { orientation, type OrientationAnswer, type OrientationQuery } from '../../src/orientation/search/search.ts';
import type { WhereProblem } from '../../src/orientation/search/where.ts';
import { loadCommunePositions, sharedCentroidsPath } from '../../src/territoires/commune-positions.ts';
import { openTestDb } from '../support/test-db.ts';

const FIXTURE = fileURLToPath(new URL('../browser/fixtures/lieux-pages.csv', import.meta.url));
// A place closed for good, 10 m from the France services, offering the same help.
const CLOSED = fileURLToPath(new URL('./fixtures/lieu-ferme.csv', import.meta.url));
const DEMARCHES = 'Aide aux démarches administratives';
// Échirolles, place des Écrins (the fixture's France services), and a Tuesday morning.
const ECRINS = { lat: 45.1436, lon: 5.7189 };
const TUESDAY_10H = new Date('2026-12-01T10:00:00+01:00');

let db: Db;
before(async () => {
  db = await openTestDb();
  await importFile(db, { path: DEMO_DATASET, source: 'hinaura', actor: 'test' });
  const report = await importFile(db, { path: FIXTURE, source: 'test-pages', actor: 'test' });
  assert.equal(report.created, 3);
  assert.equal((await importFile(db, { path: CLOSED, source: 'test-ferme', actor: 'test' })).created, 1);
});
after(async () => db?.close());

const search = (q: Partial<OrientationQuery>) => orientation(db, {
  services: [], publics: [], prise_en_charge: [], modalites_accompagnement: [], modalites_acces: [], gratuit: false, itinerant: false,
  at: TUESDAY_10H, ...q,
});
async function found(q: Partial<OrientationQuery>): Promise<OrientationAnswer> {
  const answer = await search(q);
  assert.ok(!('problem' in answer), JSON.stringify(answer));
  return answer;
}
const names = (a: OrientationAnswer) => a.results.map((r) => r.lieu.data.nom);

test('near place des Écrins in Échirolles, free help with administrative procedures: the nearest first, each with its reasons', async () => {
  const a = await found({ ...ECRINS, services: [DEMARCHES], gratuit: true, rayonKm: 5 });
  // Written by hand from the data: the 7 places within 5 km that offer the service and are free
  // or free under conditions (L'Arche is in the hub twice, under two ids).
  assert.deepEqual(names(a), [
    "Maison France services d'Échirolles", 'MDH ANNE FRANK / LES GRANGES', 'Bibliothèque Pablo-Neruda', 'Pimms Mediation Grenoble',
    "Maison de l'Emploi et de l'Entreprise - MIFE Isère - EYBENS", "L' Arche", "L' Arche",
  ]);
  assert.equal(a.total, 7);
  assert.deepEqual(a.results.map((r) => Math.round(r.distance! / 100) / 10), [0, 1.3, 1.4, 2.5, 2.9, 4.3, 4.3]);
  const first = a.results[0]!;
  assert.deepEqual(first.why, ['Propose : Faire une démarche en ligne (impôts, CAF, retraite…)', 'C’est gratuit']);
  assert.equal(first.nextOpening.phrase, "Ouvert maintenant, jusqu'à 12 h");
  assert.equal(a.results[2]!.nextOpening.phrase, "Ouvre aujourd'hui à 14 h");
  assert.equal(a.results[2]!.why[1], 'C’est gratuit sous condition');
  assert.equal(a.results[5]!.nextOpening.phrase, 'Horaires non communiqués');
});

test('nothing is missed: the same search as brute-force SQL over every place gives the same set', async () => {
  const a = await found({ ...ECRINS, services: [DEMARCHES], gratuit: true, rayonKm: 5 });
  const rows = await db.query<{ id: string }>(
    `SELECT id FROM lieux WHERE merged_into IS NULL AND status <> 'closed'
       AND data->'services' ? $1 AND data->'frais_a_charge' ?| ARRAY['Gratuit', 'Gratuit sous condition']::text[]
       AND 2 * 6371008.8 * asin(sqrt(power(sin(radians(latitude - $2) / 2), 2)
           + cos(radians($2)) * cos(radians(latitude)) * power(sin(radians(longitude - $3) / 2), 2))) <= 5000`,
    [DEMARCHES, ECRINS.lat, ECRINS.lon],
  );
  assert.deepEqual(a.results.map((r) => r.lieu.id).sort(), rows.map((r) => r.id).sort());
});

test('more needs covered rank first, then distance', async () => {
  const a = await found({ ...ECRINS, services: [DEMARCHES, 'Accès internet et matériel informatique'], rayonKm: 2 });
  const coverage = a.results.map((r) => [DEMARCHES, 'Accès internet et matériel informatique'].filter((s) => r.lieu.services.includes(s)).length);
  assert.deepEqual(coverage, [...coverage].sort((x, y) => y - x), 'places offering both come before those offering one');
  assert.equal(coverage[0], 2);
  for (let i = 1; i < a.results.length; i++) {
    if (coverage[i] === coverage[i - 1]) assert.ok(a.results[i]!.distance! >= a.results[i - 1]!.distance!, 'then nearest first');
  }
});

test('a need typed in plain words is understood, and said so', async () => {
  const a = await found({ ...ECRINS, besoin: "faire ma déclaration d'impôts", rayonKm: 2 });
  assert.deepEqual(a.needs.services, [DEMARCHES]);
  assert.deepEqual(a.needs.fromText.services[0]?.matched, ['déclaration', 'impôts']);
  assert.ok(a.results.length > 0 && a.results.every((r) => r.lieu.services.includes(DEMARCHES)));
  const printing = await found({ ...ECRINS, besoin: 'imprimer un document', rayonKm: 2 });
  assert.deepEqual(printing.needs.services, ['Accès internet et matériel informatique']);
  const unknown = await found({ ...ECRINS, besoin: 'zzqx', rayonKm: 2 });
  assert.equal(unknown.textNotUnderstood, true);
});

test('specific support (illiteracy): only the places that offer it, 3 within 5 km', async () => {
  const a = await found({ ...ECRINS, prise_en_charge: ['Illettrisme'], rayonKm: 5 });
  assert.deepEqual(names(a), ["Maison France services d'Échirolles", 'MDH ANNE FRANK / LES GRANGES', "Association l'Age d'Or"]);
  assert.ok(a.results.every((r) => r.why.includes('Aide adaptée : personnes qui ont du mal à lire ou à écrire')));
});

test('open on Tuesday afternoon: hours read by hand', async () => {
  const a = await found({ ...ECRINS, ouvert: { day: 'Tu', part: 'apres_midi' }, rayonKm: 2 });
  // Essarts Surieux: "Mo-Fr 08:30-12:00,13:30-17:30; Tu 13:30-17:30" (Tuesday afternoon only);
  // La Ponatière: "Tu,Fr 16:00-19:00; …". Both open on Tuesday afternoon.
  assert.ok(names(a).includes('Maison des Habitant-es Essarts Surieux'));
  assert.ok(names(a).includes('Bibliothèque La Ponatière'));
  assert.ok(a.results.every((r) => r.why.includes('Ouvert le mardi l\'après-midi')));
  // Pimms Grenoble is 2.5 km away: outside the 2 km radius.
  assert.ok(!names(a).includes('Pimms Mediation Grenoble'));
});

test('open now at 3 a.m. on a Sunday: nothing, so the nearest places are proposed with what they lack', async () => {
  const a = await found({ ...ECRINS, ouvert: { now: true }, rayonKm: 5, at: new Date('2026-12-06T03:00:00+01:00') });
  assert.equal(a.total, 0);
  assert.ok(a.fallback);
  assert.equal(a.fallback.nearest.length, 5);
  assert.equal(a.fallback.nearest[0]!.lieu.data.nom, "Maison France services d'Échirolles");
  assert.deepEqual(a.fallback.nearest[0]!.missing, ['Fermé maintenant, ou horaires non connus']);
  assert.equal(a.fallback.nearest[0]!.nextOpening.phrase, 'Ouvre demain à 9 h');
  const distances = a.fallback.nearest.map((r) => r.distance!);
  assert.deepEqual(distances, [...distances].sort((x, y) => x - y));
});

test('the proposed places still offer the need: a place that does not cannot help', async () => {
  const a = await found({ ...ECRINS, services: [DEMARCHES], prise_en_charge: ['Surdité'], publics: ['Femmes'], rayonKm: 2 });
  assert.equal(a.total, 0);
  assert.ok(a.fallback!.nearest.length > 0);
  assert.ok(a.fallback!.nearest.every((r) => r.lieu.services.includes(DEMARCHES)));
  assert.ok(a.fallback!.nearest.every((r) => r.missing.length > 0));
});

test('an itinerant service counts in the communes it visits, with its next stop there', async () => {
  const a = await found({ ou: 'Monestier-de-Clermont', services: [DEMARCHES] });
  const bus = a.results.find((r) => r.lieu.data.nom === 'Bus numérique du Trièves');
  assert.ok(bus, names(a).join(', '));
  assert.equal(bus.visits, true);
  assert.equal(bus.why[0], 'Passe à Monestier-de-Clermont');
  // "Fr[1] 17:00-19:00": the first Friday of December 2026 is the 4th.
  assert.equal(bus.nextOpening.phrase, 'Ouvre vendredi 4 décembre à 17 h');
  const only = await found({ ou: 'Monestier-de-Clermont', itinerant: true });
  assert.ok(only.results.every((r) => r.lieu.communes_desservies.length > 0 || (r.lieu.data.itinerance ?? []).includes('Itinérant')));
  // When nothing matches, the services visiting the commune are still proposed.
  const none = await found({ ou: 'Monestier-de-Clermont', prise_en_charge: ['Surdité'], rayonKm: 2 });
  assert.equal(none.total, 0);
  assert.deepEqual(none.fallback!.itinerant.map((r) => r.lieu.data.nom), ['Bus numérique du Trièves']);
  assert.deepEqual(none.fallback!.itinerant[0]!.missing, ['Pas d’aide adaptée connue : personnes sourdes ou qui entendent mal']);
});

test('a place closed for good is never proposed, not even when nothing else matches', async () => {
  const [closed] = await db.query<{ id: string }>("SELECT id FROM lieux WHERE status = 'closed'");
  assert.ok(closed);
  const a = await found({ ...ECRINS, services: [DEMARCHES], prise_en_charge: ['Illettrisme'], rayonKm: 2 });
  assert.ok(a.total > 0 && !a.results.some((r) => r.lieu.id === closed.id));
  const none = await found({ ...ECRINS, services: [DEMARCHES], prise_en_charge: ['Illettrisme'], publics: ['Femmes'], rayonKm: 2 });
  assert.equal(none.total, 0);
  assert.ok(!none.fallback!.nearest.some((r) => r.lieu.id === closed.id));
});

test('where: commune names without accents or case, postcodes, suggestions, homonyms, unknown places', async () => {
  const byName = await found({ ou: 'ECHIROLLES' });
  assert.equal(byName.where.label, 'Échirolles (38130)');
  assert.deepEqual(byName.where.communes.map((c) => c.code), ['38151']);
  assert.ok(byName.where.point, 'a point: the commune position, or the middle of its places');
  assert.equal((await found({ ou: 'Échirolles (38130)' })).where.communes[0]!.code, '38151');
  assert.equal((await found({ ou: 'st martin d heres' })).where.communes[0]!.code, '38421');
  const postcode = await found({ ou: '38130' });
  assert.deepEqual(postcode.where.communes.map((c) => c.code), ['38151']);
  const homonyms = (await search({ ou: 'Saint-Denis' })) as WhereProblem;
  assert.equal(homonyms.problem, 'ambiguous');
  assert.ok(homonyms.choices!.some((c) => c.code === '93066') && homonyms.choices!.some((c) => c.code === '97411'));
  assert.equal((await found({ ou: 'Saint-Denis', commune: '93066' })).where.label, 'Saint-Denis (93200)');
  // A commune chosen earlier gives way to what is typed now.
  assert.equal((await found({ ou: 'Grenoble', commune: '93066' })).where.communes[0]!.code, '38185');
  assert.deepEqual(await search({ ou: 'Zzyzx' }), { problem: 'not_found', message: 'Nous ne trouvons pas « Zzyzx ». Vérifiez l’orthographe, ou écrivez le code postal ou le nom de la commune.' });
  assert.equal(((await search({ ou: '99999' })) as WhereProblem).message, 'Aucune commune n’a le code postal 99999. Vérifiez le code, ou écrivez le nom de la commune.');
  assert.equal(((await search({})) as WhereProblem).problem, 'missing');
  const position = await found({ lat: 45.19, lon: 5.72 });
  assert.equal(position.where.from, 'position');
});

test('with the commune positions of the open data, distances are measured from the commune', { skip: sharedCentroidsPath() ? false : 'shared commune centroids absent' }, async () => {
  const local = await openTestDb();
  try {
    await importFile(local, { path: DEMO_DATASET, source: 'hinaura', actor: 'test' });
    assert.ok((await loadCommunePositions(local, sharedCentroidsPath()!)) > 34_000);
    const a = await orientation(local, {
      ou: 'echirolles', services: [DEMARCHES], gratuit: true, publics: [], prise_en_charge: [], modalites_accompagnement: [], modalites_acces: [], itinerant: false, at: TUESDAY_10H,
    });
    assert.ok(!('problem' in a));
    // The inner point of Échirolles (COG 2026 file): 45.14707, 5.71534.
    assert.deepEqual(a.where.point, { latitude: 45.14707, longitude: 5.71534 });
    assert.deepEqual(a.results.slice(0, 3).map((r) => r.lieu.data.nom), ['Bibliothèque Pablo-Neruda', 'MDH ANNE FRANK / LES GRANGES', 'Pimms Mediation Grenoble']);
    // A rural commune without any place still gets a point, hence the nearest places.
    const rural = await orientation(local, { ou: 'Monestier-de-Clermont', services: [], publics: [], prise_en_charge: [], modalites_accompagnement: [], modalites_acces: [], gratuit: false, itinerant: false, at: TUESDAY_10H, rayonKm: 20 });
    assert.ok(!('problem' in rural) && rural.where.point && rural.total > 0);
  } finally {
    await local.close();
  }
});
