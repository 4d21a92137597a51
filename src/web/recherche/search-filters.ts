// Owns the "more criteria" part of the search form on the results page: free of charge, for whom,
// adapted help, how one is helped, how to go, when it is open, itinerant services, distance.
// Plain checkboxes and selects inside a <details> (open when a criterion is set): no JavaScript.
import { html, type SafeHtml } from '../html.ts';
import { plainOptions, type PlainEnumeration } from '../../orientation/needs.ts';
import { DAY_PARTS, WEEKDAYS } from '../../orientation/open-during.ts';
import { RADII_KM, DEFAULT_RADIUS_KM, type OrientationQuery } from '../../orientation/search/search.ts';

type ListName = 'publics' | 'prise_en_charge' | 'modalites_accompagnement' | 'modalites_acces';
const GROUPS: { name: ListName; enumeration: PlainEnumeration; legend: string }[] = [
  { name: 'publics', enumeration: 'publics_specifiquement_adresses', legend: 'Pour qui ?' },
  { name: 'prise_en_charge', enumeration: 'prise_en_charge_specifique', legend: 'Une aide adaptée' },
  { name: 'modalites_accompagnement', enumeration: 'modalites_accompagnement', legend: 'Comment être aidé ?' },
  { name: 'modalites_acces', enumeration: 'modalites_acces', legend: 'Comment y aller ?' },
];

/** True when the person set one of these criteria (the section is then shown open; "free" is outside it). */
export function hasFilters(q: OrientationQuery): boolean {
  return q.itinerant || !!q.ouvert || GROUPS.some((g) => q[g.name].length > 0) || (q.rayonKm ?? DEFAULT_RADIUS_KM) !== DEFAULT_RADIUS_KM;
}

export function searchFilters(q: OrientationQuery): SafeHtml {
  const groups = GROUPS.map((group) => {
    const chosen = new Set(q[group.name]);
    return html`<fieldset>
<legend>${group.legend}</legend>
${plainOptions(group.enumeration).filter((o) => o.value !== "Ce lieu n'accueille pas de public").map((option, i) => html`<div class="choice">
<input type="checkbox" id="${group.name}-${i}" name="${group.name}" value="${option.value}"${chosen.has(option.value) && html` checked`}>
<label for="${group.name}-${i}">${option.label}</label>
</div>`)}
</fieldset>`;
  });
  const ouvert = q.ouvert;
  const day = ouvert && !('now' in ouvert) ? ouvert.day : '';
  const part = ouvert && !('now' in ouvert) ? ouvert.part ?? '' : '';
  const rayon = q.rayonKm ?? DEFAULT_RADIUS_KM;
  return html`<details class="filters"${hasFilters(q) && html` open`}>
<summary>Plus de critères</summary>
${groups}
<fieldset>
<legend>Quand ?</legend>
<div class="choice">
<input type="checkbox" id="ouvert" name="ouvert" value="maintenant"${ouvert && 'now' in ouvert && html` checked`}>
<label for="ouvert">Ouvert maintenant</label>
</div>
<div class="field">
<label for="jour">Ou ouvert le</label>
<select id="jour" name="jour">
<option value="">n’importe quel jour</option>
${Object.entries(WEEKDAYS).map(([value, label]) => html`<option value="${value}"${day === value && html` selected`}>${label}</option>`)}
</select>
</div>
<div class="field">
<label for="moment">À quel moment ?</label>
<select id="moment" name="moment">
<option value="">toute la journée</option>
${Object.entries(DAY_PARTS).map(([value, p]) => html`<option value="${value}"${part === value && html` selected`}>${p.label}</option>`)}
</select>
</div>
</fieldset>
<div class="choice field">
<input type="checkbox" id="itinerant" name="itinerant" value="oui"${q.itinerant && html` checked`}>
<label for="itinerant">Seulement les services qui se déplacent dans ma commune (bus, permanences)</label>
</div>
<div class="field">
<label for="rayon">Jusqu’à quelle distance ?</label>
<select id="rayon" name="rayon">
${RADII_KM.map((r) => html`<option value="${r}"${r === rayon && html` selected`}>${r} km</option>`)}
</select>
</div>
</details>`;
}
