// The words of the orientation slip: what to bring per service, the next opening written with its
// date, the week grouped by identical hours, and the short text sent by SMS or e-mail.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Service } from '@gouvfr-anct/lieux-de-mediation-numerique';
import { DEFAULT_TO_BRING, MAX_ITEMS, WHAT_TO_BRING, whatToBring } from '../../src/web/fiche/what-to-bring.ts';
import { NAME_MAX, mailtoUrl, openingSentence, slipText, smsUrl, weekLines, weekRange } from '../../src/web/fiche/fiche-text.ts';
import { nextOpening } from '../../src/orientation/next-opening.ts';
import { weekOpenings } from '../../src/orientation/week-openings.ts';
import type { SchedulePlace } from '../../src/orientation/hours/schedule.ts';

const identity = (d: Date) => d; // the tests run in Europe/Paris (scripts/run-tests.js), as the places
const place = (horaires?: string, extra: Partial<SchedulePlace> = {}): SchedulePlace =>
  ({ ...(horaires !== undefined && { horaires }), adresse: { code_insee: '38185' }, ...extra });
const MONDAY_10H = new Date('2024-11-25T09:00:00Z'); // Monday 25 November 2024, 10:00 in Paris
const FRIDAY_18H = new Date('2024-11-22T17:00:00Z'); // Friday 22 November 2024, 18:00
const CHRISTMAS_WEEK = new Date('2024-12-23T09:00:00Z'); // Monday 23 December 2024

test('what to bring follows the services of the standard, with a default', () => {
  assert.deepEqual(whatToBring([Service.AideAuxDemarchesAdministratives]), [
    'une pièce d’identité',
    'vos identifiants (numéro fiscal, numéro CAF, FranceConnect…)',
    'les courriers reçus',
    'votre téléphone portable',
  ]);
  assert.ok(whatToBring([Service.AccesInternetEtMaterielInformatique]).includes('une clé USB ou vos documents à imprimer'));
  assert.deepEqual(whatToBring([]), DEFAULT_TO_BRING);
  assert.deepEqual(whatToBring(['Pas un service du standard']), DEFAULT_TO_BRING);
  // Several services: each item once, in order, and never more than a slip can hold.
  const both = whatToBring([Service.AideAuxDemarchesAdministratives, Service.MaterielInformatiqueAPrixSolidaire]);
  assert.equal(both.filter((item) => item === 'une pièce d’identité').length, 1);
  assert.equal(both[0], 'une pièce d’identité');
  assert.equal(both.at(-1), 'un papier sur vos revenus (avis d’impôt ou attestation CAF)');
  assert.equal(whatToBring(Object.values(Service)).length, MAX_ITEMS);
  for (const service of Object.values(Service)) assert.ok(WHAT_TO_BRING[service].length > 0, service);
});

test('the next opening is written with its date, so that it stays true on paper', () => {
  const hours = place('Mo-Fr 09:00-12:00,14:00-17:30; PH off');
  assert.equal(openingSentence(nextOpening(hours, MONDAY_10H), MONDAY_10H, identity), 'Ouvert le lundi 25 novembre jusqu’à 12 h');
  assert.equal(openingSentence(nextOpening(hours, FRIDAY_18H), FRIDAY_18H, identity), 'Ouvre le lundi 25 novembre à 9 h');
  assert.equal(openingSentence(nextOpening(hours, FRIDAY_18H), FRIDAY_18H, identity, 'short'), 'Ouvre le lundi 25/11 à 9 h');
  // Wednesday 25 December is a public holiday.
  const christmasEve = new Date('2024-12-24T17:00:00Z');
  assert.equal(openingSentence(nextOpening(hours, christmasEve), christmasEve, identity), 'Ouvre le jeudi 26 décembre à 9 h');
  const withComment = place('Tu 14:00-16:30 "sur rendez-vous"');
  assert.equal(openingSentence(nextOpening(withComment, MONDAY_10H), MONDAY_10H, identity), 'Ouvre le mardi 26 novembre à 14 h (sur rendez-vous)');
  assert.equal(openingSentence(nextOpening(place(undefined), MONDAY_10H), MONDAY_10H, identity), 'Horaires non communiqués');
  assert.equal(openingSentence(nextOpening(place('Mo-Fr 09:00-12:00', { status: { value: 'closed' } }), MONDAY_10H), MONDAY_10H, identity), 'Fermé définitivement');
  const closed = place('Mo-Fr 09:00-12:00', { status: { value: 'temporarily_closed', from: '2024-11-20', until: '2024-11-29' } });
  assert.equal(openingSentence(nextOpening(closed, MONDAY_10H), MONDAY_10H, identity), 'Fermé pour le moment. Ouvre le lundi 2 décembre à 9 h');
  assert.equal(openingSentence(nextOpening(place('Mo-Su 20:00-24:00'), new Date('2024-11-25T20:00:00Z')), new Date('2024-11-25T20:00:00Z'), identity),
    'Ouvert le lundi 25 novembre jusqu’à minuit');
});

test('the week is grouped by identical hours, in the order of the days', () => {
  const christmas = weekOpenings(place('Mo-Fr 09:00-12:00; PH off'), CHRISTMAS_WEEK);
  assert.equal(weekRange(christmas), 'du lundi 23 décembre au dimanche 29 décembre');
  assert.deepEqual(weekLines(christmas), [
    'Lundi 23, mardi 24, jeudi 26 et vendredi 27 : de 9 h à 12 h',
    'Mercredi 25, samedi 28 et dimanche 29 : fermé',
  ]);
  assert.deepEqual(weekLines(weekOpenings(place('Mo-Sa 10:00-12:00'), MONDAY_10H)), [
    'Du lundi 25 au samedi 30 : de 10 h à 12 h',
    'Dimanche 1er : fermé',
  ]);
  assert.deepEqual(weekLines(weekOpenings(place('Mo,Tu 09:00-12:00; We 14:00-17:00'), MONDAY_10H, 3)), [
    'Lundi 25 et mardi 26 : de 9 h à 12 h',
    'Mercredi 27 : de 14 h à 17 h',
  ]);
  assert.deepEqual(weekLines([]), []);
  assert.equal(weekRange([]), '');
});

const ECHIROLLES = {
  name: 'Maison France services d’Échirolles',
  address: '1 place des Écrins, 38130 Échirolles',
  phone: '04 76 00 00 00',
  opening: 'Ouvre le lundi 25/11 à 9 h',
  url: 'https://passerelle.exemple.fr/lieux/8f0e2c4a-1111-4222-8333-944455556666',
};

test('the text to send gives, for each place, its name, address, phone, next opening and page', () => {
  const text = slipText([ECHIROLLES, { ...ECHIROLLES, name: 'Bus numérique du Trièves', address: 'Place de la mairie, 38710 Mens', phone: undefined, opening: 'Horaires non communiqués' }],
    'Faire une démarche en ligne (impôts, CAF, retraite…)');
  assert.equal(text, [
    'Pour : Faire une démarche en ligne (impôts, CAF, retraite…)',
    '',
    '1. Maison France services d’Échirolles',
    '1 place des Écrins, 38130 Échirolles',
    'Tél. 04 76 00 00 00',
    'Ouvre le lundi 25/11 à 9 h',
    'https://passerelle.exemple.fr/lieux/8f0e2c4a-1111-4222-8333-944455556666',
    '',
    '2. Bus numérique du Trièves',
    'Place de la mairie, 38710 Mens',
    'Horaires non communiqués',
    'https://passerelle.exemple.fr/lieux/8f0e2c4a-1111-4222-8333-944455556666',
  ].join('\n'));
  // One place: no number, no need line when none was chosen.
  assert.equal(slipText([ECHIROLLES]).split('\n')[0], 'Maison France services d’Échirolles');
});

test('the text stays short: long names are cut, a place is close to one SMS', () => {
  const long = { ...ECHIROLLES, name: 'Association Solidarité Numérique du Grésivaudan et des Balcons de Belledonne' };
  const [name] = slipText([long]).split('\n');
  assert.equal(name, 'Association Solidarité Numérique du Grésivau…');
  assert.equal(name!.length, NAME_MAX);
  // The place's page adds the site's address and 43 characters (/lieux/ and its id): the rest of
  // a place stays within 120 characters, so a place fits one SMS when the site's address is short.
  const block = slipText([ECHIROLLES]);
  const withoutUrl = block.slice(0, block.lastIndexOf('\n'));
  assert.ok(withoutUrl.length <= 120, `${withoutUrl.length} characters:\n${withoutUrl}`);
  assert.match(block, /Échirolles/, 'accents are kept');
});

test('the sms: and mailto: links carry the whole text, encoded', () => {
  const text = slipText([ECHIROLLES], 'Faire une démarche en ligne');
  const sms = smsUrl(text);
  assert.ok(sms.startsWith('sms:?&body='));
  assert.equal(decodeURIComponent(sms.slice('sms:?&body='.length)), text);
  const mail = mailtoUrl('Fiche d’orientation', text);
  const url = new URL(mail);
  assert.equal(url.protocol, 'mailto:');
  assert.equal(url.searchParams.get('subject'), 'Fiche d’orientation');
  assert.equal(url.searchParams.get('body'), text.replace(/\n/g, '\r\n'));
  assert.doesNotMatch(mail, /[\s<>"]/, 'nothing in the link needs escaping');
});
