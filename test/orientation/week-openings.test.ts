// Openings day by day for the printed orientation slip.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { weekOpenings } from '../../src/orientation/week-openings.ts';
import type { SchedulePlace } from '../../src/orientation/hours/schedule.ts';

const place = (horaires: string | undefined, extra: Partial<SchedulePlace> = {}): SchedulePlace =>
  ({ ...(horaires !== undefined && { horaires }), adresse: { code_insee: '38185' }, ...extra });
const CHRISTMAS_WEEK = new Date('2024-12-23T09:00:00Z'); // Monday 23 December 2024, 10:00
const lines = (days: ReturnType<typeof weekOpenings>) => days.map((d) => `${d.label} : ${d.text}`);

test('seven days from today, with public holidays and openings past midnight', () => {
  const days = weekOpenings(place('Mo-Th 09:00-12:00,14:00-17:00; Fr 09:00-12:00,14:00-17:00,20:00-02:00; PH off'), CHRISTMAS_WEEK);
  assert.deepEqual(lines(days), [
    'lundi 23 décembre : de 9 h à 12 h et de 14 h à 17 h',
    'mardi 24 décembre : de 9 h à 12 h et de 14 h à 17 h',
    'mercredi 25 décembre : fermé',
    'jeudi 26 décembre : de 9 h à 12 h et de 14 h à 17 h',
    'vendredi 27 décembre : de 9 h à 12 h et de 14 h à 17 h et de 20 h à minuit',
    'samedi 28 décembre : de 0 h à 2 h',
    'dimanche 29 décembre : fermé',
  ]);
  assert.equal(days[0]!.date, '2024-12-23');
  assert.deepEqual(days[0]!.intervals[0], { opens: new Date('2024-12-23T08:00:00Z'), closes: new Date('2024-12-23T11:00:00Z') });
});

test('days of a temporary closure, whole days open, comments', () => {
  const closed = { status: { value: 'temporarily_closed' as const, from: '2024-12-24', until: '2024-12-26' } };
  assert.deepEqual(lines(weekOpenings(place('Mo-Sa 10:00-12:00', closed), CHRISTMAS_WEEK, 4)), [
    'lundi 23 décembre : de 10 h à 12 h',
    'mardi 24 décembre : fermé temporairement',
    'mercredi 25 décembre : fermé temporairement',
    'jeudi 26 décembre : fermé temporairement',
  ]);
  assert.deepEqual(lines(weekOpenings(place('24/7'), CHRISTMAS_WEEK, 1)), ['lundi 23 décembre : ouvert toute la journée']);
  assert.deepEqual(lines(weekOpenings(place('Mo 14:00-16:30 "sur rendez-vous"'), CHRISTMAS_WEEK, 1)),
    ['lundi 23 décembre : de 14 h à 16 h 30 (sur rendez-vous)']);
});

test('nothing to print when the hours are unknown or the place is closed for good', () => {
  assert.deepEqual(weekOpenings(place(undefined), CHRISTMAS_WEEK), []);
  assert.deepEqual(weekOpenings(place('Mo-Fr 09:00-12:00', { status: { value: 'closed' } }), CHRISTMAS_WEEK), []);
});
