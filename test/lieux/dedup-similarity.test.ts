// Pure rules of duplicate detection: name and address similarity (pg_trgm's trigram measure on
// normalised keys), distances, placeholder pivots, the matching rules and the merge plan.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addressKey, addressSimilarity, nameKey, nameSimilarity, trigramSimilarity, trigrams } from '../../src/lieux/dedup/similarity.ts';
import { boxHalfSizeDegrees, distanceMeters } from '../../src/lieux/dedup/geo.ts';
import {
  isPlaceholderPivot, matchPlaces, usablePivots, MAX_DISTANCE_M, MIN_ADDRESS_SIMILARITY, MIN_NAME_SIMILARITY, type PlaceForMatching,
} from '../../src/lieux/dedup/rules.ts';
import { chainSegments, planMerges, type MatchedPair, type PlannedPlace } from '../../src/lieux/dedup/plan.ts';

test('trigrams are cut as pg_trgm cuts them: each word padded with two spaces before, one after', () => {
  assert.deepEqual([...trigrams('cat')].sort(), ['  c', ' ca', 'at ', 'cat']);
  assert.deepEqual([...trigrams('a b')].sort(), ['  a', '  b', ' a ', ' b ']);
  assert.equal(trigrams('').size, 0);
});

test('trigram similarity is shared trigrams over all trigrams', () => {
  assert.equal(trigramSimilarity('cat', 'cat'), 1);
  assert.equal(trigramSimilarity('cat', 'dog'), 0);
  // cat: {"  c"," ca","cat","at "}, cap: {"  c"," ca","cap","ap "} → 2 shared of 6
  assert.equal(trigramSimilarity('cat', 'cap'), 2 / 6);
  assert.equal(trigramSimilarity('', 'cat'), 0);
  assert.equal(trigramSimilarity('', ''), 0);
  assert.equal(trigramSimilarity('jean jaures', 'jaures jean'), 1, 'word order does not matter');
});

test('keys ignore case, accents, punctuation and filler words, and spell out abbreviations', () => {
  assert.equal(nameKey("Médiathèque Jean-Jaurès"), 'mediatheque jean jaures');
  assert.equal(nameKey('EPN de la Villeneuve'), 'espace public numerique villeneuve');
  assert.equal(nameKey('MSAP de St-Égrève'), 'maison services public saint egreve');
  assert.equal(addressKey('12 r. Jean-Jaurès'), '12 rue jean jaures');
  assert.equal(addressKey('3 pl. des Géants'), '3 place geants');
  assert.equal(addressKey('12 bd du Mal Foch'), '12 boulevard marechal foch');
});

test('names of one place written differently are similar; names of different places are not', () => {
  assert.equal(nameSimilarity('Médiathèque Jean-Jaurès', 'MEDIATHEQUE JEAN JAURES'), 1);
  assert.equal(nameSimilarity('EPN de la Villeneuve', 'Espace Public Numérique Villeneuve'), 1);
  assert.ok(nameSimilarity('France Services Pays Voironnais', 'Espace France Services Pays Voironnais') >= MIN_NAME_SIMILARITY);
  assert.ok(nameSimilarity('Médiathèque municipale Paul Éluard', 'Médiathèque Paul Eluard') >= MIN_NAME_SIMILARITY);
  assert.ok(nameSimilarity('Mairie de Grenoble', 'Médiathèque de Grenoble') < MIN_NAME_SIMILARITY);
  assert.ok(nameSimilarity('Association l’Âge d’Or', 'Association Pangolin') < MIN_NAME_SIMILARITY);
  assert.ok(nameSimilarity('Bibliothèque Arlequin', 'EPN de la Villeneuve') < MIN_NAME_SIMILARITY);
});

test('addresses of one place written differently are similar; other streets are not', () => {
  assert.equal(addressSimilarity('12 rue Jean Jaurès', '12 r. Jean-Jaurès'), 1);
  assert.equal(addressSimilarity('12 bd du Maréchal Foch', '12 boulevard Mal Foch'), 1);
  assert.ok(addressSimilarity('Place de la Mairie', '1 place de la mairie') >= MIN_ADDRESS_SIMILARITY);
  assert.ok(addressSimilarity('13 rue Notre-Dame', '11 rue Notre Dame') >= MIN_ADDRESS_SIMILARITY);
  assert.ok(addressSimilarity('12 rue Jean Jaurès', '40 avenue Alsace-Lorraine') < MIN_ADDRESS_SIMILARITY);
});

test('distances in metres on the ground', () => {
  const p = { latitude: 45.1885, longitude: 5.7245 };
  assert.equal(distanceMeters(p, p), 0);
  // 0.00027° of latitude ≈ 30 m; 0.0045° ≈ 500 m
  assert.ok(Math.abs(distanceMeters(p, { ...p, latitude: 45.18877 }) - 30) < 0.5);
  assert.ok(Math.abs(distanceMeters(p, { ...p, latitude: 45.193 }) - 500) < 2);
  // Paris → Lyon ≈ 392 km
  assert.ok(Math.abs(distanceMeters({ latitude: 48.8566, longitude: 2.3522 }, { latitude: 45.764, longitude: 4.8357 }) - 392_000) < 2_000);
});

test('the search box contains every point of the circle, even where longitude degrees shrink', () => {
  for (const latitude of [-21, 0, 43.3, 45.19, 51.1]) {
    const { dLat, dLon } = boxHalfSizeDegrees(100, latitude);
    const center = { latitude, longitude: 5 };
    assert.ok(distanceMeters(center, { latitude: latitude + dLat, longitude: 5 }) >= 100);
    assert.ok(distanceMeters(center, { latitude, longitude: 5 + dLon }) >= 100);
  }
});

test('placeholder pivots identify nothing', () => {
  assert.equal(isPlaceholderPivot('00000000000000'), true);
  assert.equal(isPlaceholderPivot('00000 000 000000'), true);
  assert.equal(isPlaceholderPivot('99999999999999'), true);
  assert.equal(isPlaceholderPivot(''), true);
  assert.equal(isPlaceholderPivot(null), true);
  assert.equal(isPlaceholderPivot('21380563500014'), false);
  assert.equal(isPlaceholderPivot('W381234567'), false);
});

const place = (over: Partial<PlaceForMatching> & { id: string }): PlaceForMatching => ({
  nom: 'Médiathèque Jean-Jaurès', voie: '12 rue Jean Jaurès', code_postal: '38000', commune_code: '38185',
  latitude: 45.1885, longitude: 5.7245, pivot: '00000000000000', sources: ['hub'], ...over,
});

test('rule (b): close, similar name and similar address', () => {
  const a = place({ id: 'a' });
  const b = place({ id: 'b', nom: 'MEDIATHEQUE JEAN JAURES', voie: '12 r. Jean-Jaurès', latitude: 45.18877, sources: ['nationale'] });
  const match = matchPlaces(a, b);
  assert.equal(match?.reason, 'proximity');
  assert.ok(match.distance_m !== null && Math.abs(match.distance_m - 30) < 0.5);
  assert.equal(match.name_similarity, 1);
  assert.equal(match.address_similarity, 1);

  assert.equal(matchPlaces(a, { ...b, latitude: 45.193 }), undefined, '500 m away');
  assert.equal(matchPlaces(a, { ...b, latitude: 45.1885 + (MAX_DISTANCE_M + 5) / 111_195 }), undefined, 'just over the distance');
  assert.equal(matchPlaces(a, { ...b, nom: 'Bibliothèque Arlequin' }), undefined, 'another name');
  assert.equal(matchPlaces(a, { ...b, voie: '40 avenue Alsace-Lorraine' }), undefined, 'another street');
  assert.equal(matchPlaces(a, { ...b, latitude: null, longitude: null }), undefined, 'no position');
});

test('never two places of one common source, even identical', () => {
  assert.equal(matchPlaces(place({ id: 'a' }), place({ id: 'b' })), undefined);
  assert.equal(matchPlaces(place({ id: 'a', sources: ['hub', 'nationale'] }), place({ id: 'b', sources: ['nationale'] })), undefined);
  assert.equal(matchPlaces(place({ id: 'a' }), place({ id: 'a', sources: ['nationale'] })), undefined, 'not with itself');
});

test('rule (a): the same real pivot in the same area, whatever the names', () => {
  const a = place({ id: 'a', pivot: '21380563500014', nom: 'Espace France Services du Voironnais', latitude: 45.364, longitude: 5.589, commune_code: '38563', code_postal: '38500' });
  const b = place({ id: 'b', pivot: '21380563500014', nom: 'MFS Pays Voironnais', voie: '40 rue Mainssieux', latitude: 45.3675, longitude: 5.592, commune_code: '38563', code_postal: '38500', sources: ['nationale'] });
  assert.equal(matchPlaces(a, b)?.reason, 'same_pivot');
  assert.equal(matchPlaces(a, { ...b, pivot: '21380563500022' }), undefined, 'different pivots');
  assert.equal(matchPlaces(a, b, () => false), undefined, 'pivot not usable (shared within a source)');
  const far = { ...b, latitude: 45.19, longitude: 5.72, commune_code: '38185', code_postal: '38000' };
  assert.equal(matchPlaces(a, far), undefined, 'same pivot 20 km away in another commune: the parent structure’s SIRET');
  assert.equal(matchPlaces(a, { ...far, latitude: null, longitude: null, commune_code: '38563' })?.reason, 'same_pivot', 'no position, same commune');
});

test('the placeholder pivot never counts', () => {
  const a = place({ id: 'a', nom: 'Centre social Les Baladins', voie: '25 avenue de la Bruyère' });
  const b = place({ id: 'b', sources: ['nationale'] });
  assert.equal(a.pivot, b.pivot);
  assert.equal(matchPlaces(a, b), undefined);
  assert.equal(usablePivots([a, b]).size, 0);
});

test('a pivot shared by several places of one source is not usable', () => {
  const places = [
    place({ id: 'a', pivot: '21380563500014' }),
    place({ id: 'b', pivot: '21380563500014', sources: ['nationale'] }),
    place({ id: 'c', pivot: '21380000000022', sources: ['hub'] }),
    place({ id: 'd', pivot: '21380000000022', sources: ['hub'] }),
    place({ id: 'e', pivot: '21380000000022', sources: ['nationale'] }),
  ];
  assert.deepEqual([...usablePivots(places)], ['21380563500014']);
});

const planned = (p: PlaceForMatching, records: number, seniority: number): PlannedPlace => ({ ...p, records, seniority });
const pair = (a: string, b: string, distance_m: number, reason: 'proximity' | 'same_pivot' = 'proximity'): MatchedPair =>
  ({ a, b, match: { reason, distance_m, name_similarity: 0.9, address_similarity: 0.9 } });

test('the plan keeps the place with more records, else the older one', () => {
  const places = new Map([
    ['a', planned(place({ id: 'a', sources: ['nationale'] }), 1, 1)],
    ['b', planned(place({ id: 'b', sources: ['hub'] }), 1, 0)],
  ]);
  assert.deepEqual(planMerges(places, [pair('a', 'b', 10)]).map((m) => [m.target.id, m.merged.id]), [['b', 'a']]);
  places.set('a', planned(place({ id: 'a', sources: ['nationale', 'fs'] }), 2, 1));
  assert.deepEqual(planMerges(places, [pair('a', 'b', 10)]).map((m) => [m.target.id, m.merged.id]), [['a', 'b']]);
});

test('the plan joins three sources into one place and never puts two records of one source together', () => {
  const places = new Map([
    ['hub', planned(place({ id: 'hub', sources: ['hub'] }), 1, 0)],
    ['hub2', planned(place({ id: 'hub2', sources: ['hub'] }), 1, 1)],
    ['cn', planned(place({ id: 'cn', sources: ['nationale'] }), 1, 2)],
    ['fs', planned(place({ id: 'fs', sources: ['fs'] }), 1, 3)],
  ]);
  // cn is near both hub and hub2 (two places of the hub side by side): it joins the closest only.
  const plan = planMerges(places, [pair('hub2', 'cn', 20), pair('hub', 'cn', 5), pair('cn', 'fs', 8), pair('hub', 'fs', 40)]);
  assert.deepEqual(plan.map((m) => [m.target.id, m.merged.id]), [['hub', 'cn'], ['hub', 'fs']]);
});

test('the strongest evidence goes first: a shared pivot before proximity', () => {
  const places = new Map([
    ['a', planned(place({ id: 'a', sources: ['hub'] }), 1, 0)],
    ['b', planned(place({ id: 'b', sources: ['nationale'] }), 1, 1)],
    ['c', planned(place({ id: 'c', sources: ['nationale'] }), 1, 2)],
  ]);
  const plan = planMerges(places, [pair('a', 'b', 5), pair('a', 'c', 300, 'same_pivot')]);
  assert.deepEqual(plan.map((m) => [m.target.id, m.merged.id, m.match.reason]), [['a', 'c', 'same_pivot']]);
});

test('a list of merges is cut where a merge absorbs a place that gained records earlier in the run', () => {
  const m = (target_id: string, merged_id: string) => ({ target_id, merged_id });
  assert.deepEqual(chainSegments([m('a', 'b'), m('a', 'c'), m('d', 'e')]), [[m('a', 'b'), m('a', 'c'), m('d', 'e')]]);
  assert.deepEqual(chainSegments([m('a', 'b'), m('d', 'a'), m('d', 'f')]), [[m('a', 'b')], [m('d', 'a'), m('d', 'f')]]);
  assert.deepEqual(chainSegments([]), []);
});
