// Next opening: from the OSM opening hours, French public holidays and the place's status, where
// a place stands at a given instant and the short French phrase a person reads. Instants are
// written in UTC with their Paris time alongside; the phrases are in the place's local time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nextOpening } from '../../src/orientation/next-opening.ts';
import { scheduleOf, type SchedulePlace } from '../../src/orientation/hours/schedule.ts';

const WEEKDAYS = 'Mo-Fr 09:00-12:00,14:00-17:00; PH off';
const GRENOBLE = { code_insee: '38185', code_postal: '38000' };
const place = (horaires: string | undefined, extra: Partial<SchedulePlace> = {}): SchedulePlace =>
  ({ ...(horaires !== undefined && { horaires }), adresse: GRENOBLE, ...extra });
const at = (iso: string) => new Date(iso);

test('open now: the phrase says until when', () => {
  const result = nextOpening(place(WEEKDAYS), at('2024-11-19T14:00:00Z')); // Tuesday 15:00
  assert.equal(result.state, 'open');
  assert.equal(result.openNow, true);
  assert.equal(result.phrase, "Ouvert maintenant, jusqu'à 17 h");
  assert.deepEqual(result.closesAt, at('2024-11-19T16:00:00Z'));
});

test('during the lunch break it opens again in the afternoon', () => {
  const result = nextOpening(place(WEEKDAYS), at('2024-11-19T11:30:00Z')); // Tuesday 12:30
  assert.equal(result.state, 'closed');
  assert.equal(result.openNow, false);
  assert.equal(result.phrase, "Ouvre aujourd'hui à 14 h");
  assert.deepEqual(result.opensAt, at('2024-11-19T13:00:00Z'));
});

test('in the evening it opens tomorrow; on Saturday it opens on Monday, with the date', () => {
  assert.equal(nextOpening(place(WEEKDAYS), at('2024-11-19T18:00:00Z')).phrase, 'Ouvre demain à 9 h'); // Tuesday 19:00
  const monday = nextOpening(place('Mo 14:00-17:30; Tu-Fr 09:00-12:00'), at('2024-11-23T09:00:00Z')); // Saturday 10:00
  assert.equal(monday.phrase, 'Ouvre lundi 25 novembre à 14 h');
  assert.equal(nextOpening(place('Mo 14:00-17:30'), at('2024-11-25T15:00:00Z')).phrase, "Ouvert maintenant, jusqu'à 17 h 30");
});

test('closed on public holidays when the hours say PH off: 25 December, 1 May, 14 July', () => {
  assert.equal(nextOpening(place(WEEKDAYS), at('2024-12-24T09:00:00Z')).openNow, true, 'Tuesday 24 December 10:00 is an ordinary day');
  const christmas = nextOpening(place(WEEKDAYS), at('2024-12-25T09:00:00Z')); // Wednesday 10:00
  assert.equal(christmas.openNow, false);
  assert.equal(christmas.phrase, 'Ouvre demain à 9 h');
  assert.equal(nextOpening(place(WEEKDAYS), at('2024-12-24T17:00:00Z')).phrase, 'Ouvre jeudi 26 décembre à 9 h');
  assert.equal(nextOpening(place(WEEKDAYS), at('2025-05-01T08:00:00Z')).phrase, 'Ouvre demain à 9 h'); // Thursday 1 May
  assert.equal(nextOpening(place(WEEKDAYS), at('2025-07-14T08:00:00Z')).openNow, false); // Monday 14 July
  assert.equal(nextOpening(place('Mo-Fr 09:00-12:00'), at('2025-07-14T08:00:00Z')).openNow, true, 'without PH off, holidays are ordinary days');
});

test('Alsace-Moselle also rests on 26 December; overseas holidays follow the département', () => {
  const strasbourg = { code_insee: '67482', code_postal: '67000' };
  assert.equal(nextOpening(place(WEEKDAYS), at('2024-12-26T09:00:00Z')).openNow, true, 'Grenoble');
  assert.equal(nextOpening(place(WEEKDAYS, { adresse: strasbourg }), at('2024-12-26T09:00:00Z')).openNow, false, 'Strasbourg');
  const saintDenis = { code_insee: '97411', code_postal: '97400' };
  // 20 December, abolition of slavery in La Réunion: a Friday, 10:00 there.
  assert.equal(nextOpening(place(WEEKDAYS, { adresse: saintDenis }), at('2024-12-20T06:00:00Z')).openNow, false);
  assert.equal(nextOpening(place(WEEKDAYS, { adresse: saintDenis }), at('2024-12-19T06:00:00Z')).openNow, true);
});

test('overseas, hours are read in the local time of the place', () => {
  const saintDenis = { adresse: { code_insee: '97411', code_postal: '97400' } };
  const instant = at('2024-11-19T05:00:00Z'); // 09:00 in La Réunion, 06:00 in Paris
  const reunion = nextOpening(place('Mo-Fr 08:00-12:00', saintDenis), instant);
  assert.equal(reunion.phrase, "Ouvert maintenant, jusqu'à 12 h");
  assert.deepEqual(reunion.closesAt, at('2024-11-19T08:00:00Z'));
  const grenoble = nextOpening(place('Mo-Fr 08:00-12:00'), instant);
  assert.equal(grenoble.phrase, "Ouvre aujourd'hui à 8 h");
  assert.deepEqual(grenoble.opensAt, at('2024-11-19T07:00:00Z'));
});

test('a temporary closure says until when, and the next opening comes after it', () => {
  const closed = { status: { value: 'temporarily_closed' as const, from: '2024-11-18', until: '2024-12-03' } };
  const during = nextOpening(place(WEEKDAYS, closed), at('2024-11-20T09:00:00Z')); // Wednesday 10:00
  assert.equal(during.state, 'temporarily_closed');
  assert.equal(during.phrase, "Fermé temporairement jusqu'au 3 décembre");
  assert.deepEqual(during.opensAt, at('2024-12-04T08:00:00Z'), 'the last closed day is 3 December: it opens on the 4th');
  assert.equal(nextOpening(place(WEEKDAYS, closed), at('2024-12-03T15:00:00Z')).state, 'temporarily_closed');
  // The Friday before: open as usual; that evening, the next opening skips the closure.
  assert.equal(nextOpening(place(WEEKDAYS, closed), at('2024-11-15T15:00:00Z')).phrase, "Ouvert maintenant, jusqu'à 17 h");
  assert.equal(nextOpening(place(WEEKDAYS, closed), at('2024-11-15T17:00:00Z')).phrase, 'Ouvre mercredi 4 décembre à 9 h');
  // After the closure, even if nobody updated the status.
  assert.equal(nextOpening(place(WEEKDAYS, closed), at('2024-12-04T09:00:00Z')).state, 'open');
});

test('a temporary closure without an end, or without hours, still says it is closed', () => {
  const open_ended = nextOpening(place(WEEKDAYS, { status: { value: 'temporarily_closed' } }), at('2024-11-20T09:00:00Z'));
  assert.equal(open_ended.phrase, 'Fermé temporairement');
  assert.equal(open_ended.opensAt, undefined);
  const noHours = nextOpening(place(undefined, { status: { value: 'temporarily_closed', until: '2025-01-01' } }), at('2024-11-20T09:00:00Z'));
  assert.equal(noHours.phrase, "Fermé temporairement jusqu'au 1er janvier");
});

test('closed for good, or hours not communicated', () => {
  assert.deepEqual(nextOpening(place(WEEKDAYS, { status: { value: 'closed' } }), at('2024-11-19T14:00:00Z')),
    { state: 'permanently_closed', openNow: false, phrase: 'Fermé définitivement' });
  for (const horaires of [undefined, '', '   ', 'ouvert quand il fait beau']) {
    const result = nextOpening(place(horaires), at('2024-11-19T14:00:00Z'));
    assert.equal(result.state, 'unknown', String(horaires));
    assert.equal(result.phrase, 'Horaires non communiqués');
  }
});

test('itinerant rules: every first Friday of the month', () => {
  const monthly = place('Fr[1] 17:00-19:00');
  assert.equal(nextOpening(monthly, at('2024-11-10T09:00:00Z')).phrase, 'Ouvre vendredi 6 décembre à 17 h');
  assert.equal(nextOpening(monthly, at('2024-11-29T16:30:00Z')).phrase, 'Ouvre vendredi 6 décembre à 17 h', 'a Friday, but not the first');
  assert.equal(nextOpening(monthly, at('2024-12-06T16:30:00Z')).phrase, "Ouvert maintenant, jusqu'à 19 h");
});

test('around midnight', () => {
  const lateFriday = place('Fr 20:00-02:00');
  assert.equal(nextOpening(lateFriday, at('2024-11-22T22:30:00Z')).phrase, "Ouvert maintenant, jusqu'à 2 h"); // Friday 23:30
  const saturdayNight = nextOpening(lateFriday, at('2024-11-23T00:30:00Z')); // Saturday 01:30
  assert.equal(saturdayNight.phrase, "Ouvert maintenant, jusqu'à 2 h");
  assert.deepEqual(saturdayNight.closesAt, at('2024-11-23T01:00:00Z'));
  assert.equal(nextOpening(lateFriday, at('2024-11-23T01:30:00Z')).phrase, 'Ouvre vendredi 29 novembre à 20 h'); // Saturday 02:30
  assert.equal(nextOpening(place('Mo-Su 18:00-24:00'), at('2024-11-22T19:00:00Z')).phrase, "Ouvert maintenant, jusqu'à minuit");
  const always = nextOpening(place('24/7'), at('2024-11-22T19:00:00Z'));
  assert.equal(always.phrase, 'Ouvert maintenant');
  assert.equal(always.closesAt, undefined);
});

test('daylight saving time: the opening is at the local hour on the day the clocks change', () => {
  const sunday = place('Su 10:00-12:00');
  const march = nextOpening(sunday, at('2024-03-30T20:00:00Z')); // Saturday 21:00 (winter time)
  assert.equal(march.phrase, 'Ouvre demain à 10 h');
  assert.deepEqual(march.opensAt, at('2024-03-31T08:00:00Z'), '10:00 summer time');
  const october = nextOpening(sunday, at('2024-10-26T20:00:00Z')); // Saturday 22:00 (summer time)
  assert.equal(october.phrase, 'Ouvre demain à 10 h');
  assert.deepEqual(october.opensAt, at('2024-10-27T09:00:00Z'), '10:00 winter time');
  const night = nextOpening(place('Su 01:00-05:00'), at('2024-10-27T00:30:00Z')); // 02:30 summer time
  assert.equal(night.phrase, "Ouvert maintenant, jusqu'à 5 h");
  assert.deepEqual(night.closesAt, at('2024-10-27T04:00:00Z'), '05:00 winter time');
});

test('a comment of the hours ("sur rendez-vous") is an opening with a condition', () => {
  const byAppointment = place('Mo-Fr 09:00-12:00 "sur rendez-vous"');
  const now = nextOpening(byAppointment, at('2024-11-19T09:00:00Z'));
  assert.equal(now.phrase, "Ouvert maintenant, jusqu'à 12 h");
  assert.equal(now.comment, 'sur rendez-vous');
  const later = nextOpening(byAppointment, at('2024-11-19T12:00:00Z'));
  assert.equal(later.phrase, 'Ouvre demain à 9 h');
  assert.equal(later.comment, 'sur rendez-vous');
});

test('places with the same hours in the same area share one parsed value', () => {
  const a = scheduleOf(place(WEEKDAYS))!;
  const b = scheduleOf(place(WEEKDAYS, { adresse: { code_insee: '38151', code_postal: '38130' } }))!;
  const moselle = scheduleOf(place(WEEKDAYS, { adresse: { code_insee: '57463', code_postal: '57000' } }))!;
  assert.equal(a.hours, b.hours);
  assert.notEqual(a.hours, moselle.hours, 'other public holidays, other parse');
});

test('answers shared by places with the same hours never leak a closure, nor changes made by a caller', () => {
  const instant = at('2024-11-20T09:00:00Z');
  const first = nextOpening(place(WEEKDAYS), instant);
  assert.equal(first.state, 'open');
  first.closesAt!.setFullYear(2000);
  first.phrase = 'changed';
  assert.equal(nextOpening(place(WEEKDAYS), instant).phrase, "Ouvert maintenant, jusqu'à 12 h");
  assert.deepEqual(nextOpening(place(WEEKDAYS), instant).closesAt, at('2024-11-20T11:00:00Z'));
  const closed = { status: { value: 'temporarily_closed' as const, from: '2024-11-18', until: '2024-12-03' } };
  assert.equal(nextOpening(place(WEEKDAYS, closed), instant).state, 'temporarily_closed');
  assert.equal(nextOpening(place(WEEKDAYS, { adresse: { code_insee: '67482' } }), at('2024-12-26T09:00:00Z')).openNow, false);
  assert.equal(nextOpening(place(WEEKDAYS), at('2024-12-26T09:00:00Z')).openNow, true, 'same minute, other area');
});
