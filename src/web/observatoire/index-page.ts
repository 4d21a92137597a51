// Owns GET /observatoire: one measure (the score « inspiré de l'IFN » of a variant, an indicator,
// the people far from digital life, a coverage figure) for the territories of one level, chosen
// by a plain GET form. Without JavaScript: the table (sortable by links, 50 a page) and the
// method; with JavaScript, observatoire.js draws the same values as a choropleth above the table,
// from the outlines (/observatoire/carte/…) and the values of this URL with format=json. The same
// URL with format=csv|xlsx gives the whole table, format=geojson the map layer with the values.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { html, type SafeHtml } from '../html.ts';
import { sendPage } from '../layout.ts';
import { assetUrl } from '../assets.ts';
import type { PageRoute } from '../page-route.ts';
import type { Level } from '../../observatoire/model.ts';
import {
  DEFAULT_MEASURE, LEVEL_LABELS, LEVEL_ORDER, absentLabel, findMeasure, frNumber, isLevel, measureRows, measures, unitText,
  type Measure, type Row,
} from './measures.ts';
import { exportLinks, num, tableHtml, type DataTable } from './tables.ts';
import { isExportFormat, sendTables } from './exports.ts';
import { exportContext, methodHtml, noticeHtml } from './method.ts';
import { figuresOrNoData, observatoirePage, param, territoryUrl, withParams, type Ready } from './common.ts';
import { featureCollection, outlineLayer, outlinesLoaded } from './map-layers.ts';

export const PAGE_SIZE = 50;
const SORTS = ['valeur', 'nom', 'population', 'code'] as const;
type Sort = (typeof SORTS)[number];

export type IndexQuery = { level: Level; measure: Measure; departement: string | undefined; sort: Sort; order: 'asc' | 'desc'; page: number; problems: string[] };

/** The choices of the URL; a value we cannot read is reported and replaced by the default. */
export function readIndexQuery(ready: Ready, request: FastifyRequest): IndexQuery {
  const problems: string[] = [];
  const niveau = param(request, 'niveau');
  let level: Level = 'departement';
  if (isLevel(niveau)) level = niveau;
  else if (niveau) problems.push(`L’échelon « ${niveau} » n’existe pas : les départements sont affichés.`);
  const key = param(request, 'indicateur');
  let measure = findMeasure(ready.figures, key || DEFAULT_MEASURE)!;
  if (key && !findMeasure(ready.figures, key)) {
    problems.push(`L’indicateur « ${key} » n’existe pas : le score tout âge est affiché.`);
    measure = findMeasure(ready.figures, DEFAULT_MEASURE)!;
  }
  let departement: string | undefined = param(request, 'departement') || undefined;
  if (departement && !ready.figures.territories.departement.has(departement)) {
    problems.push(`Le département « ${departement} » est inconnu : toute la France est affichée.`);
    departement = undefined;
  }
  if (level === 'region' || level === 'departement') departement = undefined;
  const tri = param(request, 'tri');
  const sort: Sort = (SORTS as readonly string[]).includes(tri) ? (tri as Sort) : 'valeur';
  const ordre = param(request, 'ordre');
  // By default the most fragile first: the highest values, or the lowest when lower is more fragile.
  const defaultOrder = sort === 'valeur' ? (measure.direction === 'higher' ? 'desc' : 'asc') : sort === 'population' ? 'desc' : 'asc';
  const order = ordre === 'asc' || ordre === 'desc' ? ordre : defaultOrder;
  const page = Math.max(1, Math.floor(Number(param(request, 'page')) || 1));
  return { level, measure, departement, sort, order, page, problems };
}

const collator = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });

/** Sorted as asked; absent values always last, whatever the order. */
export function sortRows(rows: Row[], sort: Sort, order: 'asc' | 'desc'): Row[] {
  const sign = order === 'asc' ? 1 : -1;
  const byName = (a: Row, b: Row) => collator.compare(a.territory.name, b.territory.name) || (a.territory.code < b.territory.code ? -1 : 1);
  return [...rows].sort((a, b) => {
    switch (sort) {
      case 'nom': return sign * byName(a, b);
      case 'code': return sign * (a.territory.code < b.territory.code ? -1 : a.territory.code > b.territory.code ? 1 : 0);
      case 'population': return sign * (a.territory.population - b.territory.population) || byName(a, b);
      case 'valeur':
        if (a.value === null || b.value === null) return a.value === null && b.value === null ? byName(a, b) : a.value === null ? 1 : -1;
        return sign * (a.value - b.value) || byName(a, b);
    }
  });
}

export function indexTable(q: IndexQuery, rows: Row[], scope: string): DataTable {
  const m = q.measure;
  return {
    id: 'territoires',
    sheet: 'Territoires',
    title: `${m.label} — ${LEVEL_LABELS[q.level].many}${scope}`,
    note: `Décile : 1 = le dixième le moins fragile, 10 = le plus fragile, parmi les ${LEVEL_LABELS[q.level].many} de toute la France.`,
    columns: [
      { header: 'Territoire', width: 36 }, { header: 'Code', width: 12 }, { header: 'Population', numeric: true, width: 14 },
      { header: `Valeur${m.unit ? ` (${m.unit})` : ''}`, numeric: true, width: 16 }, { header: 'Décile', numeric: true, width: 10 },
      { header: 'Valeur absente : raison', width: 50 },
    ],
    rows: rows.map((r) => [
      { text: r.territory.name, href: territoryUrl(r.territory) },
      r.territory.code,
      num(r.territory.population),
      r.value === null ? 'Absente' : num(r.value, { digits: m.digits }),
      r.decile === null ? 'Sans décile' : num(r.decile),
      r.value === null ? absentLabel(r.missing) : '',
    ]),
  };
}

const ARROWS = { asc: ' (croissant)', desc: ' (décroissant)' } as const;

function sortHeader(requestUrl: string, q: IndexQuery, sort: Sort, label: string): SafeHtml {
  const current = q.sort === sort;
  const next = current ? (q.order === 'asc' ? 'desc' : 'asc') : sort === 'nom' || sort === 'code' ? 'asc' : 'desc';
  const href = withParams(requestUrl, { tri: sort, ordre: next, page: null, format: null, tableau: null });
  return html`<a href="${href}">${label}<span class="sr-only">, trier${ARROWS[next]}</span></a>${current && html`<span aria-hidden="true">${q.order === 'asc' ? ' ▲' : ' ▼'}</span>`}`;
}

function form(ready: Ready, q: IndexQuery): SafeHtml {
  const groups = new Map<string, Measure[]>();
  for (const m of measures(ready.figures)) groups.set(m.group, [...(groups.get(m.group) ?? []), m]);
  const departements = [...ready.figures.territories.departement.values()].sort((a, b) => collator.compare(a.code, b.code));
  return html`<form method="get" action="/observatoire" class="obs-form">
<div class="field"><label for="niveau">Échelon</label>
<select id="niveau" name="niveau">${LEVEL_ORDER.map((l) => html`<option value="${l}"${l === q.level ? html` selected` : ''}>${LEVEL_LABELS[l].many}</option>`)}</select></div>
<div class="field"><label for="indicateur">Indicateur</label>
<select id="indicateur" name="indicateur">${[...groups].map(([group, list]) => html`<optgroup label="${group}">${list.map((m) => html`<option value="${m.key}"${m.key === q.measure.key ? html` selected` : ''}>${m.label}</option>`)}</optgroup>`)}</select></div>
<div class="field"><label for="departement">Département <span class="hint">communes et EPCI</span></label>
<select id="departement" name="departement"><option value="">Toute la France</option>${departements.map((d) => html`<option value="${d.code}"${d.code === q.departement ? html` selected` : ''}>${d.code} — ${d.name}</option>`)}</select></div>
<button class="button" type="submit">Afficher</button>
</form>`;
}

const CLASS_LABELS = ['Déciles 1 et 2 (les moins fragiles)', 'Déciles 3 et 4', 'Déciles 5 et 6', 'Déciles 7 et 8', 'Déciles 9 et 10 (les plus fragiles)'];

function mapSection(ready: Ready, q: IndexQuery, requestUrl: string): { map: boolean; html: SafeHtml } | null {
  if (!outlinesLoaded(ready.stored, q.level)) return null;
  if (q.level === 'commune' && !q.departement) {
    return { map: false, html: html`<p class="notice obs-map-hint">Pour voir la carte des communes, choisissez un département.</p>` };
  }
  const outlines = `/observatoire/carte/${q.level}.geojson?${new URLSearchParams({ ...(q.departement && { departement: q.departement }), v: ready.stored.find((d) => d.name === (q.level === 'commune' ? 'communes-contours' : 'territoires-contours'))!.sha256.slice(0, 12) })}`;
  const values = withParams(requestUrl, { format: 'json', page: null, tri: null, ordre: null, tableau: null, v: ready.version });
  return { map: true, html: html`<section id="obs-carte" class="obs-map" aria-labelledby="obs-carte-titre" data-contours="${outlines}" data-valeurs="${values}"${q.departement ? '' : html` data-france="1"`}
 data-leaflet-js="${assetUrl('leaflet.js')}" data-leaflet-css="${assetUrl('leaflet.css')}">
<h2 id="obs-carte-titre">Carte : ${q.measure.short}, par ${LEVEL_LABELS[q.level].one}</h2>
<p class="map-status" role="status">La carte a besoin de JavaScript. Le tableau ci-dessous donne les mêmes valeurs.</p>
<div class="map-canvas"></div>
<div class="obs-legend" hidden>
<p class="obs-legend-title">Légende : couleur selon le décile de « ${q.measure.short} »</p>
<ul>${CLASS_LABELS.map((label, i) => html`<li><span class="obs-swatch obs-c${i + 1}" aria-hidden="true"></span>${label}</li>`)}
<li><span class="obs-swatch obs-c0" aria-hidden="true"></span>Valeur absente</li></ul>
<p class="meta">Contours : IGN ADMIN EXPRESS 2018 simplifié (Licence Ouverte).${q.departement ? '' : ' Les territoires d’outre-mer sont dans le tableau.'} Choisissez un territoire sur la carte pour ouvrir sa fiche, ou dans le tableau.</p>
</div>
</section>` };
}

async function exportIndex(ready: Ready, q: IndexQuery, rows: Row[], format: string, reply: FastifyReply, request: FastifyRequest, scope: string) {
  const base = `observatoire-${q.level}${q.departement ? `-${q.departement}` : ''}-${q.measure.key}`;
  if (isExportFormat(format)) {
    const table = indexTable(q, sortRows(rows, q.sort, q.order), scope);
    return sendTables(reply, format, [table], base, exportContext(ready.figures, table.title));
  }
  if (format === 'json') {
    // The values of the map: code → [value, decile, text shown].
    const values: Record<string, [number | null, number | null, string]> = {};
    for (const r of rows) {
      values[r.territory.code] = [r.value, r.decile, r.value === null ? absentLabel(r.missing) : `${frNumber(r.value, q.measure.digits)}${unitText(q.measure.unit)}`];
    }
    const etag = `"${ready.version}-${q.level}-${q.departement ?? ''}-${q.measure.key}"`;
    reply.header('etag', etag).header('cache-control', 'no-cache');
    if (request.headers['if-none-match'] === etag) return reply.code(304).send();
    return reply.type('application/json; charset=utf-8').send({ indicateur: { key: q.measure.key, label: q.measure.label, unit: q.measure.unit }, niveau: q.level, valeurs: values });
  }
  return undefined;
}

export const indexPages: PageRoute[] = [
  {
    method: 'GET',
    url: '/observatoire',
    handler: async (db, request, reply) => {
      const ready = await figuresOrNoData(db, reply);
      if (!ready) return reply;
      const q = readIndexQuery(ready, request);
      const dep = q.departement ? ready.figures.territories.departement.get(q.departement) : undefined;
      const scope = dep ? ` du département ${dep.name} (${dep.code})` : q.level === 'region' ? '' : ' de France';
      const rows = measureRows(ready.figures, q.level, q.measure, q.departement);
      const format = param(request, 'format');
      if (format === 'geojson') {
        const layer = await outlineLayer(db, ready.stored, q.level, q.departement);
        if (!layer) return reply.callNotFound();
        const byCode = new Map(rows.map((r) => [r.territory.code, r]));
        const body = featureCollection(layer, (f) => {
          const r = byCode.get(f.code);
          if (!r) return undefined;
          return {
            code: f.code, nom: r.territory.name, niveau: q.level, population: r.territory.population, indicateur: q.measure.key,
            valeur: r.value, decile: r.decile, valeur_absente: r.value === null ? absentLabel(r.missing) : null,
          };
        });
        return reply
          .type('application/geo+json; charset=utf-8')
          .header('content-disposition', `attachment; filename="observatoire-${q.level}${q.departement ? `-${q.departement}` : ''}-${q.measure.key}.geojson"`)
          .send(body);
      }
      if (format) {
        const sent = await exportIndex(ready, q, rows, format, reply, request, scope);
        if (sent) return sent;
      }
      const sorted = sortRows(rows, q.sort, q.order);
      const pages = Math.max(1, Math.ceil(sorted.length / PAGE_SIZE));
      const pageNumber = Math.min(q.page, pages);
      const shown = sorted.slice((pageNumber - 1) * PAGE_SIZE, pageNumber * PAGE_SIZE);
      const table = indexTable(q, shown, scope);
      const sortIndex = { nom: 0, code: 1, population: 2, valeur: 3 } as const;
      const headerCells = [
        sortHeader(request.url, q, 'nom', 'Territoire'), sortHeader(request.url, q, 'code', 'Code'), sortHeader(request.url, q, 'population', 'Population'),
        sortHeader(request.url, q, 'valeur', table.columns[3]!.header), 'Décile', 'Valeur absente : raison',
      ];
      const title = `Observatoire : ${q.measure.short}, par ${LEVEL_LABELS[q.level].one}${dep ? ` (${dep.name})` : ''}`;
      const map = mapSection(ready, q, request.url);
      const first = (pageNumber - 1) * PAGE_SIZE + 1;
      return sendPage(reply, observatoirePage({
        title,
        current: 'observatoire',
        description: 'Fragilité numérique des territoires (indice inspiré de l’IFN), personnes éloignées du numérique, lieux et zones blanches.',
        ...(map?.map && { script: 'observatoire.js' as const }),
        main: html`<h1>Observatoire de l’inclusion numérique</h1>
${q.problems.map((p) => html`<p class="notice warning" role="status">${p}</p>`)}
${noticeHtml(ready.figures)}
<p>Voir aussi : <a href="/observatoire/zones-blanches">les zones blanches</a> ·
<a href="/observatoire/comparer">comparer des territoires</a>.</p>
${form(ready, q)}
${map?.html}
<h2 id="tableau">${q.measure.label}</h2>
${q.measure.note && html`<p>${q.measure.note}</p>`}
<p>${rows.length === 0 ? 'Aucun territoire.' : `${frNumber(rows.length)} ${rows.length > 1 ? LEVEL_LABELS[q.level].many : LEVEL_LABELS[q.level].one}${scope} ; ${first} à ${first + shown.length - 1} ci-dessous.`}
${rows.filter((r) => r.value === null).length > 0 && ` Valeur absente pour ${frNumber(rows.filter((r) => r.value === null).length)} d’entre elles (raison dans le tableau).`}</p>
${tableHtml(table, { headerCells, sorted: { index: sortIndex[q.sort], order: q.order }, exportLinks: exportLinks(request.url, table, { geojson: outlinesLoaded(ready.stored, q.level) }) })}
${pagination(request.url, pageNumber, pages)}
${methodHtml(ready.figures)}`,
      }));
    },
  },
];

function pagination(requestUrl: string, current: number, pages: number): SafeHtml | null {
  if (pages <= 1) return null;
  const link = (n: number, label: string, rel?: string) => html`<li><a href="${withParams(requestUrl, { page: String(n), format: null, tableau: null })}#tableau"${rel ? html` rel="${rel}"` : ''}>${label}</a></li>`;
  return html`<nav aria-label="Pages du tableau"><ul class="pagination">
${current > 1 && link(1, 'Première page')}
${current > 1 && link(current - 1, 'Page précédente', 'prev')}
<li aria-current="page">Page ${current} sur ${pages}</li>
${current < pages && link(current + 1, 'Page suivante', 'next')}
${current < pages && link(pages, 'Dernière page')}
</ul></nav>`;
}
