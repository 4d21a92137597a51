// The v0 → current standard mapping, on the real Hinaura file and on hand-made rows; and the
// mapping documentation generated from the same tables.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { mapV0Row } from '../../src/lieux/formats/v0.ts';
import { DEMO_DATASET } from '../support/paths.ts';

const rows = JSON.parse(readFileSync(DEMO_DATASET, 'utf8')) as Record<string, string>[];

test('every row of the Hinaura file maps to a valid place of the current standard', () => {
  const results = rows.map((row, i) => mapV0Row(row, i + 1));
  assert.equal(results.filter((r) => r.data).length, 687);
  // The only problem in the file: an e-mail address with an accent, dropped, the place kept.
  assert.deepEqual(results.flatMap((r) => r.issues).map((i) => [i.line, i.column, i.value, i.severity]), [[248, 'courriels', 'chambéry@accorderie.fr', 'warning']]);
});

test('the first place of the file, field by field', () => {
  const { data } = mapV0Row(rows[0]!, 1);
  assert.deepEqual(data, {
    id: '0',
    pivot: '00000000000000',
    nom: "MAISON DE SERVICES AU PUBLIC D'ABONDANCE",
    adresse: { voie: 'PLACE DU CHAMP DE FOIRE', code_postal: '74360', commune: 'ABONDANCE' },
    date_maj: '2021-05-05',
    localisation: { latitude: 46.27947045, longitude: 6.720031881096503 },
    horaires: 'Tu-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00',
    source: 'Hinaura',
    services: ['Accès internet et matériel informatique', 'Aide aux démarches administratives'],
    // "Adultes" has no equivalent; illiteracy, deafness… are specific support in the current standard.
    publics_specifiquement_adresses: ['Familles et/ou enfants', 'Jeunes', 'Seniors'],
    prise_en_charge_specifique: ['Surdité', 'Handicaps mentaux', 'Illettrisme', 'Déficience visuelle'],
    frais_a_charge: ['Gratuit'],
    modalites_accompagnement: ['Accompagnement individuel'],
  });
});

test('membership, Pass numérique and "on my behalf" follow the documented choices', () => {
  const { data } = mapV0Row({
    ...rows[0]!,
    conditions_acces: "Adhésion : L'accès au lieu et/ou à ses services nécessite d'y adhérer;Accepte le Pass numérique : Il est possible d'utiliser un Pass numérique pour accéder au lieu",
    modalites_accompagnement: 'A ma place : une personne habilitée fait les démarches à ma place;Seul : j\'ai accès à du matériel et une connexion',
  }, 1);
  assert.deepEqual(data!.frais_a_charge, ['Payant']);
  assert.equal(data!.accepte_pass_numerique, true);
  assert.deepEqual(data!.modalites_accompagnement, ['Accompagnement individuel', 'En autonomie']);
});

test('an unknown v0 label rejects the row and names the known labels', () => {
  const result = mapV0Row({ ...rows[0]!, services: 'Accéder à du matériel;Faire du jardinage' }, 7);
  assert.equal(result.data, undefined);
  assert.equal(result.issues.length, 1);
  const [issue] = result.issues;
  assert.deepEqual([issue!.line, issue!.column, issue!.value, issue!.severity], [7, 'services', 'Faire du jardinage', 'error']);
  assert.match(issue!.reason, /n'est pas une valeur connue du format v0 pour services\. Valeurs connues : Accéder à du matériel, /);
});

test('docs/mapping-v0.md holds the tables generated from the code', () => {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const generated = execFileSync(process.execPath, ['--import', 'tsx', 'scripts/mapping-v0-table.ts'], { cwd: root, encoding: 'utf8' });
  const doc = readFileSync(`${root}docs/mapping-v0.md`, 'utf8');
  assert.ok(doc.includes(generated.trim()), 'regenerate the tables: node --import tsx scripts/mapping-v0-table.ts');
});
