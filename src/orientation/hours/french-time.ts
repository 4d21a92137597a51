// Owns how times and days are written for people: "9 h 30", "lundi 25 novembre", "demain".
// Works on wall-clock dates (local fields = time at the place), with fixed French words rather
// than Intl so that the text does not depend on the ICU data of the machine.

export const DAY_NAMES = ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'] as const;
const MONTH_NAMES = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];

/** "9 h", "14 h 30"; an end of day at midnight reads "minuit". */
export function clockTime(wall: Date, { endOfDay = false } = {}): string {
  const hours = wall.getHours();
  const minutes = wall.getMinutes();
  if (endOfDay && hours === 0 && minutes === 0) return 'minuit';
  return minutes === 0 ? `${hours} h` : `${hours} h ${String(minutes).padStart(2, '0')}`;
}

/** "3 décembre", "1er mai". */
export function dayOfMonth(wall: Date): string {
  const day = wall.getDate();
  return `${day === 1 ? '1er' : day} ${MONTH_NAMES[wall.getMonth()]}`;
}

/** "lundi 25 novembre". */
export function dayLabel(wall: Date): string {
  return `${DAY_NAMES[wall.getDay()]} ${dayOfMonth(wall)}`;
}

/** Whole days between the calendar days of two wall-clock dates (0: same day, 1: the next…). */
export function daysBetween(from: Date, to: Date): number {
  const start = Date.UTC(from.getFullYear(), from.getMonth(), from.getDate());
  const end = Date.UTC(to.getFullYear(), to.getMonth(), to.getDate());
  return Math.round((end - start) / 86_400_000);
}

/** "aujourd'hui à 14 h", "demain à 9 h", "lundi 25 novembre à 14 h", seen from `now`. */
export function whenFrom(now: Date, wall: Date): string {
  const days = daysBetween(now, wall);
  const day = days === 0 ? "aujourd'hui" : days === 1 ? 'demain' : dayLabel(wall);
  return `${day} à ${clockTime(wall)}`;
}

/** "2024-11-25" for the calendar day of a wall-clock date. */
export function isoDay(wall: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${wall.getFullYear()}-${pad(wall.getMonth() + 1)}-${pad(wall.getDate())}`;
}
