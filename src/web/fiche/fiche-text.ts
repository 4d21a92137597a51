// Owns the words of the orientation slip that do not depend on HTML: the next opening as a
// sentence that stays true once printed or sent ("Ouvre le mardi 26 novembre à 9 h", never
// "demain"), the coming week grouped by identical hours, and the short plain text sent by SMS or
// e-mail with its sms: and mailto: links. Pure functions: the instant is always given.
import type { NextOpening } from '../../orientation/next-opening.ts';
import type { DayOpenings } from '../../orientation/week-openings.ts';
import { DAY_NAMES, clockTime, daysBetween } from '../../orientation/hours/french-time.ts';
import { frenchList } from '../format.ts';

const MONTH_NAMES = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];

/** long: "mardi 26 novembre" (the printed slip); short: "mardi 26/11" (the SMS). */
export type DateStyle = 'long' | 'short';

function dayText(wall: Date, style: DateStyle): string {
  const day = wall.getDate();
  const date = style === 'long'
    ? `${day === 1 ? '1er' : day} ${MONTH_NAMES[wall.getMonth()]}`
    : `${day}/${String(wall.getMonth() + 1).padStart(2, '0')}`;
  return `${DAY_NAMES[wall.getDay()]} ${date}`;
}

/**
 * The next opening of a place as a sentence with the date written out, so that it is still true
 * when the slip is read later. `toWall` turns an instant into the wall-clock time at the place
 * (schedule.toWall; the identity in mainland France, where the process runs).
 */
export function openingSentence(next: NextOpening, at: Date, toWall: (instant: Date) => Date, style: DateStyle = 'long'): string {
  const comment = next.comment ? ` (${next.comment})` : '';
  switch (next.state) {
    case 'open': {
      const now = toWall(at);
      if (!next.closesAt) return `Ouvert le ${dayText(now, style)}${comment}`;
      const closes = toWall(next.closesAt);
      // An opening that ends at midnight ends "the same day" for people.
      const sameDay = daysBetween(now, closes) === 0 || (daysBetween(now, closes) === 1 && closes.getHours() === 0 && closes.getMinutes() === 0);
      return sameDay
        ? `Ouvert le ${dayText(now, style)} jusqu’à ${clockTime(closes, { endOfDay: true })}${comment}`
        : `Ouvert le ${dayText(now, style)}, jusqu’au ${dayText(closes, style)} à ${clockTime(closes)}${comment}`;
    }
    case 'closed': {
      if (!next.opensAt) return 'Pas d’ouverture prévue dans les semaines à venir';
      const opens = toWall(next.opensAt);
      return `Ouvre le ${dayText(opens, style)} à ${clockTime(opens)}${comment}`;
    }
    case 'temporarily_closed': {
      if (!next.opensAt) return next.phrase.replace(/'/g, '’');
      const opens = toWall(next.opensAt);
      return `Fermé pour le moment. Ouvre le ${dayText(opens, style)} à ${clockTime(opens)}`;
    }
    case 'permanently_closed':
      return 'Fermé définitivement';
    case 'unknown':
      return 'Horaires non communiqués';
  }
}

/** "du lundi 25 novembre au dimanche 1er décembre" for the days of weekOpenings(). */
export function weekRange(days: readonly DayOpenings[]): string {
  if (days.length === 0) return '';
  return `du ${days[0]!.label} au ${days[days.length - 1]!.label}`;
}

/**
 * The coming days, grouped by identical hours, in the order they first come:
 * "Du lundi 25 au mercredi 27 : de 9 h à 12 h", "Jeudi 28 et vendredi 29 : de 14 h à 17 h",
 * "Samedi 30 et dimanche 1er : fermé". The month is given once, by weekRange().
 */
export function weekLines(days: readonly DayOpenings[]): string[] {
  const groups = new Map<string, number[]>();
  days.forEach((day, index) => {
    const group = groups.get(day.text);
    if (group) group.push(index);
    else groups.set(day.text, [index]);
  });
  return [...groups].map(([text, indexes]) => {
    const names = indexes.map((i) => shortDay(days[i]!.date));
    const consecutive = indexes.every((value, k) => k === 0 || value === indexes[k - 1]! + 1);
    const when = consecutive && indexes.length >= 3 ? `du ${names[0]} au ${names[names.length - 1]}` : frenchList(names);
    return `${capitalize(when)} : ${text}`;
  });
}

/** "lundi 25" for "2024-11-25". */
function shortDay(isoDate: string): string {
  const [year, month, day] = isoDate.split('-').map(Number) as [number, number, number];
  const wall = new Date(year, month - 1, day);
  return `${DAY_NAMES[wall.getDay()]} ${day === 1 ? '1er' : day}`;
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** One place as the plain text gives it. */
export type TextPlace = {
  name: string;
  /** Street, postcode and commune on one line: "1 place des Écrins, 38130 Échirolles". */
  address: string;
  /** As people read it: "04 76 00 00 00". */
  phone?: string;
  /** openingSentence(…, 'short'). */
  opening: string;
  /** The absolute URL of the place page. */
  url: string;
};

/** Names longer than this are cut (with "…") so that a place stays close to one SMS. */
export const NAME_MAX = 45;

/**
 * The text to send by SMS or e-mail: the need, then for each place its name, address, phone,
 * next opening and page. Kept short (about 160 characters per place besides its address on the
 * web); accents are kept: phones show them.
 */
export function slipText(places: readonly TextPlace[], needLabel?: string): string {
  const blocks = places.map((place, index) => [
    `${places.length > 1 ? `${index + 1}. ` : ''}${cut(place.name, NAME_MAX)}`,
    place.address,
    ...(place.phone ? [`Tél. ${place.phone}`] : []),
    place.opening,
    place.url,
  ].join('\n'));
  return [...(needLabel ? [`Pour : ${needLabel}`] : []), ...blocks].join('\n\n');
}

function cut(text: string, max: number): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  return clean.length <= max ? clean : `${clean.slice(0, max - 1).trimEnd()}…`;
}

/** An sms: link that opens the phone's messages with the text (the recipient is chosen there). */
export function smsUrl(text: string): string {
  return `sms:?&body=${encodeURIComponent(text)}`;
}

/** A mailto: link with a subject and the text as body (line breaks as CR LF, RFC 6068). */
export function mailtoUrl(subject: string, text: string): string {
  return `mailto:?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(text.replace(/\r?\n/g, '\r\n'))}`;
}
