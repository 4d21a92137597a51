// Owns "is this place open, and when does it open next" at a given instant, with a short French
// phrase for people ("Ouvert maintenant, jusqu'à 17 h", "Ouvre demain à 9 h"), from the place's
// opening hours, French public holidays and its status (temporary closure, closed for good).
import { closureOf, hoursKey, inClosure, isOpenAt, scheduleOf, type Schedule, type SchedulePlace } from './hours/schedule.ts';
import { BoundedMemo } from './hours/bounded-memo.ts';
import { clockTime, dayOfMonth, whenFrom } from './hours/french-time.ts';

export type OpeningState = 'open' | 'closed' | 'temporarily_closed' | 'permanently_closed' | 'unknown';

export type NextOpening = {
  /** open: open now; closed: closed now (regular hours); unknown: no hours communicated. */
  state: OpeningState;
  openNow: boolean;
  /** When open now: when it closes (absent when it does not close within a week). */
  closesAt?: Date;
  /** When not open now: the next opening within HORIZON_DAYS, if any. */
  opensAt?: Date;
  /** The comment the hours attach to this moment ("sur rendez-vous"), if any. */
  comment?: string;
  phrase: string;
};

/** How far ahead the next opening is looked for: monthly rules ("Fr[1]") need five weeks. */
export const HORIZON_DAYS = 62;
const DAY = 86_400_000;

// Hours change on whole minutes, so the answer is the same all through the minute of `at`: a
// results page whose places share a few hours values computes each of them once (~0.2 ms each).
const answers = new BoundedMemo<NextOpening>();

/** Where the place stands at `at`. The place's status is read from `status` (LieuData). */
export function nextOpening(place: SchedulePlace, at: Date): NextOpening {
  const key = hoursKey(place);
  if (key === undefined) return compute(place, at);
  const answer = answers.get(`${key}\n${Math.floor(at.getTime() / 60_000)}`, () => compute(place, at));
  // A copy: callers may change what they get.
  return {
    ...answer,
    ...(answer.closesAt && { closesAt: new Date(answer.closesAt) }),
    ...(answer.opensAt && { opensAt: new Date(answer.opensAt) }),
  };
}

function compute(place: SchedulePlace, at: Date): NextOpening {
  if (place.status?.value === 'closed') return { state: 'permanently_closed', openNow: false, phrase: 'Fermé définitivement' };
  const schedule = scheduleOf(place);
  const closure = schedule?.closure ?? closureOf(place).closure;
  const wallNow = schedule ? schedule.toWall(at) : at;

  if (closure && inClosure(closure, wallNow)) {
    const opensAt = schedule && closure.end ? nextOpeningFrom(schedule, closure.end) : undefined;
    const phrase = closure.end
      ? `Fermé temporairement jusqu'au ${dayOfMonth(new Date(closure.end.getTime() - DAY / 2))}`
      : 'Fermé temporairement';
    return { state: 'temporarily_closed', openNow: false, ...(opensAt && { opensAt: schedule!.fromWall(opensAt) }), phrase };
  }
  if (!schedule) return { state: 'unknown', openNow: false, phrase: 'Horaires non communiqués' };

  if (isOpenAt(schedule, wallNow)) {
    const closes = closingFrom(schedule, wallNow);
    const soon = closes && closes.getTime() - wallNow.getTime() <= DAY;
    return {
      state: 'open', openNow: true, ...(closes && { closesAt: schedule.fromWall(closes) }), ...commentAt(schedule, wallNow),
      phrase: soon ? `Ouvert maintenant, jusqu'à ${clockTime(closes, { endOfDay: true })}` : 'Ouvert maintenant',
    };
  }
  const opens = nextOpeningFrom(schedule, wallNow);
  return {
    state: 'closed', openNow: false, ...(opens && { opensAt: schedule.fromWall(opens), ...commentAt(schedule, opens) }),
    phrase: opens ? `Ouvre ${whenFrom(wallNow, opens)}` : "Fermé, pas d'ouverture prévue prochainement",
  };
}

/** The comment of the opening at that moment ("sur rendez-vous"), for the page to show. */
function commentAt(schedule: Schedule, wall: Date): { comment?: string } {
  const comment = safely(() => schedule.hours.getComment(wall));
  return comment ? { comment } : {};
}

/** The first wall-clock moment at or after `from` when the place is open, outside its closure. */
function nextOpeningFrom(schedule: Schedule, from: Date): Date | undefined {
  const limit = new Date(from.getTime() + HORIZON_DAYS * DAY);
  let moment: Date | undefined = from;
  while (moment && moment < limit) {
    if (inClosure(schedule.closure, moment)) {
      moment = schedule.closure!.end;
      continue;
    }
    if (isOpenAt(schedule, moment)) return moment;
    moment = safely(() => schedule.hours.getNextChange(moment, limit));
  }
  return undefined;
}

/** When an open place closes: its next change, or the start of a closure that comes first. */
function closingFrom(schedule: Schedule, from: Date): Date | undefined {
  const limit = new Date(from.getTime() + 7 * DAY);
  const change = safely(() => schedule.hours.getNextChange(from, limit));
  const start = schedule.closure?.start;
  if (start && start > from && (!change || start < change)) return start;
  return change;
}

/** The library throws on values it parsed but cannot evaluate (e.g. school holidays unknown here). */
function safely<T>(run: () => T): T | undefined {
  try {
    return run();
  } catch {
    return undefined;
  }
}
