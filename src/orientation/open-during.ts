// Owns the filter "open on a given day and time slot" ("ouvert le mardi après-midi"): whether a
// place is open at some moment of that slot, on the next such day (or the next few).
import { hoursKey, inClosure, openIntervals, scheduleOf, type SchedulePlace } from './hours/schedule.ts';
import { BoundedMemo } from './hours/bounded-memo.ts';

/** Days of the week as the opening_hours syntax names them, with their French label. */
export const WEEKDAYS = {
  Mo: 'lundi', Tu: 'mardi', We: 'mercredi', Th: 'jeudi', Fr: 'vendredi', Sa: 'samedi', Su: 'dimanche',
} as const;
export type Weekday = keyof typeof WEEKDAYS;
const JS_DAY: Record<Weekday, number> = { Su: 0, Mo: 1, Tu: 2, We: 3, Th: 4, Fr: 5, Sa: 6 };

/** Parts of the day offered by the search, with their French label and their hours. */
export const DAY_PARTS = {
  matin: { label: 'le matin', from: '08:00', to: '12:00' },
  apres_midi: { label: "l'après-midi", from: '12:00', to: '18:00' },
  soir: { label: 'le soir (après 18 h)', from: '18:00', to: '22:00' },
} as const;
export type DayPart = keyof typeof DAY_PARTS;

export type Slot = { day: Weekday; from: string; to: string };

/**
 * True when the place is open at some moment between `from` and `to` ("HH:MM", place time) on
 * the next `weeks` occurrences of `day` that are not over at `at` (today's slot counts while it
 * lasts). Public holidays and temporary closures count; unknown hours answer false.
 */
export function isOpenDuring(place: SchedulePlace, slot: Slot, at: Date, { weeks = 1 } = {}): boolean {
  const key = hoursKey(place);
  if (key === undefined) return compute(place, slot, at, weeks);
  // As a filter it runs on every candidate place: one answer per distinct hours value and minute.
  const minute = Math.floor(at.getTime() / 60_000);
  return answers.get(`${key}\n${slot.day} ${slot.from} ${slot.to} ${weeks}\n${minute}`, () => compute(place, slot, at, weeks));
}

const answers = new BoundedMemo<boolean>();

function compute(place: SchedulePlace, slot: Slot, at: Date, weeks: number): boolean {
  const schedule = scheduleOf(place);
  if (!schedule || place.status?.value === 'closed') return false;
  const now = schedule.toWall(at);
  const [fromHour, fromMinute] = hourMinute(slot.from);
  const [toHour, toMinute] = hourMinute(slot.to);
  const day = new Date(now.getFullYear(), now.getMonth(), now.getDate() + ((JS_DAY[slot.day] - now.getDay() + 7) % 7));
  for (let checked = 0; checked < weeks; day.setDate(day.getDate() + 7)) {
    const end = new Date(day.getFullYear(), day.getMonth(), day.getDate(), toHour, toMinute);
    if (end <= now) continue; // today's slot is over: the next week counts instead
    checked++;
    const startOfSlot = new Date(day.getFullYear(), day.getMonth(), day.getDate(), fromHour, fromMinute);
    const start = startOfSlot < now ? now : startOfSlot;
    const intervals = openIntervals(schedule, start, end);
    if (intervals.some((i) => openOutsideClosure(schedule.closure, i.opens, i.closes))) return true;
  }
  return false;
}

/** An open interval counts unless the closure covers all of it. */
function openOutsideClosure(closure: Parameters<typeof inClosure>[0], opens: Date, closes: Date): boolean {
  if (!closure) return true;
  if (!inClosure(closure, opens)) return true;
  return closure.end !== undefined && closure.end < closes;
}

function hourMinute(value: string): [number, number] {
  const match = /^([01]?\d|2[0-4]):([0-5]\d)$/.exec(value);
  if (!match) throw new Error(`A time slot is written HH:MM, not « ${value} »`);
  return [Number(match[1]), Number(match[2])];
}
