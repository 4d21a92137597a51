// Finding the commune of an address as files really write it: INSEE code, postcode and name
// with or without accents, articles, "Cedex", shortened or lengthened names.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Db } from '../../src/platform/db.ts';
import { communeResolver, type CommuneResolver } from '../../src/territoires/resolver.ts';
import { openTestDb } from '../support/test-db.ts';

let db: Db;
let communes: CommuneResolver;
before(async () => {
  db = await openTestDb();
  communes = await communeResolver(db);
});
after(async () => {
  await db.close();
});

const cases: [string, { code_insee?: string; code_postal?: string; commune?: string }, string | undefined][] = [
  ['INSEE code', { code_insee: '38151' }, '38151'],
  ['postcode and exact name', { code_postal: '38130', commune: 'Échirolles' }, '38151'],
  ['name without accents, upper case', { code_postal: '38130', commune: 'ECHIROLLES' }, '38151'],
  ['Cedex postcode', { code_postal: '74003', commune: 'Annecy Cedex 03' }, '74010'],
  ['missing apostrophe', { code_postal: '26260', commune: 'Saint-Donat-sur-lHerbasse' }, '26301'],
  ['name lengthened by the file', { code_postal: '74140', commune: 'Sciez-sur-Léman' }, '74263'],
  ['name shortened by the file', { code_postal: '26270', commune: 'Loriol' }, '26166'],
  ['article left out', { code_postal: '38800', commune: 'Pont de Claix' }, '38317'],
  ['"St" for "Saint"', { code_postal: '38400', commune: "St Martin d'Hères" }, '38421'],
  ['arrondissement of Lyon', { code_postal: '69003', commune: 'Lyon 3e' }, '69123'],
  ['unknown name with a postcode shared by several communes', { code_postal: '74130', commune: 'Nulle-Part' }, undefined],
];

for (const [name, adresse, expected] of cases) {
  test(`finds the commune by ${name}`, () => {
    assert.equal(communes.resolve(adresse)?.code, expected);
  });
}

test('a resolved commune carries its département, région and EPCI', () => {
  assert.deepEqual(communes.byCode('38151'), { code: '38151', nom: 'Échirolles', nom_normalise: 'echirolles', departement_code: '38', region_code: '84', epci_code: '200040715', codes_postaux: ['38130'] });
});
