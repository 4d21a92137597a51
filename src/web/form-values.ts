// Owns reading one value of a posted form or a query string: a field sent once is a string, a
// repeated one (checkboxes, ?t=…&t=…) an array, an absent one undefined. Pages read the first.

/** The first string sent under a field, '' when there is none. */
export function firstValue(value: unknown): string {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : '';
}
