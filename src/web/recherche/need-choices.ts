// Owns the list of needs offered as checkboxes in the search form: the national standard's
// services, with the plain-language labels and pictograms of src/orientation/needs.ts.
import { SERVICES } from '../../lieux/domain/enums.ts';
import { pictogram, plainLabel } from '../../orientation/needs.ts';
import { raw, type SafeHtml } from '../html.ts';

export type NeedChoice = { value: string; label: string; pictogram: SafeHtml };

export function needChoices(): NeedChoice[] {
  // pictogram() returns a constant inline SVG of ours (aria-hidden), hence raw().
  return SERVICES.values.map((value) => ({ value, label: plainLabel('services', value), pictogram: raw(pictogram(value)) }));
}
