// Owns the orientation slip's markup: the need, each place (address, phone, next opening, the
// coming week, cost, what to bring, QR code), then, on screen only, the text to send and the
// form that records the orientation. Print rules (style.css, "Fiche d'orientation") keep it on
// one A4 page for three places.
import { html, type SafeHtml } from '../html.ts';
import { frenchDate, frenchList } from '../format.ts';
import { STRUCTURE_MAX_LENGTH } from '../../orientation/record-orientation.ts';
import { mailtoUrl, slipText, smsUrl } from './fiche-text.ts';

export type SlipPlace = {
  id: string;
  name: string;
  /** One line: street, complement, postcode and commune. */
  address: string;
  /** Street, postcode and commune only, for the text to send. */
  shortAddress: string;
  phone?: { display: string; url?: string };
  appointmentUrl?: string;
  /** openingSentence(), long and short forms. */
  opening: string;
  openingShort: string;
  /** "du lundi 25 novembre au dimanche 1er décembre" and weekLines(); empty when the hours are unknown. */
  weekRange: string;
  week: string[];
  cost: string;
  toBring: string[];
  qrCode: SafeHtml;
  /** Absolute URL of the place page (the QR code's target). */
  pageUrl: string;
};

export type Slip = {
  places: SlipPlace[];
  /** Values of the standard's services, and their plain label. */
  services: string[];
  needLabel?: string;
  /** The need in the professional's own words, as typed. */
  besoin: string;
  /** The calendar day the slip is made, "2024-11-25". */
  day: string;
};

/** `csrf`: the form's hidden CSRF field (web/csrf.ts). */
export type RecordForm = { structure: string; error?: string; recorded?: boolean; csrf: SafeHtml };

export function slipView(slip: Slip, form: RecordForm): SafeHtml {
  const text = slipText(slip.places.map((p) => ({
    name: p.name, address: p.shortAddress, ...(p.phone && { phone: p.phone.display }), opening: p.openingShort, url: p.pageUrl,
  })), slip.needLabel);
  const count = slip.places.length;
  // The same list for every place (usually: it follows the person's need) is printed once.
  const lists = slip.places.map((p) => p.toBring.join('\n'));
  const week = slip.places.find((p) => p.weekRange)?.weekRange;
  const sharedToBring = count > 1 && lists.every((l) => l === lists[0]) ? slip.places[0]!.toBring : undefined;
  return html`<div class="fiche">
<h1>Fiche d’orientation</h1>
${form.recorded && html`<p class="notice success no-print" role="status">L’orientation est enregistrée. Merci.</p>`}
${slip.needLabel && html`<p class="fiche-besoin"><strong>Besoin :</strong> ${slip.needLabel}</p>`}
${slip.besoin && html`<p class="fiche-besoin"><strong>En quelques mots :</strong> « ${slip.besoin} »</p>`}
<p class="fiche-date">Fiche faite le ${frenchDate(slip.day)}. ${count === 1 ? 'Voici un lieu qui peut vous aider.' : `Voici ${count} lieux qui peuvent vous aider.`}</p>
${week && html`<p class="fiche-date">Horaires de la semaine : ${week}.</p>`}
${sharedToBring && html`<p class="fiche-besoin"><strong>À apporter :</strong> ${frenchList(sharedToBring)}.</p>`}
${slip.places.map((place, index) => placeSection(place, index + 1, !sharedToBring))}
<p class="no-print" id="fiche-imprimer">Pour imprimer : touches Ctrl et P.</p>
<section class="no-print fiche-envoi" aria-labelledby="fiche-envoi-titre">
<h2 id="fiche-envoi-titre">Texte à envoyer par SMS ou par courriel</h2>
<label for="fiche-texte">Le texte à copier</label>
<textarea id="fiche-texte" readonly rows="${Math.min(18, text.split('\n').length + 1)}">${text}</textarea>
<ul class="fiche-liens">
<li><a href="${smsUrl(text)}">Envoyer le texte par SMS</a></li>
<li><a href="${mailtoUrl('Fiche d’orientation', text)}">Envoyer le texte par courriel</a></li>
</ul>
</section>
${recordSection(slip, form)}
</div>`;
}

function placeSection(place: SlipPlace, n: number, withToBring: boolean): SafeHtml {
  return html`<section class="fiche-lieu" aria-labelledby="fiche-lieu-${n}">
<h2 id="fiche-lieu-${n}">${n}. <a href="/lieux/${place.id}">${place.name}</a></h2>
<figure class="fiche-qr">
${place.qrCode}
<figcaption>Code à scanner : la page du lieu</figcaption>
</figure>
<p>${place.address}</p>
${place.phone && html`<p>Téléphone : ${place.phone.url ? html`<a href="${place.phone.url}">${place.phone.display}</a>` : place.phone.display}</p>`}
${place.appointmentUrl && html`<p class="no-print"><a href="${place.appointmentUrl}">Prendre rendez-vous sur internet</a></p>`}
<p class="fiche-ouverture"><strong>${place.opening}.</strong></p>
${place.week.length > 0 && html`<ul class="fiche-semaine" aria-label="Horaires ${place.weekRange}">${place.week.map((line) => html`<li>${line}</li>`)}</ul>`}
<p><strong>Prix :</strong> ${place.cost}</p>
${withToBring && html`<p><strong>À apporter :</strong> ${frenchList(place.toBring)}.</p>`}
</section>`;
}

function recordSection(slip: Slip, form: RecordForm): SafeHtml {
  if (form.recorded) return html``;
  const error = form.error;
  return html`<section class="no-print fiche-enregistrer" aria-labelledby="fiche-enregistrer-titre">
<h2 id="fiche-enregistrer-titre">Enregistrer cette orientation</h2>
<p>Pour les professionnels. Ce n’est pas obligatoire. Cela aide à savoir quels lieux sont utiles sur le territoire.</p>
${error && html`<div class="error-summary" role="alert">
<h3>L’orientation n’est pas enregistrée</h3>
<ul><li><a href="#structure">${error}</a></li></ul>
</div>`}
<form method="post" action="/fiche/enregistrer" novalidate>
${form.csrf}
${slip.places.map((p) => html`<input type="hidden" name="lieu" value="${p.id}">`)}
${slip.services.map((s) => html`<input type="hidden" name="services" value="${s}">`)}
${slip.besoin && html`<input type="hidden" name="besoin" value="${slip.besoin}">`}
<div class="field${error && ' has-error'}">
<label for="structure">Nom de votre structure (obligatoire)</label>
<span class="hint" id="structure-aide">Par exemple : Centre communal d’action sociale de Voiron. ${STRUCTURE_MAX_LENGTH} caractères au plus.</span>
${error && html`<p class="error" id="structure-erreur">${error}</p>`}
<input type="text" id="structure" name="structure" value="${form.structure}" maxlength="${STRUCTURE_MAX_LENGTH}" autocomplete="organization" aria-describedby="structure-aide${error && ' structure-erreur'}"${error && html` aria-invalid="true"`}>
</div>
<p>Nous n’enregistrons rien sur la personne : seulement la date, le besoin, le lieu et votre structure.</p>
<button class="button" type="submit">Enregistrer l’orientation</button>
</form>
</section>`;
}
