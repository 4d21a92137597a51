// Owns how a change to a place is shown to people: one row per field, before and after, in
// words rather than JSON (lists joined, the address on one line), for the history and for the
// "someone saved before you" message.
import { html, type SafeHtml } from '../html.ts';
import { FIELD_LABELS } from './lieu-form.ts';

const LABELS: Record<string, string> = {
  ...FIELD_LABELS, adresse: 'Adresse', localisation: 'Position', contact: 'Contact', presentation: 'Présentation',
  typologies: 'Typologie', itinerance_passages: 'Passages itinérants', verified_at: 'Vérifié le', source: 'Source',
  accepte_pass_numerique: 'Accepte le Pass numérique',
};

/** A value of LieuData in words. */
export function valueText(value: unknown): string {
  if (value === null || value === undefined || value === '') return '(vide)';
  if (Array.isArray(value)) return value.map(valueText).join(' · ');
  if (typeof value === 'boolean') return value ? 'oui' : 'non';
  if (typeof value === 'object') return Object.entries(value as Record<string, unknown>).map(([k, v]) => `${k} : ${valueText(v)}`).join(' ; ');
  return String(value);
}

export function diffTable(diff: Record<string, [unknown, unknown]>, caption: string): SafeHtml {
  const rows = Object.entries(diff).filter(([field]) => field !== 'date_maj');
  if (rows.length === 0) return html`<p>Aucun champ modifié.</p>`;
  return html`<table class="diff">
<caption>${caption}</caption>
<thead><tr><th scope="col">Champ</th><th scope="col">Avant</th><th scope="col">Après</th></tr></thead>
<tbody>${rows.map(([field, [before, after]]) => html`<tr><th scope="row">${LABELS[field] ?? field}</th><td>${valueText(before)}</td><td>${valueText(after)}</td></tr>`)}</tbody>
</table>`;
}
