// Owns the friendly opening-hours editor of the place form: a week grid (two time ranges a day,
// closed on public holidays) that writes OSM opening_hours, next to the raw OSM field for what a
// grid cannot say ("Fr[1] 17:00-19:00", school holidays…). The grid is read from the stored
// value when it is a plain week; the hidden "origine" field tells which of the two the person
// changed, so a complex value is never flattened by a grid nobody touched.
import { html, type SafeHtml } from '../html.ts';
import { firstValue } from '../form-values.ts';

export const DAYS = [['Mo', 'Lundi'], ['Tu', 'Mardi'], ['We', 'Mercredi'], ['Th', 'Jeudi'], ['Fr', 'Vendredi'], ['Sa', 'Samedi'], ['Su', 'Dimanche']] as const;
type Day = (typeof DAYS)[number][0];
const DAY_CODES = DAYS.map(([d]) => d) as Day[];
const RANGES_A_DAY = 2;

export type WeekGrid = { days: Record<Day, [string, string][]>; closedOnHolidays: boolean };
export type FormFields = Record<string, string | string[] | undefined>;

const emptyGrid = (): WeekGrid => ({ days: Object.fromEntries(DAY_CODES.map((d) => [d, []])) as unknown as WeekGrid['days'], closedOnHolidays: false });
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** The grid of a plain weekly value ("Mo-Fr 09:00-12:00,14:00-17:30; Sa 09:30-12:00; PH off"), or undefined. */
export function parseWeekGrid(value: string | undefined): WeekGrid | undefined {
  const grid = emptyGrid();
  if (!value?.trim()) return grid;
  for (const rule of value.split(';').map((r) => r.trim()).filter(Boolean)) {
    if (rule === 'PH off') { grid.closedOnHolidays = true; continue; }
    const m = /^([A-Za-z,-]+) ((?:\d\d:\d\d-\d\d:\d\d,?)+)$/.exec(rule);
    if (!m) return undefined;
    const days = expandDays(m[1]!);
    const ranges = m[2]!.split(',').filter(Boolean).map((r) => r.split('-') as [string, string]);
    if (!days || ranges.length > RANGES_A_DAY) return undefined;
    for (const d of days) {
      if (grid.days[d].length > 0) return undefined; // a later rule overriding an earlier one
      grid.days[d] = ranges;
    }
  }
  return grid;
}

function expandDays(text: string): Day[] | undefined {
  const out: Day[] = [];
  for (const part of text.split(',')) {
    const [from, to] = part.split('-') as [Day, Day | undefined];
    const a = DAY_CODES.indexOf(from);
    const b = to === undefined ? a : DAY_CODES.indexOf(to);
    if (a < 0 || b < a) return undefined;
    out.push(...DAY_CODES.slice(a, b + 1));
  }
  return out;
}

/** OSM opening_hours for the grid: days with the same ranges grouped ("Mo-Fr 09:00-12:00"). */
export function composeWeekGrid(grid: WeekGrid): string {
  const rules: string[] = [];
  let i = 0;
  while (i < DAY_CODES.length) {
    const ranges = grid.days[DAY_CODES[i]!].map(([a, b]) => `${a}-${b}`).join(',');
    let j = i;
    while (j + 1 < DAY_CODES.length && grid.days[DAY_CODES[j + 1]!].map(([a, b]) => `${a}-${b}`).join(',') === ranges) j++;
    if (ranges) rules.push(`${DAY_CODES[i]}${j > i ? `${j > i + 1 ? '-' : ','}${DAY_CODES[j]}` : ''} ${ranges}`);
    i = j + 1;
  }
  if (grid.closedOnHolidays && rules.length > 0) rules.push('PH off');
  return rules.join('; ');
}

const one = (v: string | string[] | undefined) => firstValue(v).trim();

/** The grid as typed in the form; a half-filled or reversed range is an error for that day. */
export function readWeekGrid(fields: FormFields): { grid: WeekGrid; errors: string[] } {
  const grid = emptyGrid();
  const errors: string[] = [];
  for (const [day, label] of DAYS) {
    for (let r = 1; r <= RANGES_A_DAY; r++) {
      const from = one(fields[`h_${day}_${r}_de`]);
      const to = one(fields[`h_${day}_${r}_a`]);
      if (!from && !to) continue;
      if (!TIME.test(from) || !TIME.test(to)) errors.push(`${label} : indiquez l’heure d’ouverture et l’heure de fermeture (par exemple 09:00 et 12:00).`);
      else if (to <= from) errors.push(`${label} : l’heure de fermeture (${to}) doit être après l’heure d’ouverture (${from}).`);
      else grid.days[day].push([from, to]);
    }
  }
  grid.closedOnHolidays = one(fields.h_PH) === 'off';
  return { grid, errors };
}

/** Which value the person wants: the grid if she changed it, otherwise the advanced field. */
export function chosenHours(fields: FormFields): { value: string; errors: string[] } {
  const { grid, errors } = readWeekGrid(fields);
  const fromGrid = composeWeekGrid(grid);
  if (errors.length > 0) return { value: fromGrid, errors };
  return { value: fromGrid !== one(fields.horaires_grille_origine) ? fromGrid : one(fields.horaires), errors };
}

/** The form fields of a stored value. */
export function hoursFields(value: string | undefined): FormFields {
  const grid = parseWeekGrid(value);
  const fields: FormFields = { horaires: value ?? '', horaires_grille_origine: grid ? composeWeekGrid(grid) : '' };
  if (!grid) return fields;
  for (const [day] of DAYS) grid.days[day].forEach(([a, b], i) => { fields[`h_${day}_${i + 1}_de`] = a; fields[`h_${day}_${i + 1}_a`] = b; });
  if (grid.closedOnHolidays) fields.h_PH = 'off';
  return fields;
}

export function hoursEditor(fields: FormFields, error: string[] | undefined): SafeHtml {
  const complex = one(fields.horaires) !== '' && one(fields.horaires_grille_origine) === '' && !DAYS.some(([d]) => one(fields[`h_${d}_1_de`]));
  return html`<fieldset id="horaires-editeur"${error && html` class="has-error" aria-describedby="horaires-erreur"`}>
<legend>Horaires d’ouverture</legend>
${error && html`<div class="error" id="horaires-erreur">${error.map((e) => html`<p>${e}</p>`)}</div>`}
<p class="hint">Pour chaque jour, indiquez jusqu’à deux plages (par exemple le matin et l’après-midi). Laissez vide un jour de fermeture.</p>
${complex && html`<p class="notice">Les horaires actuels ne tiennent pas dans la grille (par exemple « un vendredi sur deux ») : ils sont dans le champ « Horaires au format OpenStreetMap » plus bas. Remplissez la grille seulement pour les remplacer.</p>`}
<table class="hours-grid">
<caption class="sr-only">Plages d’ouverture par jour</caption>
<thead><tr><th scope="col">Jour</th><th scope="col">Plage 1</th><th scope="col">Plage 2</th></tr></thead>
<tbody>
${DAYS.map(([day, label]) => html`<tr><th scope="row">${label}</th>${[1, 2].map((r) => html`<td>
<label for="h_${day}_${r}_de" class="sr-only">${label}, plage ${r}, de</label><input type="time" id="h_${day}_${r}_de" name="h_${day}_${r}_de" value="${one(fields[`h_${day}_${r}_de`])}">
<span aria-hidden="true">à</span>
<label for="h_${day}_${r}_a" class="sr-only">${label}, plage ${r}, à</label><input type="time" id="h_${day}_${r}_a" name="h_${day}_${r}_a" value="${one(fields[`h_${day}_${r}_a`])}">
</td>`)}</tr>`)}
</tbody>
</table>
<div class="choice"><input type="checkbox" id="h_PH" name="h_PH" value="off"${one(fields.h_PH) === 'off' && html` checked`}><label for="h_PH">Fermé les jours fériés</label></div>
<input type="hidden" name="horaires_grille_origine" value="${one(fields.horaires_grille_origine)}">
<div class="field">
<label for="horaires">Horaires au format OpenStreetMap (avancé)</label>
<span class="hint" id="horaires-aide">Pour les cas que la grille ne couvre pas, par exemple « Mo-Fr 09:00-12:00; Fr[1] 14:00-17:00; PH off ». Ce champ est utilisé si la grille n’est pas modifiée.</span>
<input type="text" id="horaires" name="horaires" value="${one(fields.horaires)}" aria-describedby="horaires-aide" autocomplete="off" spellcheck="false">
</div>
</fieldset>`;
}
