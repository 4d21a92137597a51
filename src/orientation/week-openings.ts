// Owns the openings of a place day by day over the coming days, for the printed orientation slip
// ("lundi 25 novembre : de 9 h à 12 h et de 14 h à 17 h").
import { inClosure, openIntervals, scheduleOf, type SchedulePlace } from './hours/schedule.ts';
import { clockTime, dayLabel, isoDay } from './hours/french-time.ts';

export type DayOpenings = {
  /** The calendar day at the place, "2024-11-25". */
  date: string;
  /** "lundi 25 novembre". */
  label: string;
  /** Open intervals of that day (an opening past midnight continues on the next day). */
  intervals: { opens: Date; closes: Date; comment?: string }[];
  /** "de 9 h à 12 h et de 14 h à 17 h", "fermé", "fermé temporairement". */
  text: string;
};

/** One entry per day from the day of `at`, or [] when the hours are unknown or the place closed for good. */
export function weekOpenings(place: SchedulePlace, at: Date, days = 7): DayOpenings[] {
  const schedule = scheduleOf(place);
  if (!schedule || place.status?.value === 'closed') return [];
  const now = schedule.toWall(at);
  const result: DayOpenings[] = [];
  for (let offset = 0; offset < days; offset++) {
    const start = new Date(now.getFullYear(), now.getMonth(), now.getDate() + offset);
    const end = new Date(now.getFullYear(), now.getMonth(), now.getDate() + offset + 1);
    const base = { date: isoDay(start), label: dayLabel(start) };
    if (inClosure(schedule.closure, start)) { // closures start and end at midnight: whole days
      result.push({ ...base, intervals: [], text: 'fermé temporairement' });
      continue;
    }
    const intervals = openIntervals(schedule, start, end);
    result.push({
      ...base,
      intervals: intervals.map((i) => ({ ...i, opens: schedule.fromWall(i.opens), closes: schedule.fromWall(i.closes) })),
      text: intervals.length === 0 ? 'fermé' : describe(intervals, start, end),
    });
  }
  return result;
}

type Interval = ReturnType<typeof openIntervals>[number];

function describe(intervals: Interval[], start: Date, end: Date): string {
  const only = intervals.length === 1 ? intervals[0]! : undefined;
  if (only && only.opens <= start && only.closes >= end) return `ouvert toute la journée${note(only)}`;
  return intervals.map((i) => `de ${clockTime(i.opens)} à ${clockTime(i.closes, { endOfDay: true })}${note(i)}`).join(' et ');
}

const note = (interval: Interval) => (interval.comment ? ` (${interval.comment})` : '');
