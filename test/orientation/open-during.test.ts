// The filter "open on a given day and time slot" ("ouvert le mardi après-midi"): open at some
// moment of the slot on the next such day, public holidays and temporary closures included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DAY_PARTS, isOpenDuring, type Slot } from '../../src/orientation/open-during.ts';
import type { SchedulePlace } from '../../src/orientation/hours/schedule.ts';

const WEEKDAYS = 'Mo-Fr 09:00-12:00,14:00-17:00; PH off';
const place = (horaires: string, extra: Partial<SchedulePlace> = {}): SchedulePlace =>
  ({ horaires, adresse: { code_insee: '38185' }, ...extra });
const part = (day: Slot['day'], name: keyof typeof DAY_PARTS): Slot => ({ day, from: DAY_PARTS[name].from, to: DAY_PARTS[name].to });
const MONDAY_MORNING = new Date('2024-11-18T08:00:00Z'); // Monday 18 November 2024, 09:00

test('open on Tuesday afternoon, not on Saturday morning nor on Tuesday evening', () => {
  assert.equal(isOpenDuring(place(WEEKDAYS), part('Tu', 'apres_midi'), MONDAY_MORNING), true);
  assert.equal(isOpenDuring(place(WEEKDAYS), part('Sa', 'matin'), MONDAY_MORNING), false);
  assert.equal(isOpenDuring(place(WEEKDAYS), part('Tu', 'soir'), MONDAY_MORNING), false);
  assert.equal(isOpenDuring(place('Tu 17:30-19:00'), part('Tu', 'soir'), MONDAY_MORNING), true, 'open for part of the slot');
});

test("today's slot counts while it lasts; once over, next week's counts", () => {
  const tuesdayEvening = new Date('2024-11-19T17:30:00Z'); // Tuesday 18:30
  assert.equal(isOpenDuring(place('Tu 14:00-19:00'), part('Tu', 'apres_midi'), tuesdayEvening), true, 'next Tuesday');
  const tuesday1630 = new Date('2024-11-19T15:30:00Z');
  assert.equal(isOpenDuring(place('Tu 14:00-16:00; We 09:00-12:00'), part('Tu', 'apres_midi'), tuesday1630), false,
    'what is left of the slot today is closed');
});

test('a public holiday or a temporary closure on that day answers no, unless more weeks are asked', () => {
  const christmasEve = new Date('2024-12-24T17:00:00Z');
  assert.equal(isOpenDuring(place(WEEKDAYS), part('We', 'matin'), christmasEve), false, 'Wednesday 25 December');
  assert.equal(isOpenDuring(place(WEEKDAYS), part('We', 'matin'), christmasEve, { weeks: 2 }), false, 'and 1 January');
  assert.equal(isOpenDuring(place(WEEKDAYS), part('We', 'matin'), christmasEve, { weeks: 3 }), true, '8 January');
  const closed = { status: { value: 'temporarily_closed' as const, from: '2024-11-18', until: '2024-11-20' } };
  assert.equal(isOpenDuring(place(WEEKDAYS), part('Tu', 'matin'), MONDAY_MORNING), true, 'the same hours without the closure');
  assert.equal(isOpenDuring(place(WEEKDAYS, closed), part('Tu', 'matin'), MONDAY_MORNING), false);
  assert.equal(isOpenDuring(place(WEEKDAYS, closed), part('Th', 'matin'), MONDAY_MORNING), true);
});

test('monthly itinerant rules match when the weeks asked reach the right Friday', () => {
  const firstFriday = place('Fr[1] 17:00-19:00');
  assert.equal(isOpenDuring(firstFriday, part('Fr', 'soir'), MONDAY_MORNING), false, 'Friday 22 November');
  assert.equal(isOpenDuring(firstFriday, { day: 'Fr', from: '16:00', to: '18:00' }, MONDAY_MORNING, { weeks: 3 }), true, 'Friday 6 December');
});

test('unknown hours or a place closed for good are never open', () => {
  assert.equal(isOpenDuring({}, part('Tu', 'matin'), MONDAY_MORNING), false);
  assert.equal(isOpenDuring(place(WEEKDAYS, { status: { value: 'closed' } }), part('Tu', 'matin'), MONDAY_MORNING), false);
});

test('a slot is written HH:MM', () => {
  assert.throws(() => isOpenDuring(place(WEEKDAYS), { day: 'Tu', from: '14h', to: '18:00' }, MONDAY_MORNING), /HH:MM/);
});
