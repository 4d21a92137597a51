// Owns the reading aloud of opening hours: an OSM opening_hours value ("Mo-Fr 09:00-12:00; PH off")
// becomes lines of plain French ("Du lundi au vendredi : de 9 h à 12 h", "Fermé les jours fériés").
// Only the common forms are translated; any other rule is shown as written, never guessed.
import { frenchList } from '../format.ts';

const DAYS: Record<string, string> = { Mo: 'lundi', Tu: 'mardi', We: 'mercredi', Th: 'jeudi', Fr: 'vendredi', Sa: 'samedi', Su: 'dimanche' };
const DAY = '(?:Mo|Tu|We|Th|Fr|Sa|Su)';
const TIME = '(?:[01]?\\d|2[0-4]):[0-5]\\d';
const DAY_ITEM = new RegExp(`^(${DAY})(?:-(${DAY})|\\[(-?[1-5])\\])?$`);
const RANGE = new RegExp(`^(${TIME})-(${TIME})$`);

export function openingHoursLines(value: string): string[] {
  return value.split(';').map((rule) => rule.trim()).filter((rule) => rule !== '').map(ruleText);
}

function ruleText(rule: string): string {
  if (/^PH off$/i.test(rule)) return 'Fermé les jours fériés';
  const match = /^(\S+)\s+(.+)$/.exec(rule);
  if (!match) return rule;
  const days = daysText(match[1]!);
  const hours = hoursText(match[2]!.trim());
  return days && hours ? `${capitalize(days)} : ${hours}` : rule;
}

function daysText(days: string): string | undefined {
  const parts: string[] = [];
  for (const item of days.split(',')) {
    const m = DAY_ITEM.exec(item);
    if (!m) return undefined;
    const [, first, last, nth] = m;
    if (last) parts.push(`du ${DAYS[first!]} au ${DAYS[last]}`);
    else if (nth) parts.push(`le ${nth === '-1' ? 'dernier' : nth === '1' ? '1er' : `${nth}e`} ${DAYS[first!]} du mois`);
    else parts.push(`le ${DAYS[first!]}`);
  }
  return frenchList(parts);
}

function hoursText(hours: string): string | undefined {
  if (hours === 'off' || hours === 'closed') return 'fermé';
  const ranges: string[] = [];
  for (const range of hours.split(',')) {
    const m = RANGE.exec(range.trim());
    if (!m) return undefined;
    ranges.push(`de ${time(m[1]!)} à ${time(m[2]!)}`);
  }
  return frenchList(ranges);
}

function time(value: string): string {
  const [h, m] = value.split(':').map(Number) as [number, number];
  return m === 0 ? `${h} h` : `${h} h ${String(m).padStart(2, '0')}`;
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
