// Owns one result of the orientation search as a card: name (link to the place page), distance,
// next opening, what it offers for this need, cost, how to go, and why it was chosen (or what it
// lacks, for places proposed when nothing matches), with a box to add it to the orientation slip.
import { html, safeUrl, type HtmlValue, type SafeHtml } from '../html.ts';
import { absoluteWebUrl, displayPhone, telUrl } from '../format.ts';
import { plainLabel } from '../../orientation/needs.ts';
import type { OrientationResult } from '../../orientation/search/search.ts';

/** "à 350 m", "à 1,2 km", "à 12 km". */
export function distanceText(meters: number): string {
  if (meters < 1000) return `à ${Math.max(10, Math.round(meters / 10) * 10)} m`;
  const km = meters / 1000;
  return `à ${km < 10 ? km.toFixed(1).replace('.', ',') : Math.round(km)} km`;
}

/** What the place offers for the need is the first reason of `why` (criteria.ts). */
export function resultCard(r: OrientationResult, options: { index: string; selectable: boolean }): SafeHtml {
  const { lieu } = r;
  const data = lieu.data;
  const phone = data.contact?.telephone;
  const phoneUrl = phone ? telUrl(phone) : undefined;
  const rdv = data.prise_rdv ? safeUrl(absoluteWebUrl(data.prise_rdv)) : undefined;
  const openClass = r.nextOpening.openNow ? 'open' : r.nextOpening.state === 'temporarily_closed' ? 'closed' : '';
  const titleId = `lieu-${options.index}`;
  return html`<article class="result" aria-labelledby="${titleId}">
<h3 id="${titleId}"><a href="/lieux/${lieu.id}">${data.nom}</a></h3>
<p class="meta">${r.distance !== undefined && html`<span>${distanceText(r.distance)}</span> · `}${lieu.commune_nom ?? data.adresse.commune}${r.visits && html` · <strong>passe dans votre commune</strong>`}</p>
<p class="opening ${openClass}">${r.nextOpening.phrase}${r.nextOpening.comment && html` (${r.nextOpening.comment})`}</p>
<dl class="details compact">
<dt>Coût</dt><dd>${lieu.frais_a_charge.length > 0 ? lieu.frais_a_charge.map((f) => plainLabel('frais_a_charge', f)).join(', ') : 'Non communiqué'}</dd>
<dt>Adresse</dt><dd>${data.adresse.voie}, ${data.adresse.code_postal} ${lieu.commune_nom ?? data.adresse.commune}</dd>
${phone && html`<dt>Téléphone</dt><dd>${phoneUrl ? html`<a href="${phoneUrl}">${displayPhone(phone)}</a>` : phone}</dd>`}
${rdv && html`<dt>Rendez-vous</dt><dd><a href="${rdv}">Prendre rendez-vous en ligne<span class="sr-only"> : ${data.nom}</span></a></dd>`}
</dl>
${reasons(r)}
${options.selectable && html`<div class="choice select-fiche">
<input type="checkbox" id="fiche-${options.index}" name="lieu" value="${lieu.id}">
<label for="fiche-${options.index}">Ajouter à la fiche d’orientation</label>
</div>`}
</article>`;
}

function reasons(r: OrientationResult): HtmlValue {
  return html`${r.why.length > 0 && html`<p class="why-title">Pourquoi ce lieu :</p><ul class="why">${r.why.map((w) => html`<li>${w}</li>`)}</ul>`}
${r.missing.length > 0 && html`<p class="why-title">Ce qui ne correspond pas :</p><ul class="missing">${r.missing.map((m) => html`<li>${m}</li>`)}</ul>`}`;
}
