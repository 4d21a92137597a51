// The permission matrix of issue 4: every role × every action, allowed and refused, on a place of
// Échirolles (commune 38151, Grenoble-Alpes Métropole 200040715, Isère 38, Auvergne-Rhône-Alpes 84)
// and on a place elsewhere (Lyon), written out in full so that a change of rule shows here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ACTIONS, can, type Action, type Actor, type Target } from '../../src/comptes/permissions.ts';

const ECHIROLLES = { lieu: { id: 'lieu-echirolles', commune_code: '38151', epci_code: '200040715', departement_code: '38', region_code: '84' } };
const LYON = { lieu: { id: 'lieu-lyon', commune_code: '69123', epci_code: '200046977', departement_code: '69', region_code: '84' } };

const actors: Record<string, Actor> = {
  visitor: undefined,
  'manager of the Échirolles place': { role: 'manager', territories: [], lieux: ['lieu-echirolles'] },
  'manager of nothing': { role: 'manager', territories: [], lieux: [] },
  'coordinator of Isère': { role: 'coordinator', territories: [{ level: 'departement', code: '38' }], lieux: [] },
  'coordinator of the Métropole': { role: 'coordinator', territories: [{ level: 'epci', code: '200040715' }], lieux: [] },
  'coordinator of Grenoble only': { role: 'coordinator', territories: [{ level: 'commune', code: '38185' }], lieux: [] },
  admin: { role: 'admin', territories: [], lieux: [] },
};

// [actor, target] → the actions allowed; every other action must be refused.
const MATRIX: [string, string, Target, Action[]][] = [
  ['visitor', 'Échirolles', ECHIROLLES, ['read', 'suggest']],
  ['visitor', 'global', {}, ['read', 'suggest']],
  ['manager of the Échirolles place', 'Échirolles', ECHIROLLES, ['read', 'suggest', 'edit']],
  ['manager of the Échirolles place', 'Lyon', LYON, ['read', 'suggest']],
  ['manager of the Échirolles place', 'global', {}, ['read', 'suggest']],
  ['manager of nothing', 'Échirolles', ECHIROLLES, ['read', 'suggest']],
  ['coordinator of Isère', 'Échirolles', ECHIROLLES, ['read', 'suggest', 'edit', 'moderate', 'import', 'export']],
  ['coordinator of Isère', 'Lyon', LYON, ['read', 'suggest']],
  ['coordinator of Isère', 'global', {}, ['read', 'suggest']],
  ['coordinator of the Métropole', 'Échirolles', ECHIROLLES, ['read', 'suggest', 'edit', 'moderate', 'import', 'export']],
  ['coordinator of the Métropole', 'Lyon', LYON, ['read', 'suggest']],
  ['coordinator of Grenoble only', 'Échirolles', ECHIROLLES, ['read', 'suggest']],
  ['admin', 'Échirolles', ECHIROLLES, [...ACTIONS]],
  ['admin', 'Lyon', LYON, [...ACTIONS]],
  ['admin', 'global', {}, [...ACTIONS]],
];

for (const [actorName, targetName, target, allowed] of MATRIX) {
  test(`${actorName} on ${targetName}: ${allowed.join(', ')} allowed, the rest refused`, () => {
    const actor = actors[actorName];
    for (const action of ACTIONS) {
      assert.equal(can(actor, action, target), allowed.includes(action), `${actorName} / ${action} / ${targetName}`);
    }
  });
}

test('a coordinator of a département covers a commune of it given as a territory, not a neighbouring one', () => {
  const isere = actors['coordinator of Isère'];
  assert.equal(can(isere, 'export', { territory: { level: 'commune', code: '38151', departement_code: '38', epci_code: '200040715', region_code: '84' } }), true);
  assert.equal(can(isere, 'export', { territory: { level: 'departement', code: '38', region_code: '84' } }), true);
  assert.equal(can(isere, 'export', { territory: { level: 'departement', code: '73', region_code: '84' } }), false);
  assert.equal(can(isere, 'export', { territory: { level: 'region', code: '84' } }), false, 'a département does not cover its région');
});
