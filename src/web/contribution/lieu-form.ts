// Owns the place form (editing by managers and coordinators, completing a visitor's proposal):
// every field of the standard and our extensions, read into the standard's flat row and
// validated by the importer's own rules (lieux/formats/standard-row.ts), so a value the form
// accepts is one an import accepts. Where the importer only warns and drops a value (a bad phone
// number), the form refuses it: the person is there to correct it. Errors are shown next to
// their field and summarised at the top with links (RGAA).
import { html, type SafeHtml } from '../html.ts';
import {
  DISPOSITIFS, FORMATIONS_LABELS, FRAIS, ITINERANCE, KINDS, MODALITES_ACCES, MODALITES_ACCOMPAGNEMENT, PRISES_EN_CHARGE,
  PUBLICS, SERVICES, STATUSES, TYPOLOGIES, type Enumeration,
} from '../../lieux/domain/enums.ts';
import type { LieuData, Passage } from '../../lieux/domain/lieu.ts';
import { validateStandardRow, type FlatRow } from '../../lieux/formats/standard-row.ts';
import type { CommuneDirectory } from '../../territoires/commune-directory.ts';
import { firstValue } from '../form-values.ts';
import { chosenHours, hoursEditor, hoursFields, type FormFields } from './hours-editor.ts';

export type { FormFields };
export type FormErrors = Record<string, string[]>;

const TEXT_FIELDS: [name: string, label: string, hint?: string][] = [
  ['nom', 'Nom du lieu (obligatoire)'],
  ['pivot', 'SIRET ou RNA de la structure (obligatoire)', '14 chiffres pour un SIRET (par exemple 13002526500013), ou W suivi de 9 caractères pour une association.'],
  ['structure_parente', 'Structure parente', 'Par exemple le nom de la commune ou du réseau dont dépend le lieu.'],
  ['adresse', 'Adresse (numéro et voie, obligatoire)'],
  ['complement_adresse', 'Complément d’adresse', 'Bâtiment, étage…'],
  ['code_postal', 'Code postal (obligatoire)'],
  ['commune', 'Commune (obligatoire)'],
  ['code_insee', 'Code INSEE de la commune', 'Facultatif : 5 caractères, par exemple 38151.'],
  ['latitude', 'Latitude', 'En degrés décimaux, par exemple 45.1436. Laissez vide si inconnue.'],
  ['longitude', 'Longitude', 'En degrés décimaux, par exemple 5.7189.'],
  ['telephone', 'Téléphone', 'Par exemple 04 76 00 00 00 ou +33476000000.'],
];
const MULTILINE_FIELDS: [string, string, string][] = [
  ['courriels', 'Adresses e-mail', 'Une par ligne.'],
  ['site_web', 'Sites web', 'Une adresse par ligne, commençant par https://.'],
  ['autres_formations_labels', 'Autres formations ou labels', 'Un par ligne.'],
];
const URL_FIELDS: [string, string][] = [['prise_rdv', 'Lien de prise de rendez-vous'], ['fiche_acces_libre', 'Lien de la fiche Accès libre (accessibilité)']];
const ENUM_FIELDS: [string, string, Enumeration][] = [
  ['services', 'Services proposés', SERVICES],
  ['publics_specifiquement_adresses', 'Publics accueillis en particulier', PUBLICS],
  ['prise_en_charge_specifique', 'Prise en charge spécifique', PRISES_EN_CHARGE],
  ['frais_a_charge', 'Frais à la charge de la personne', FRAIS],
  ['modalites_acces', 'Modalités d’accès', MODALITES_ACCES],
  ['modalites_accompagnement', 'Modalités d’accompagnement', MODALITES_ACCOMPAGNEMENT],
  ['itinerance', 'Itinérance', ITINERANCE],
  ['typologie', 'Typologie de la structure', TYPOLOGIES],
  ['dispositif_programmes_nationaux', 'Dispositifs et programmes nationaux', DISPOSITIFS],
  ['formations_labels', 'Formations et labels', FORMATIONS_LABELS],
];
const PASSAGE_ROWS_FREE = 2;

/** The label of each field, for the error summary. */
export const FIELD_LABELS: Record<string, string> = Object.fromEntries([
  ...TEXT_FIELDS.map(([n, l]) => [n, l.replace(/ \(obligatoire\)$/, '')]), ...MULTILINE_FIELDS.map(([n, l]) => [n, l]), ...URL_FIELDS,
  ...ENUM_FIELDS.map(([n, l]) => [n, l]), ['horaires', 'Horaires'], ['presentation_resume', 'Présentation courte'],
  ['presentation_detail', 'Présentation détaillée'], ['kind', 'Type de lieu'], ['status', 'Statut'], ['status_from', 'Fermé à partir du'],
  ['status_until', 'Rouvre le'], ['itinerance_passages', 'Passages itinérants'], ['date_maj', 'Date de mise à jour'], ['id', 'Identifiant'],
]);

const one = firstValue;
const all = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const lines = (v: string | string[] | undefined) => one(v).split(/\r?\n/).map((s) => s.trim()).filter(Boolean);

/** The form's fields for a stored place. */
export function fieldsFromLieu(data: LieuData): FormFields {
  const f: FormFields = {
    nom: data.nom, pivot: data.pivot, structure_parente: data.structure_parente, adresse: data.adresse.voie,
    complement_adresse: data.adresse.complement_adresse, code_postal: data.adresse.code_postal, commune: data.adresse.commune,
    code_insee: data.adresse.code_insee, latitude: data.localisation?.latitude?.toString(), longitude: data.localisation?.longitude?.toString(),
    telephone: data.contact?.telephone, courriels: (data.contact?.courriels ?? []).join('\n'), site_web: (data.contact?.site_web ?? []).join('\n'),
    autres_formations_labels: (data.autres_formations_labels ?? []).join('\n'), prise_rdv: data.prise_rdv, fiche_acces_libre: data.fiche_acces_libre,
    presentation_resume: data.presentation?.resume, presentation_detail: data.presentation?.detail, kind: data.kind ?? 'mediation',
    status: data.status?.value ?? 'open', status_from: data.status?.from, status_until: data.status?.until,
    accepte_pass_numerique: data.accepte_pass_numerique ? 'oui' : undefined,
    typologie: data.typologies,
    ...hoursFields(data.horaires),
  };
  for (const [name] of ENUM_FIELDS) if (name !== 'typologie') f[name] = (data as Record<string, unknown>)[name] as string[] | undefined;
  (data.itinerance_passages ?? []).forEach((p, i) => {
    f[`passage_${i}_commune`] = p.commune_code;
    f[`passage_${i}_lieu`] = p.lieu;
    f[`passage_${i}_horaires`] = p.horaires;
  });
  f.passages = String((data.itinerance_passages ?? []).length);
  return f;
}

/**
 * Reads the posted form into a place, with the importer's rules. `base` gives what the form does
 * not show (the standard's id, the source name). Returns the errors by field name.
 */
export function readLieuForm(fields: FormFields, base: Pick<LieuData, 'id' | 'source'>, communes: CommuneDirectory): { data?: LieuData; errors: FormErrors } {
  const errors: FormErrors = {};
  const add = (field: string, message: string) => (errors[field] ??= []).includes(message) || errors[field]!.push(message);
  const hours = chosenHours(fields);
  hours.errors.forEach((e) => add('horaires', e));

  const row: FlatRow = { id: base.id, date_maj: new Date().toISOString().slice(0, 10), source: base.source };
  for (const [name] of TEXT_FIELDS) row[name] = one(fields[name]);
  for (const [name] of MULTILINE_FIELDS) row[name] = lines(fields[name]).join('|');
  for (const [name] of URL_FIELDS) row[name] = one(fields[name]);
  for (const [name] of ENUM_FIELDS) row[name] = all(fields[name]).join('|');
  for (const name of ['presentation_resume', 'presentation_detail', 'kind', 'status', 'status_from', 'status_until']) row[name] = one(fields[name]);
  row.horaires = hours.value;
  row.accepte_pass_numerique = one(fields.accepte_pass_numerique) === 'oui' ? 'oui' : '';
  if (one(fields.status) === 'temporarily_closed' && !one(fields.status_until) && !one(fields.status_from)) {
    add('status_from', 'Indiquez au moins la date de fermeture ou celle de réouverture.');
  }
  row.itinerance_passages = JSON.stringify(readPassages(fields, communes, add));

  const result = validateStandardRow(row, 1);
  for (const issue of result.issues) add(issue.column, issue.reason);
  if (Object.keys(errors).length > 0 || !result.data) return { errors };
  const data = result.data;
  if (row.accepte_pass_numerique === '') delete data.accepte_pass_numerique;
  return { data, errors };
}

function readPassages(fields: FormFields, communes: CommuneDirectory, add: (f: string, m: string) => void): Passage[] {
  const out: Passage[] = [];
  const count = Number(one(fields.passages)) + PASSAGE_ROWS_FREE;
  for (let i = 0; i < Math.min(count, 60); i++) {
    const commune = one(fields[`passage_${i}_commune`]).trim();
    const horaires = one(fields[`passage_${i}_horaires`]).trim();
    const lieu = one(fields[`passage_${i}_lieu`]).trim();
    if (!commune && !horaires && !lieu) continue;
    const field = `passage_${i}_commune`;
    let code = commune;
    if (!/^(\d{5}|2[AB]\d{3})$/.test(commune)) {
      const found = commune ? communes.byName(commune) : [];
      if (found.length === 1) code = found[0]!.code;
      else if (found.length > 1) { add(field, `Plusieurs communes s’appellent « ${commune} » : indiquez son code INSEE (${found.slice(0, 4).map((c) => `${c.code} dans le ${c.departement_code}`).join(', ')}…).`); continue; }
      else { add(field, commune ? `Commune « ${commune} » introuvable : vérifiez l’orthographe ou indiquez son code INSEE.` : 'Indiquez la commune de ce passage.'); continue; }
    } else if (!communes.byCode(commune)) { add(field, `Aucune commune n’a le code INSEE « ${commune} ».`); continue; }
    if (!horaires) { add(`passage_${i}_horaires`, 'Indiquez quand le service passe, par exemple « Fr[1] 17:00-19:00 » (le premier vendredi du mois).'); continue; }
    out.push({ commune_code: code, horaires, ...(lieu && { lieu }) });
  }
  return out;
}

const describedBy = (name: string, hint: boolean, error: boolean) =>
  [hint && `${name}-aide`, error && `${name}-erreur`].filter(Boolean).join(' ');

function fieldError(name: string, errors: FormErrors): SafeHtml | false {
  return !!errors[name] && html`<div class="error" id="${name}-erreur">${errors[name]!.map((e) => html`<p>${e}</p>`)}</div>`;
}

export function textInput(fields: FormFields, errors: FormErrors, name: string, label: string, hint?: string, type = 'text'): SafeHtml {
  const by = describedBy(name, !!hint, !!errors[name]);
  return html`<div class="field${errors[name] && ' has-error'}">
<label for="${name}">${label}</label>
${hint && html`<span class="hint" id="${name}-aide">${hint}</span>`}
${fieldError(name, errors)}
<input type="${type}" id="${name}" name="${name}" value="${one(fields[name])}"${by && html` aria-describedby="${by}"`}${errors[name] && html` aria-invalid="true"`}>
</div>`;
}

export function textArea(fields: FormFields, errors: FormErrors, name: string, label: string, hint?: string, rows = 3): SafeHtml {
  const by = describedBy(name, !!hint, !!errors[name]);
  return html`<div class="field${errors[name] && ' has-error'}">
<label for="${name}">${label}</label>
${hint && html`<span class="hint" id="${name}-aide">${hint}</span>`}
${fieldError(name, errors)}
<textarea id="${name}" name="${name}" rows="${rows}"${by && html` aria-describedby="${by}"`}${errors[name] && html` aria-invalid="true"`}>${one(fields[name])}</textarea>
</div>`;
}

export function checkboxes(fields: FormFields, errors: FormErrors, name: string, legend: string, enumeration: Enumeration): SafeHtml {
  const checked = new Set(all(fields[name]));
  return html`<fieldset${errors[name] && html` class="has-error" aria-describedby="${name}-erreur"`}>
<legend>${legend}</legend>
${fieldError(name, errors)}
${enumeration.values.map((value, i) => html`<div class="choice"><input type="checkbox" id="${name}-${i}" name="${name}" value="${value}"${checked.has(value) && html` checked`}><label for="${name}-${i}">${enumeration.labels[value]}</label></div>`)}
</fieldset>`;
}

function radios(fields: FormFields, name: string, legend: string, enumeration: Enumeration): SafeHtml {
  return html`<fieldset><legend>${legend}</legend>
${enumeration.values.map((value, i) => html`<div class="choice"><input type="radio" id="${name}-${i}" name="${name}" value="${value}"${one(fields[name]) === value && html` checked`}><label for="${name}-${i}">${enumeration.labels[value]}</label></div>`)}
</fieldset>`;
}

/** The error summary at the top of the form: one link per problem, to its field. */
export function errorSummary(errors: FormErrors): SafeHtml | false {
  const entries = Object.entries(errors);
  if (entries.length === 0) return false;
  const anchor = (field: string) => (field === 'horaires' ? 'horaires-editeur' : field === 'itinerance_passages' ? 'passages' : field === 'status_from' ? 'status_from' : field);
  return html`<div class="error-summary" role="alert" tabindex="-1" id="erreurs">
<h2>${entries.length > 1 ? `${entries.length} champs sont à corriger` : 'Un champ est à corriger'}</h2>
<ul>${entries.map(([field, messages]) => html`<li><a href="#${anchor(field)}">${FIELD_LABELS[field] ?? labelOfPassage(field)} : ${messages[0]!}</a></li>`)}</ul>
</div>`;
}

const labelOfPassage = (field: string) => (/^passage_(\d+)_/.exec(field) ? `Passage ${Number(/^passage_(\d+)_/.exec(field)![1]) + 1}` : field);

/** Every input of the place form, in sections; the caller writes the <form> and its buttons. */
export function lieuFormFields(fields: FormFields, errors: FormErrors): SafeHtml {
  const passageCount = Number(one(fields.passages)) || 0;
  const passageRows = Array.from({ length: passageCount + PASSAGE_ROWS_FREE }, (_, i) => i);
  return html`<h2>Identité</h2>
${TEXT_FIELDS.slice(0, 3).map(([n, l, h]) => textInput(fields, errors, n, l, h))}
${radios(fields, 'kind', 'Type de lieu', KINDS)}
<h2>Adresse</h2>
${TEXT_FIELDS.slice(3, 10).map(([n, l, h]) => textInput(fields, errors, n, l, h))}
<h2>Contact</h2>
${textInput(fields, errors, 'telephone', TEXT_FIELDS[10]![1], TEXT_FIELDS[10]![2], 'tel')}
${MULTILINE_FIELDS.slice(0, 2).map(([n, l, h]) => textArea(fields, errors, n, l, h, 2))}
${URL_FIELDS.map(([n, l]) => textInput(fields, errors, n, l, 'Commence par https://.', 'url'))}
<h2>Horaires et ouverture</h2>
${hoursEditor(fields, errors.horaires)}
${radios(fields, 'status', 'Statut', STATUSES)}
<div class="field-group">
${textInput(fields, errors, 'status_from', 'Fermé à partir du', 'Pour une fermeture temporaire ou définitive.', 'date')}
${textInput(fields, errors, 'status_until', 'Rouvre le', 'Pour une fermeture temporaire.', 'date')}
</div>
<h2>Présentation</h2>
${textArea(fields, errors, 'presentation_resume', 'Présentation courte', 'Une ou deux phrases.', 2)}
${textArea(fields, errors, 'presentation_detail', 'Présentation détaillée', undefined, 5)}
<h2>Services et publics</h2>
${ENUM_FIELDS.map(([n, l, e]) => checkboxes(fields, errors, n, l, e))}
${textArea(fields, errors, 'autres_formations_labels', MULTILINE_FIELDS[2]![1], MULTILINE_FIELDS[2]![2], 2)}
<div class="choice"><input type="checkbox" id="accepte_pass_numerique" name="accepte_pass_numerique" value="oui"${one(fields.accepte_pass_numerique) === 'oui' && html` checked`}><label for="accepte_pass_numerique">Accepte le Pass numérique</label></div>
<h2 id="passages">Passages d’un service itinérant</h2>
<p class="hint">Pour un bus ou une permanence qui passe dans plusieurs communes : une ligne par arrêt. Horaires au format OpenStreetMap, par exemple « Fr[1] 17:00-19:00 » pour le premier vendredi du mois, « We 09:00-12:00 » pour chaque mercredi.</p>
${fieldError('itinerance_passages', errors)}
<input type="hidden" name="passages" value="${passageCount}">
${passageRows.map((i) => html`<fieldset class="passage">
<legend>Passage ${i + 1}</legend>
${textInput(fields, errors, `passage_${i}_commune`, 'Commune (nom ou code INSEE)')}
${textInput(fields, errors, `passage_${i}_lieu`, 'Lieu du passage', 'Par exemple : parking de la mairie.')}
${textInput(fields, errors, `passage_${i}_horaires`, 'Horaires du passage')}
</fieldset>`)}`;
}
