// The data·inclusion import format on hand-written structures: the ANCT library maps thématiques,
// typologie and labels; the pivot comes from the SIRET or the RNA number; problems are reported
// under data·inclusion's own field names.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Db } from '../../src/platform/db.ts';
import type { LieuData } from '../../src/lieux/domain/lieu.ts';
import { importFile, type ImportReport } from '../../src/lieux/import/import-file.ts';
import { mapDataInclusionStructure } from '../../src/lieux/formats/data-inclusion.ts';
import { openTestDb } from '../support/test-db.ts';
import { FIXTURES } from '../support/paths.ts';

const FIXTURE = `${FIXTURES}formats/structures.data-inclusion.json`;
let db: Db;
let report: ImportReport;
before(async () => {
  db = await openTestDb();
  report = await importFile(db, { path: FIXTURE, source: 'data-inclusion', actor: 'test' });
});
after(async () => {
  await db.close();
});

const stored = async (sourceId: string) =>
  (await db.query<{ data: LieuData; commune_code: string | null }>(
    "SELECT l.data, l.commune_code FROM lieux l JOIN source_records r ON r.lieu_id = l.id WHERE r.source = 'data-inclusion' AND r.source_id = $1",
    [sourceId],
  ))[0];

test('a JSON array of structures is recognised as data·inclusion; two of four are places of digital inclusion', () => {
  assert.equal(report.format, 'data-inclusion');
  assert.deepEqual([report.rows_read, report.created, report.rows_rejected], [4, 2, 2]);
});

test('a structure with neither SIRET nor RNA is rejected with a clear issue', () => {
  assert.deepEqual(report.issues.filter((i) => i.line === 3), [
    {
      line: 3, column: 'siret', value: '', severity: 'error',
      reason: "La structure n'a ni SIRET (siret) ni numéro RNA (rna) : l'un des deux est obligatoire, il identifie le lieu (pivot du schéma national).",
    },
  ]);
});

test('a structure without any digital thématique is not a place of digital inclusion', () => {
  assert.deepEqual(report.issues.filter((i) => i.line === 4), [
    {
      line: 4, column: 'thematiques', value: 'famille--garde-denfants', severity: 'error',
      reason: "La structure n'a aucune thématique de médiation numérique (« numerique--… ») : elle n'est pas un lieu de médiation numérique et n'est pas importée.",
    },
  ]);
});

test('the vocabularies of data·inclusion become those of the national standard', async () => {
  const { data, commune_code } = (await stored('di-1'))!;
  assert.equal(commune_code, '38151');
  assert.equal(data.pivot, '21380151400012', 'the SIRET without its spaces');
  assert.deepEqual(data.adresse, { voie: '1 place des Cinq Fontaines', code_postal: '38130', commune: 'Échirolles', code_insee: '38151' });
  assert.deepEqual(data.localisation, { latitude: 45.1436, longitude: 5.7188 });
  assert.deepEqual(data.services, ['Aide aux démarches administratives', 'Maîtrise des outils numériques du quotidien']);
  assert.deepEqual(data.typologies, ['MUNI']);
  assert.deepEqual(data.dispositif_programmes_nationaux, ['France Services', 'Conseillers numériques']);
  assert.deepEqual(data.formations_labels, ['Formé à « Mon Espace Santé »']);
  assert.deepEqual(data.autres_formations_labels, ['Label local']);
  assert.deepEqual(data.contact, { telephone: '04 76 20 63 00', courriels: ['numerique@ville-echirolles.fr'], site_web: ['https://www.echirolles.fr'] });
  assert.equal(data.horaires, 'Mo-Fr 09:00-12:00');
  assert.equal(data.fiche_acces_libre, 'https://acceslibre.beta.gouv.fr/app/38-echirolles/a/mairie/erp/mairie-d-echirolles/');
  assert.equal(data.source, 'dora');
  assert.equal(data.date_maj, '2024-02-01');
});

test('an RNA number is a pivot too; values that cannot be used are dropped with a warning named after the data·inclusion field', async () => {
  const { data } = (await stored('di-2'))!;
  assert.equal(data.pivot, 'W381234567');
  assert.equal(data.typologies, undefined);
  assert.equal(data.contact, undefined);
  assert.deepEqual(report.issues.filter((i) => i.line === 2).map((i) => [i.column, i.value, i.severity]), [
    ['courriel', 'pas-un-courriel', 'warning'],
    ['typologie', 'XYZ', 'warning'],
  ]);
  assert.equal(
    report.issues.find((i) => i.column === 'typologie')!.reason,
    "« XYZ » n'est pas une typologie de structure connue de data·inclusion : la typologie est ignorée.",
  );
});

test('every problem of a structure is reported at once, under its data·inclusion name', () => {
  const result = mapDataInclusionStructure(
    { id: 'x', siret: '123', nom: 'Lieu', adresse: '1 rue', commune: 'Grenoble', code_postal: '380', horaires_ouverture: 'tous les jours', date_maj: '2024-01-01', thematiques: ['numerique--acceder-a-du-materiel'] },
    9,
  );
  assert.equal(result.data, undefined);
  assert.deepEqual(result.issues.map((i) => [i.line, i.column, i.severity]), [
    [9, 'siret', 'error'],
    [9, 'code_postal', 'error'],
    [9, 'horaires_ouverture', 'warning'],
  ]);
});
