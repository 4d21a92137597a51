// Owns how values are written for people on the pages: dates in French, phone numbers, lists.
const LONG_DATE = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Paris' });

/** "2 mai 2024" from an ISO date ("2024-05-02") or timestamp; the input itself if unreadable. */
export function frenchDate(iso: string): string {
  // A bare date is a calendar day: read it at noon UTC so no time zone moves it to another day.
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(iso) ? `${iso}T12:00:00Z` : iso);
  // French writes the first day of a month as an ordinal: "1er juillet".
  return Number.isNaN(date.getTime()) ? iso : LONG_DATE.format(date).replace(/^1 /, '1er ');
}

/** The tel: URL of a phone number as written in the data ("04 76 00 00 00" → "tel:+33476000000"). */
export function telUrl(phone: string): string | undefined {
  const digits = phone.replace(/[^\d+]/g, '');
  if (/^0\d{9}$/.test(digits)) return `tel:+33${digits.slice(1)}`;
  return /^\+?\d{3,15}$/.test(digits) ? `tel:${digits}` : undefined;
}

/** A French phone number grouped by two digits ("+33476000000" → "04 76 00 00 00"). */
export function displayPhone(phone: string): string {
  const digits = phone.replace(/[^\d+]/g, '');
  const national = /^\+33\d{9}$/.test(digits) ? `0${digits.slice(3)}` : digits;
  return /^0\d{9}$/.test(national) ? national.replace(/(\d{2})(?=\d)/g, '$1 ') : phone;
}

/** A website as given by a source, made absolute ("www.exemple.fr" → "https://www.exemple.fr"). */
export function absoluteWebUrl(url: string): string {
  return /^[a-z][a-z0-9+.-]*:/i.test(url.trim()) ? url.trim() : `https://${url.trim()}`;
}

/** "a", "a et b", "a, b et c". */
export function frenchList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} et ${items[items.length - 1]}`;
}
