// Owns the search form (GET /recherche): where, what need, free of charge. Shown on the home page
// and, filled with the person's answers, above the results. It needs no JavaScript; the script
// recherche.js only adds commune suggestions and the "Autour de moi" button.
import { html, type SafeHtml } from '../html.ts';
import { needChoices } from './need-choices.ts';

export type SearchFormValues = {
  ou?: string; besoin?: string; services?: string[]; gratuit?: boolean;
  /** Hidden fields kept from the search (a position, a chosen commune). */
  keep?: Record<string, string>;
  /** A message next to "Où ?" (nothing found, several communes). */
  ouError?: string;
  /** More criteria (results page only). */
  more?: SafeHtml;
};

export function searchForm(values: SearchFormValues = {}): SafeHtml {
  const chosen = new Set(values.services ?? []);
  const needs = needChoices().map((need, i) => html`<div class="choice">
<input type="checkbox" id="besoin-${i}" name="services" value="${need.value}"${chosen.has(need.value) && html` checked`}>
<label for="besoin-${i}">${need.pictogram} ${need.label}</label>
</div>`);
  return html`<form id="recherche" class="search" action="/recherche" method="get" aria-label="Chercher un lieu">
<div class="field${values.ouError && html` has-error`}">
<label for="ou">Où ?</label>
<span class="hint" id="ou-aide">Votre commune, votre code postal ou votre adresse. Par exemple : Échirolles ou 38130.</span>
${values.ouError && html`<p class="error" id="ou-erreur">${values.ouError}</p>`}
<input type="text" id="ou" name="ou" value="${values.ou ?? ''}" aria-describedby="${values.ouError ? 'ou-erreur ou-aide' : 'ou-aide'}"${values.ouError && html` aria-invalid="true"`} spellcheck="false">
</div>
<div class="field">
<label for="besoin">De quoi avez-vous besoin ?</label>
<span class="hint" id="besoin-aide">Écrivez avec vos mots. Par exemple : faire ma déclaration d’impôts, apprendre à utiliser un smartphone, imprimer un document.</span>
<input type="text" id="besoin" name="besoin" value="${values.besoin ?? ''}" aria-describedby="besoin-aide">
</div>
<fieldset>
<legend>Vous pouvez aussi cocher un ou plusieurs besoins</legend>
${needs}
</fieldset>
<div class="choice field">
<input type="checkbox" id="gratuit" name="gratuit" value="oui"${values.gratuit && html` checked`}>
<label for="gratuit">Seulement les lieux gratuits</label>
</div>
${values.more}
${Object.entries(values.keep ?? {}).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}
<button class="button" type="submit">Chercher</button>
</form>`;
}
