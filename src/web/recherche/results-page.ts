// Owns the results page GET /recherche: the search form filled with the person's answers, then
// the places found (list first; a map only with JavaScript, on ?vue=carte), or, when nothing
// matches, what to do and the nearest places that partly match. Works without JavaScript.
import type { FastifyRequest } from 'fastify';
import { now } from '../../platform/clock.ts';
import { html, type SafeHtml } from '../html.ts';
import { page, sendPage } from '../layout.ts';
import type { PageRoute } from '../page-route.ts';
import { plainLabel } from '../../orientation/needs.ts';
import { orientation, type OrientationAnswer, type OrientationQuery } from '../../orientation/search/search.ts';
import { parseOrientationQuery, type RawQuery } from '../../orientation/search/parse-query.ts';
import { label, type WhereProblem } from '../../orientation/search/where.ts';
import { searchForm } from './search-form.ts';
import { searchFilters } from './search-filters.ts';
import { resultCard } from './result-card.ts';
import { frenchList } from '../format.ts';
import { MAP_VIEW, resultsMap, viewUrl } from './results-map.ts';

export const MAX_FICHE_LIEUX = 3;

export const resultsPages: PageRoute[] = [
  {
    method: 'GET',
    url: '/recherche',
    handler: async (db, request, reply, deps) => {
      const { query, problems } = parseOrientationQuery(request.query as RawQuery, now());
      const answer = await orientation(db, query, { geocoder: deps.geocoder });
      const form = (extra: { ouError?: string } = {}) => searchForm({
        ...(query.ou !== undefined && { ou: query.ou }),
        ...(query.besoin !== undefined && { besoin: query.besoin }),
        services: query.services,
        gratuit: query.gratuit,
        keep: keptFields(query, answer),
        more: searchFilters(query),
        ...extra,
      });
      const notices = problems.length > 0 ? html`<div class="notice warning" role="alert"><p>Une partie de la recherche n’a pas été comprise et n’a pas été prise en compte :</p><ul>${problems.map((p) => html`<li>${p.message}</li>`)}</ul></div>` : null;
      if ('problem' in answer) {
        return sendPage(reply, page({
          title: answer.problem === 'ambiguous' ? 'Choisissez votre commune' : 'Où chercher ?',
          head: html`<meta name="robots" content="noindex">`,
          current: 'recherche',
          script: 'recherche.js',
          main: html`<h1>${answer.problem === 'ambiguous' ? 'Choisissez votre commune' : 'Où chercher ?'}</h1>
${notices}
${answer.problem === 'ambiguous' ? choices(answer, request) : html`<p class="notice warning" role="alert">${answer.message}</p>`}
${form({ ouError: answer.message })}`,
        }), answer.problem === 'ambiguous' || answer.problem === 'missing' ? 200 : 404);
      }
      const map = (request.query as RawQuery).vue === MAP_VIEW && answer.total > 0;
      const title = answer.total > 0
        ? `${answer.total} ${answer.total > 1 ? 'lieux trouvés' : 'lieu trouvé'} ${whereText(answer)}`
        : `Aucun lieu trouvé ${whereText(answer)}`;
      return sendPage(reply, page({
        title,
        head: html`<meta name="robots" content="noindex">`,
        current: 'recherche',
        script: map ? ['recherche.js', 'carte.js'] : 'recherche.js',
        main: html`<h1>${title}</h1>
${notices}
${understood(answer, query)}
${answer.total > 0 && html`<p class="view-switch">${map ? html`<a href="${viewUrl(request.url, false)}">Voir la liste seule</a>` : html`<a href="${viewUrl(request.url, true)}">Voir les lieux sur une carte</a>`}</p>`}
${map && resultsMap(answer, deps.tiles)}
${answer.total > 0 ? resultsList(answer) : emptyResults(answer)}
<h2 id="modifier">Modifier la recherche</h2>
${form()}`,
      }));
    },
  },
];

function whereText(answer: OrientationAnswer): string {
  return answer.where.from === 'position' ? 'autour de vous' : `près de ${answer.where.label}`;
}

/** Hidden fields that keep where the search is (a chosen commune, a position). */
function keptFields(query: OrientationQuery, answer: OrientationAnswer | WhereProblem): Record<string, string> {
  if ('problem' in answer) return {};
  if (answer.where.from === 'position' && query.lat !== undefined && query.lon !== undefined) return { lat: String(query.lat), lon: String(query.lon) };
  if (query.commune) return { commune: query.commune };
  return {};
}

function understood(answer: OrientationAnswer, query: OrientationQuery): SafeHtml {
  const fromText = answer.needs.fromText.services.map((m) => plainLabel('services', m.value)).concat(answer.needs.fromText.kinds.map((m) => plainLabel('kind', m.value)));
  const needs = answer.needs.services.map((s) => plainLabel('services', s)).concat(answer.needs.kinds.map((k) => plainLabel('kind', k)));
  return html`${answer.textNotUnderstood && html`<p class="notice warning">Nous n’avons pas compris « ${query.besoin ?? ''} ». Choisissez un besoin dans la liste plus bas, ou écrivez-le autrement.</p>`}
${fromText.length > 0 && html`<p class="notice">Nous avons compris que vous cherchez : <strong>${frenchList(fromText)}</strong>.</p>`}
<p>${needs.length > 0 ? html`Votre besoin : ${frenchList(needs)}. ` : 'Tous les lieux. '}Distance : ${answer.where.point ? `jusqu’à ${answer.rayonKm} km` : 'dans la commune'}.
<a href="#modifier">Modifier la recherche</a></p>`;
}

function resultsList(answer: OrientationAnswer): SafeHtml {
  const shown = answer.results.length;
  return html`<form action="/fiche" method="get" class="results-form">
${answer.needs.services.map((s) => html`<input type="hidden" name="services" value="${s}">`)}
<p class="hint">Vous êtes un professionnel ? Cochez jusqu’à ${MAX_FICHE_LIEUX} lieux pour préparer une fiche à imprimer ou à envoyer.</p>
<ol class="results">
${answer.results.map((r, i) => html`<li>${resultCard(r, { index: String(i + 1), selectable: true })}</li>`)}
</ol>
${answer.total > shown && html`<p>Les ${shown} lieux les plus proches sont affichés sur ${answer.total}. Réduisez la distance ou ajoutez des critères pour voir les autres.</p>`}
<button class="button" type="submit">Préparer la fiche d’orientation</button>
</form>`;
}

function emptyResults(answer: OrientationAnswer): SafeHtml {
  const fallback = answer.fallback ?? { nearest: [], itinerant: [] };
  return html`<div class="notice warning">
<p><strong>Aucun lieu ne correspond à tous vos critères ${answer.where.point ? `à moins de ${answer.rayonKm} km` : 'dans cette commune'}.</strong></p>
<p>Vous pouvez chercher plus loin, enlever un critère, ou appeler un des lieux ci-dessous : ils pourront peut-être vous aider ou vous orienter.</p>
</div>
${fallback.itinerant.length > 0 && html`<h2>Les services qui se déplacent dans votre commune</h2>
<ol class="results">${fallback.itinerant.map((r, i) => html`<li>${resultCard(r, { index: `i${i + 1}`, selectable: false })}</li>`)}</ol>`}
${fallback.nearest.length > 0 ? html`<h2>Les lieux les plus proches qui répondent à une partie de vos critères</h2>
<ol class="results">${fallback.nearest.map((r, i) => html`<li>${resultCard(r, { index: `p${i + 1}`, selectable: false })}</li>`)}</ol>`
    : html`<p>Nous ne connaissons pas encore de lieu dans ce secteur.</p>`}`;
}

function choices(problem: WhereProblem, request: FastifyRequest): SafeHtml {
  const base = new URL(request.url, 'http://localhost');
  return html`<p>${problem.message}</p>
<ul class="choices">${(problem.choices ?? []).map((c) => {
    const url = new URL(base);
    url.searchParams.set('ou', label(c));
    url.searchParams.set('commune', c.code);
    return html`<li><a href="${`${url.pathname}?${url.searchParams.toString()}`}">${c.nom}</a> (${c.codes_postaux.join(', ')}, département ${c.departement_code})</li>`;
  })}</ul>`;
}
