// The opening-hours editor of the place form: plain weekly values are read into the grid and
// written back identically (days with the same ranges grouped), values a grid cannot say stay in
// the advanced field untouched unless the person fills the grid, and half-typed ranges are errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chosenHours, composeWeekGrid, hoursFields, parseWeekGrid, readWeekGrid } from '../../src/web/contribution/hours-editor.ts';
import { normalizeOpeningHours } from '../../src/lieux/formats/opening-hours.ts';

test('plain weekly values are read into the grid and written back the same', () => {
  for (const value of [
    'Mo-Fr 09:00-12:00,14:00-17:30; Sa 09:30-12:00; PH off',
    'Tu,We 14:00-18:00',
    'Mo 08:30-12:00; Tu-Fr 09:00-12:00,14:00-17:30',
    'Mo 09:00-12:00; We 09:00-12:00; Fr 09:00-12:00',
    '',
  ]) {
    const grid = parseWeekGrid(value);
    assert.ok(grid, value);
    assert.equal(composeWeekGrid(grid), value);
    if (value) assert.equal(normalizeOpeningHours(composeWeekGrid(grid)), normalizeOpeningHours(value), 'the library reads the same hours');
  }
  assert.deepEqual(parseWeekGrid('Mo-We 09:00-12:00')!.days.We, [['09:00', '12:00']]);
});

test('values a grid cannot say are not read into it', () => {
  for (const value of ['Fr[1] 17:00-19:00', 'Mo-Fr 09:00-12:00,13:00-15:00,16:00-18:00', 'Mo-Fr 09:00-17:00; We off', 'Jan-Jun Mo 09:00-12:00', '24/7', 'Mo-Fr 09:00-12:00; Mo 14:00-16:00']) {
    assert.equal(parseWeekGrid(value), undefined, value);
    assert.deepEqual(hoursFields(value), { horaires: value, horaires_grille_origine: '' });
  }
});

test('the grid wins only when it was changed; otherwise the advanced field, as typed', () => {
  const stored = 'Mo-Fr 09:00-12:00; PH off';
  const untouched = hoursFields(stored);
  assert.deepEqual(chosenHours(untouched), { value: stored, errors: [] });
  assert.deepEqual(chosenHours({ ...untouched, horaires: 'Mo-Fr 09:00-12:00; Sa 10:00-12:00; PH off' }).value, 'Mo-Fr 09:00-12:00; Sa 10:00-12:00; PH off', 'an edit of the advanced field');
  assert.equal(chosenHours({ ...untouched, h_Sa_1_de: '10:00', h_Sa_1_a: '12:00' }).value, 'Mo-Fr 09:00-12:00; Sa 10:00-12:00; PH off', 'an edit of the grid');
  const complex = hoursFields('Fr[1] 17:00-19:00');
  assert.equal(chosenHours(complex).value, 'Fr[1] 17:00-19:00', 'an untouched empty grid keeps the complex value');
  assert.equal(chosenHours({ ...complex, h_Mo_1_de: '09:00', h_Mo_1_a: '12:00' }).value, 'Mo 09:00-12:00', 'filling the grid replaces it');
  assert.equal(chosenHours({ ...untouched, h_Mo_1_de: '', h_Mo_1_a: '', h_Tu_1_de: '', h_Tu_1_a: '', h_We_1_de: '', h_We_1_a: '', h_Th_1_de: '', h_Th_1_a: '', h_Fr_1_de: '', h_Fr_1_a: '' }).value, '', 'emptying the grid removes the hours');
});

test('a half-typed or reversed range is an error naming the day', () => {
  assert.deepEqual(readWeekGrid({ h_Mo_1_de: '09:00' }).errors, ['Lundi : indiquez l’heure d’ouverture et l’heure de fermeture (par exemple 09:00 et 12:00).']);
  assert.deepEqual(readWeekGrid({ h_Su_2_de: '18:00', h_Su_2_a: '09:00' }).errors, ['Dimanche : l’heure de fermeture (09:00) doit être après l’heure d’ouverture (18:00).']);
  assert.deepEqual(readWeekGrid({ h_Tu_1_de: '25:00', h_Tu_1_a: '26:00' }).errors.length, 1);
});
