// Owns the place page's content: every detail of a place in plain French, under headings, from
// what getLieu() returns (the composed record, its commune and its sources).
import type { LieuDetail } from '../../lieux/store/read-lieux.ts';
import type { LieuData } from '../../lieux/domain/lieu.ts';
import { STATUSES, type Status } from '../../lieux/domain/enums.ts';
import { plainLabel, type PlainEnumeration } from '../../orientation/needs.ts';
import { html, safeUrl, type HtmlValue, type SafeHtml } from '../html.ts';
import { absoluteWebUrl, displayPhone, frenchDate, telUrl } from '../format.ts';
import { openingHoursLines } from './opening-hours-text.ts';
import { nextOpening } from '../../orientation/next-opening.ts';

/** Names of the communes an itinerant service visits, by INSEE code. */
export type CommuneNames = (code: string) => string | undefined;

/** `at`: the moment the page is shown (for « Ouvert maintenant », « Ouvre demain à 9 h »). */
/** `editable`: the person signed in may edit the place (its manager, a coordinator of its territory). */
export function lieuView(lieu: LieuDetail, communeName: CommuneNames, at: Date, editable = false): SafeHtml {
  const data = lieu.data;
  return html`<h1>${data.nom}</h1>
<p class="meta">${plainLabel('kind', lieu.kind)}${data.structure_parente && html` · ${data.structure_parente}`}</p>
${statusNotice(data, lieu.status as Status)}
${contactSection(lieu)}
${hoursSection(data, at)}
${passagesSection(data, communeName)}
${offerSection(data)}
${presentationSection(data)}
${updateSection(lieu)}
<ul class="page-actions no-print">
<li><a href="/lieux/${lieu.id}/signaler">Signaler une erreur sur ce lieu</a></li>
<li><a href="/fiche?lieu=${lieu.id}">Préparer une fiche d’orientation avec ce lieu</a> (à imprimer ou à envoyer)</li>
${editable ? html`<li><a href="/lieux/${lieu.id}/modifier">Modifier ce lieu</a></li>
<li><a href="/lieux/${lieu.id}/historique">Historique des modifications</a></li>`
    : html`<li><a href="/lieux/${lieu.id}/gerer">Vous vous occupez de ce lieu ? Demandez à le gérer</a></li>`}
</ul>`;
}

function statusNotice(data: LieuData, status: Status): HtmlValue {
  if (status === 'open') return null;
  const { from, until } = data.status ?? {};
  const when = status !== 'temporarily_closed' ? ''
    : from && until ? ` du ${frenchDate(from)} au ${frenchDate(until)}`
    : from ? ` depuis le ${frenchDate(from)}`
    : until ? ` jusqu’au ${frenchDate(until)}` : '';
  return html`<p class="notice warning"><strong>${STATUSES.labels[status] ?? status}${when}.</strong>${status === 'closed' ? ' Ce lieu n’accueille plus de public.' : ' Appelez avant de venir.'}</p>`;
}

function contactSection(lieu: LieuDetail): SafeHtml {
  const { adresse, contact, prise_rdv, fiche_acces_libre } = lieu.data;
  const phone = contact?.telephone;
  const phoneUrl = phone ? telUrl(phone) : undefined;
  const emails = contact?.courriels ?? [];
  const sites = (contact?.site_web ?? []).map((site) => ({ site, url: safeUrl(absoluteWebUrl(site)) })).filter((s) => s.url);
  const rdv = prise_rdv ? safeUrl(absoluteWebUrl(prise_rdv)) : undefined;
  const acces = fiche_acces_libre ? safeUrl(absoluteWebUrl(fiche_acces_libre)) : undefined;
  return html`<h2>Adresse et contact</h2>
<dl class="details">
<dt>Adresse</dt>
<dd>${adresse.voie}<br>${adresse.complement_adresse && html`${adresse.complement_adresse}<br>`}${adresse.code_postal} ${lieu.commune_nom ?? adresse.commune}</dd>
${phone && html`<dt>Téléphone</dt><dd>${phoneUrl ? html`<a href="${phoneUrl}">${displayPhone(phone)}</a>` : phone}</dd>`}
${emails.length > 0 && html`<dt>Courriel</dt>${emails.map((email) => html`<dd>${safeUrl(`mailto:${email}`) ? html`<a href="${`mailto:${email}`}">${email}</a>` : email}</dd>`)}`}
${sites.length > 0 && html`<dt>Site internet</dt>${sites.map((s) => html`<dd><a href="${s.url}">${s.site}</a></dd>`)}`}
${rdv && html`<dt>Rendez-vous</dt><dd><a href="${rdv}">Prendre rendez-vous en ligne</a></dd>`}
${acces && html`<dt>Accessibilité du lieu</dt><dd><a href="${acces}">Voir l’accessibilité du bâtiment (fiche Acceslibre)</a></dd>`}
</dl>`;
}

function hoursSection(data: LieuData, at: Date): SafeHtml {
  // The next opening counts public holidays and temporary closures (src/orientation/next-opening.ts).
  const next = nextOpening(data, at);
  return html`<h2>Horaires</h2>
${next.state !== 'unknown' && html`<p class="opening${next.openNow ? ' open' : ''}">${next.phrase}${next.comment && html` (${next.comment})`}</p>`}
${data.horaires
    ? html`<ul>${openingHoursLines(data.horaires).map((line) => html`<li>${line}</li>`)}</ul>`
    : html`<p>Les horaires ne sont pas connus. Appelez avant de venir.</p>`}`;
}

function passagesSection(data: LieuData, communeName: CommuneNames): HtmlValue {
  const passages = data.itinerance_passages ?? [];
  if (passages.length === 0) return data.itinerance?.includes('Itinérant') ? html`<p>Ce service se déplace d’une commune à l’autre.</p>` : null;
  return html`<h2>Où passe ce service itinérant</h2>
<ul>${passages.map((p) => html`<li><strong>${communeName(p.commune_code) ?? p.commune_code}</strong>${p.lieu && html` (${p.lieu})`} : ${openingHoursLines(p.horaires).join(' ; ')}</li>`)}</ul>`;
}

/** Values of an enumeration in plain words (src/orientation/needs.ts); other lists as they are. */
function tagList(values: readonly string[] | undefined, enumeration?: PlainEnumeration): HtmlValue {
  return values?.length ? html`<ul class="tags">${values.map((v) => html`<li>${enumeration ? plainLabel(enumeration, v) : v}</li>`)}</ul>` : null;
}

function offerSection(data: LieuData): SafeHtml {
  const entry = (term: string, values: readonly string[] | undefined, enumeration?: PlainEnumeration) =>
    values?.length ? html`<dt>${term}</dt><dd>${tagList(values, enumeration)}</dd>` : null;
  return html`<h2>Ce que propose ce lieu</h2>
${data.services?.length ? tagList(data.services, 'services') : html`<p>Les services de ce lieu ne sont pas connus.</p>`}
<dl class="details">
${entry('Coût', data.frais_a_charge, 'frais_a_charge')}
${data.accepte_pass_numerique && html`<dt>Pass numérique</dt><dd>Ce lieu accepte le Pass numérique.</dd>`}
${entry('Pour qui', data.publics_specifiquement_adresses, 'publics_specifiquement_adresses')}
${entry('Aide adaptée', data.prise_en_charge_specifique, 'prise_en_charge_specifique')}
${entry('Comment on vous aide', data.modalites_accompagnement, 'modalites_accompagnement')}
${entry('Comment y aller', data.modalites_acces, 'modalites_acces')}
${entry('Labels et dispositifs', [...(data.dispositif_programmes_nationaux ?? []), ...(data.formations_labels ?? []), ...(data.autres_formations_labels ?? [])])}
</dl>`;
}

function presentationSection(data: LieuData): HtmlValue {
  const { resume, detail } = data.presentation ?? {};
  if (!resume && !detail) return null;
  const paragraphs = [resume, detail].filter((t): t is string => !!t).flatMap((t) => t.split(/\n\s*\n/)).map((t) => t.trim()).filter(Boolean);
  return html`<h2>Présentation</h2>
${paragraphs.map((p) => html`<p>${p}</p>`)}`;
}

function updateSection(lieu: LieuDetail): SafeHtml {
  const verified = lieu.data.verified_at;
  return html`<h2>Mise à jour</h2>
<p>${verified ? `Informations vérifiées le ${frenchDate(verified)}.` : `Informations mises à jour le ${frenchDate(lieu.data.date_maj)}.`}</p>
${lieu.sources.length > 0 && html`<p>${lieu.sources.length === 1 ? 'Source' : 'Sources'} :</p>
<ul>${lieu.sources.map((s) => html`<li>${s.source}, mise à jour du ${frenchDate(s.date_maj)}</li>`)}</ul>`}`;
}
