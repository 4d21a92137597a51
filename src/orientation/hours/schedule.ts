// Owns a place's opening schedule as the `opening_hours` library evaluates it: the parsed hours
// (memoised per distinct value), French public holidays of the place's area, its time zone, and
// its temporary closure. Everything is computed on "wall-clock" dates: Date objects whose local
// fields are the time at the place, so the library (which works in local time) sees local hours.
import OpeningHours from 'opening_hours';
import type { LieuData } from '../../lieux/domain/lieu.ts';
import { BoundedMemo } from './bounded-memo.ts';

/** What the schedule needs from a place (LieuData fits). */
export type SchedulePlace = Pick<LieuData, 'horaires' | 'status'> & {
  adresse?: Partial<Pick<LieuData['adresse'], 'code_insee' | 'code_postal'>>;
};

export type Schedule = {
  hours: OpeningHours;
  /** Temporary closure, as wall-clock dates: from its first day 00:00 to the day after its last. */
  closure?: { start?: Date; end?: Date };
  toWall: (instant: Date) => Date;
  fromWall: (wall: Date) => Date;
};

/** The process runs in Europe/Paris (bin/passerelle.js, scripts/run-tests.js): see decision 009. */
export const PROCESS_TIME_ZONE = 'Europe/Paris';

/** The schedule of a place, or undefined when it has no usable hours. */
export function scheduleOf(place: SchedulePlace): Schedule | undefined {
  const value = place.horaires?.trim();
  if (!value) return undefined;
  const area = areaOf(place.adresse);
  const hours = parsedHours(value, area);
  if (hours === undefined) return undefined;
  const zone = area.timeZone === PROCESS_TIME_ZONE ? IDENTITY : zoneConversions(area.timeZone);
  return { hours, ...zone, ...closureOf(place) };
}

/** The closure period of a temporarily closed place, even without hours (undefined otherwise). */
export function closureOf(place: SchedulePlace): Pick<Schedule, 'closure'> {
  const status = place.status;
  if (status?.value !== 'temporarily_closed') return {};
  const start = status.from ? wallDay(status.from, 0) : undefined;
  // `until` is the last closed day: the place opens again the day after.
  const end = status.until ? wallDay(status.until, 1) : undefined;
  return { closure: { ...(start && { start }), ...(end && { end }) } };
}

/**
 * Open at that wall-clock moment. A period with a comment and no state ("Mo 09:00-12:00 \"sur
 * rendez-vous\"") is "unknown" for the library; for people it is an opening with a condition.
 */
export function isOpenAt(schedule: Schedule, wall: Date): boolean {
  try {
    const hours = schedule.hours;
    return hours.getState(wall) || (hours.getUnknown(wall) && Boolean(hours.getComment(wall)));
  } catch {
    return false; // parsed but not evaluable here (e.g. school holidays of an unknown area)
  }
}

/** Open intervals between two wall-clock moments, with their comment ("sur rendez-vous"). */
export function openIntervals(schedule: Schedule, from: Date, to: Date): { opens: Date; closes: Date; comment?: string }[] {
  try {
    return schedule.hours.getOpenIntervals(from, to)
      .filter(([, , unknown, comment]) => !unknown || Boolean(comment))
      .map(([opens, closes, , comment]) => ({ opens, closes, ...(comment && { comment }) }));
  } catch {
    return [];
  }
}

export const inClosure = (closure: Schedule['closure'], wall: Date) =>
  closure !== undefined && (closure.start === undefined || closure.start <= wall) && (closure.end === undefined || wall < closure.end);

const wallDay = (isoDate: string, plusDays: number) => {
  const [year, month, day] = isoDate.slice(0, 10).split('-').map(Number);
  return new Date(year!, month! - 1, day! + plusDays);
};

// ---------------------------------------------------------------------------------------------
// Areas: public holidays differ in Alsace-Moselle and overseas, which also have their own time.
// The library names them as "states" (its French holiday data); other départements get the
// national holidays.
type Area = { state: string; timeZone: string };
const AREAS: Record<string, Area> = {
  '57': { state: 'Moselle', timeZone: 'Europe/Paris' },
  '67': { state: 'Bas-Rhin', timeZone: 'Europe/Paris' },
  '68': { state: 'Haut-Rhin', timeZone: 'Europe/Paris' },
  '971': { state: 'Guadeloupe', timeZone: 'America/Guadeloupe' },
  '972': { state: 'Martinique', timeZone: 'America/Martinique' },
  '973': { state: 'Guyane', timeZone: 'America/Cayenne' },
  '974': { state: 'La Réunion', timeZone: 'Indian/Reunion' },
  '975': { state: 'Saint-Pierre-et-Miquelon', timeZone: 'America/Miquelon' },
  '976': { state: 'Mayotte', timeZone: 'Indian/Mayotte' },
  '977': { state: 'Saint-Barthélemy', timeZone: 'America/St_Barthelemy' },
  '978': { state: 'Saint-Martin', timeZone: 'America/Marigot' },
  '986': { state: 'Wallis-et-Futuna', timeZone: 'Pacific/Wallis' },
  '987': { state: 'Polynésie française', timeZone: 'Pacific/Tahiti' },
  '988': { state: 'Nouvelle-Calédonie', timeZone: 'Pacific/Noumea' },
};
const MAINLAND: Area = { state: '', timeZone: PROCESS_TIME_ZONE };

export function areaOf(adresse: SchedulePlace['adresse']): Area {
  const code = adresse?.code_insee ?? adresse?.code_postal ?? '';
  return AREAS[code.slice(0, 3)] ?? AREAS[code.slice(0, 2)] ?? MAINLAND;
}

// ---------------------------------------------------------------------------------------------
// Parsing costs about 1 ms and thousands of places share a few hundred distinct values: each
// (value, area) is parsed once.
const parses = new BoundedMemo<OpeningHours | null>();

function parsedHours(value: string, area: Area): OpeningHours | undefined {
  assertProcessTimeZone();
  return parses.get(`${area.state}\n${value}`, () => parse(value, area)) ?? undefined;
}

/**
 * A key for answers that depend only on the hours and the area, and not on a temporary closure
 * (answers about places under a closure are not memoised), or undefined.
 */
export function hoursKey(place: SchedulePlace): string | undefined {
  if (place.status?.value && place.status.value !== 'open') return undefined;
  const value = place.horaires?.trim();
  return value ? `${areaOf(place.adresse).state}\n${value}` : undefined;
}

function parse(value: string, area: Area): OpeningHours | null {
  try {
    // lat/lon only serve sunrise/sunset rules, rare here; one point per country is enough.
    const nominatim = { lat: 46.6, lon: 2.4, address: { country_code: 'fr', state: area.state } };
    return new OpeningHours(value, nominatim, { mode: 0 } as never);
  } catch {
    return null; // Imports normalise hours; a value the library refuses is shown as not communicated.
  }
}

let checkedTimeZone = false;
function assertProcessTimeZone(): void {
  if (checkedTimeZone) return;
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (zone !== PROCESS_TIME_ZONE) {
    throw new Error(`Opening hours are computed in ${PROCESS_TIME_ZONE}, but this process runs in ${zone}: start it with TZ=${PROCESS_TIME_ZONE} (bin/passerelle.js and scripts/run-tests.js do).`);
  }
  checkedTimeZone = true;
}

// ---------------------------------------------------------------------------------------------
// Wall-clock conversions for places outside the process's time zone (overseas).
const IDENTITY = { toWall: (d: Date) => d, fromWall: (d: Date) => d };
const formatters = new Map<string, Intl.DateTimeFormat>();

function zoneConversions(timeZone: string): Pick<Schedule, 'toWall' | 'fromWall'> {
  return {
    toWall: (instant) => {
      const f = fieldsIn(timeZone, instant);
      return new Date(f.year, f.month - 1, f.day, f.hour, f.minute, f.second, instant.getMilliseconds());
    },
    fromWall: (wall) => {
      const asUtc = Date.UTC(wall.getFullYear(), wall.getMonth(), wall.getDate(), wall.getHours(), wall.getMinutes(), wall.getSeconds(), wall.getMilliseconds());
      const first = asUtc - offsetOf(timeZone, asUtc);
      const second = asUtc - offsetOf(timeZone, first); // right across a change of offset
      return new Date(second);
    },
  };
}

function offsetOf(timeZone: string, instant: number): number {
  const f = fieldsIn(timeZone, new Date(instant));
  return Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second) - Math.floor(instant / 1000) * 1000;
}

function fieldsIn(timeZone: string, instant: Date) {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  const parts = Object.fromEntries(formatter.formatToParts(instant).map((p) => [p.type, Number(p.value)]));
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute!, second: parts.second! };
}
