// Free text → services: what a person or a professional types ("faire ma déclaration d'impôts")
// points to the standard's services, or to places other than mediation (wifi, repair…).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Service } from '@gouvfr-anct/lieux-de-mediation-numerique';
import { needsFromText, withinOneEdit } from '../../src/orientation/free-text-needs.ts';
import { NEED_SYNONYMS } from '../../src/orientation/need-synonyms.ts';
import { KINDS, SERVICES } from '../../src/lieux/domain/enums.ts';

const topService = (text: string) => needsFromText(text).services[0]?.value;
const services = (text: string) => needsFromText(text).services.map((m) => m.value);
const kinds = (text: string) => needsFromText(text).kinds.map((m) => m.value);

test('the examples of the issue find the service a mediator would choose', () => {
  assert.equal(topService("faire ma déclaration d'impôts"), Service.AideAuxDemarchesAdministratives);
  assert.equal(topService('apprendre à utiliser un smartphone'), Service.MaitriseDesOutilsNumeriquesDuQuotidien);
  assert.equal(topService('imprimer un document'), Service.AccesInternetEtMaterielInformatique);
  assert.equal(topService('envoyer un mail'), Service.MaitriseDesOutilsNumeriquesDuQuotidien);
  assert.equal(topService('CAF'), Service.AideAuxDemarchesAdministratives);
  assert.equal(topService('ameli'), Service.AideAuxDemarchesAdministratives);
  assert.equal(topService('acheter un ordinateur pas cher'), Service.MaterielInformatiqueAPrixSolidaire);
  assert.equal(topService('mon fils et les écrans'), Service.ParentaliteEtEducationAvecLeNumerique);
  assert.equal(topService('je me suis fait arnaquer'), Service.UtilisationSecuriseeDuNumerique);
  assert.equal(topService('faire un CV'), Service.InsertionProfessionnelleViaLeNumerique);
  assert.equal(topService("c'est quoi l'intelligence artificielle"), Service.ComprehensionDuMondeNumerique);
  assert.equal(topService('retoucher mes photos et faire un montage vidéo'), Service.LoisirsEtCreationsNumeriques);
});

test('pôle emploi / France Travail is both a procedure and a job search', () => {
  assert.deepEqual(services('pôle emploi / France Travail').sort(), [
    Service.AideAuxDemarchesAdministratives, Service.InsertionProfessionnelleViaLeNumerique,
  ].sort());
});

test('some needs point to places other than mediation', () => {
  assert.deepEqual(kinds('wifi gratuit'), ['public_wifi']);
  assert.deepEqual(kinds('recharger mon téléphone'), ['charging_point']);
  assert.deepEqual(kinds('acheter un ordinateur pas cher'), ['solidarity_equipment']);
  assert.deepEqual(kinds('réparer mon ordinateur'), ['repair']);
  assert.deepEqual(kinds('mon écran est cassé'), ['repair']);
  assert.deepEqual(kinds("faire ma déclaration d'impôts"), []);
});

test('case, accents and punctuation do not matter', () => {
  const scores = (text: string) => needsFromText(text).services.map(({ value, score }) => ({ value, score }));
  assert.deepEqual(scores('DECLARATION D IMPOTS'), scores("déclaration d'impôts"));
  assert.deepEqual(needsFromText('DECLARATION D IMPOTS').services[0]!.matched, ['DECLARATION', 'IMPOTS']);
  assert.equal(topService('Améli.fr'), Service.AideAuxDemarchesAdministratives);
  assert.equal(topService('impots.gouv.fr'), Service.AideAuxDemarchesAdministratives);
});

test('one typo in a long word is forgiven, with a lower score; short words must be exact', () => {
  const exact = needsFromText("déclaration d'impôts").services[0]!;
  const typo = needsFromText('declaraton impots').services[0]!;
  assert.equal(typo.value, Service.AideAuxDemarchesAdministratives);
  assert.ok(typo.score < exact.score, `${typo.score} < ${exact.score}`);
  assert.equal(topService('smarphone'), Service.MaitriseDesOutilsNumeriquesDuQuotidien);
  assert.equal(topService('imprimmer'), Service.AccesInternetEtMaterielInformatique);
  assert.deepEqual(services('caff'), [], 'four letters: no typo tolerance');
});

test('a known word is never read as a typo of another one', () => {
  // "passe" is one letter away from "cassé" (repair), but it is a word of "mot de passe".
  assert.deepEqual(needsFromText('mot de passe oublié').kinds, []);
  assert.equal(topService('mot de passe oublié'), Service.UtilisationSecuriseeDuNumerique);
});

test('the matched words are given as typed, to explain why a place is proposed', () => {
  const match = needsFromText("Je voudrais faire ma déclaration d'impôts").services[0]!;
  assert.deepEqual(match.matched, ['déclaration', 'impôts']);
  assert.equal(match.score, 2, 'the phrase counts once: its words are not counted again alone');
});

test('a precise phrase outranks a vague word', () => {
  const result = needsFromText('acheter un ordinateur pas cher').services;
  assert.equal(result[0]!.value, Service.MaterielInformatiqueAPrixSolidaire);
  assert.ok(result.slice(1).every((m) => m.score < result[0]!.score / 2));
});

test('an unknown text, an empty text or stop-words only return nothing, without an exception', () => {
  for (const text of ['', '   ', 'blablabla zzz', 'le la les de du', "qu'est-ce que", '!!!', '42', 'x'.repeat(10_000)]) {
    assert.deepEqual(needsFromText(text), { services: [], kinds: [] }, JSON.stringify(text.slice(0, 20)));
  }
});

test('the synonyms table only names services and kinds that exist, and every term has words', () => {
  for (const synonym of NEED_SYNONYMS) {
    for (const service of synonym.services ?? []) assert.ok((SERVICES.values as readonly string[]).includes(service), service);
    for (const kind of synonym.kinds ?? []) assert.ok((KINDS.values as readonly string[]).includes(kind), kind);
    assert.ok((synonym.services?.length ?? 0) + (synonym.kinds?.length ?? 0) > 0);
    for (const term of synonym.terms) assert.ok(needsFromText(term).services.length + needsFromText(term).kinds.length > 0, term);
  }
});

test('one edit: insertion, deletion, substitution or swap of two neighbours', () => {
  assert.ok(withinOneEdit('impot', 'impot'));
  assert.ok(withinOneEdit('impot', 'impots'));
  assert.ok(withinOneEdit('impots', 'impot'));
  assert.ok(withinOneEdit('impot', 'impat'));
  assert.ok(withinOneEdit('impot', 'imopt'));
  assert.ok(!withinOneEdit('impot', 'ipmto'));
  assert.ok(!withinOneEdit('impot', 'imp'));
  assert.ok(!withinOneEdit('impot', 'compote'));
});
