// Opening hours written in OSM syntax, read out in plain French on the place page
// (src/web/lieu/opening-hours-text.ts). Rules it does not know are shown as written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openingHoursLines } from '../../src/web/lieu/opening-hours-text.ts';
import { frenchDate, telUrl, displayPhone } from '../../src/web/format.ts';

test('common rules become French sentences', () => {
  assert.deepEqual(openingHoursLines('Mo-Fr 09:00-12:00,14:00-17:30; Sa 09:30-12:00; PH off'), [
    'Du lundi au vendredi : de 9 h à 12 h et de 14 h à 17 h 30',
    'Le samedi : de 9 h 30 à 12 h',
    'Fermé les jours fériés',
  ]);
  assert.deepEqual(openingHoursLines('Mo,We,Fr 14:00-18:00; Tu off'), [
    'Le lundi, le mercredi et le vendredi : de 14 h à 18 h',
    'Le mardi : fermé',
  ]);
  assert.deepEqual(openingHoursLines('Fr[1] 17:00-19:00; We[2] 09:00-12:00; Th[-1] 10:00-11:00'), [
    'Le 1er vendredi du mois : de 17 h à 19 h',
    'Le 2e mercredi du mois : de 9 h à 12 h',
    'Le dernier jeudi du mois : de 10 h à 11 h',
  ]);
});

test('rules it cannot read are kept as written, never guessed', () => {
  assert.deepEqual(openingHoursLines('Mo-Fr 09:00-12:00; Dec 25 off; sunrise-sunset'), [
    'Du lundi au vendredi : de 9 h à 12 h',
    'Dec 25 off',
    'sunrise-sunset',
  ]);
});

test('dates, phone numbers', () => {
  assert.equal(frenchDate('2024-07-01'), '1er juillet 2024');
  assert.equal(frenchDate('2024-05-02'), '2 mai 2024');
  assert.equal(frenchDate('2024-06-15T23:30:00Z'), '16 juin 2024'); // Paris time
  assert.equal(frenchDate('pas une date'), 'pas une date');
  assert.equal(telUrl('04 76 00 00 00'), 'tel:+33476000000');
  assert.equal(telUrl('+33 4 76 00 00 00'), 'tel:+33476000000');
  assert.equal(telUrl('appelez-nous'), undefined);
  assert.equal(displayPhone('+33476000000'), '04 76 00 00 00');
  assert.equal(displayPhone('3939'), '3939');
});
