// Owns GET /observatoire/zones-blanches?niveau=commune|epci&departement=…: the white zones ranked by
// priority (people far from digital life × distance), each with the figures that justify it, 50 a
// page; the whole list as CSV or XLSX with format=.
import { html } from '../html.ts';
import { sendPage } from '../layout.ts';
import type { PageRoute } from '../page-route.ts';
import type { WhiteZone } from '../../observatoire/figures.ts';
import { frNumber } from './measures.ts';
import { exportLinks, num, tableHtml, type DataTable } from './tables.ts';
import { isExportFormat, sendTables } from './exports.ts';
import { exportContext, methodHtml, noticeHtml } from './method.ts';
import { figuresOrNoData, observatoirePage, param, territoryUrl, withParams, type Ready } from './common.ts';
import { PAGE_SIZE } from './index-page.ts';

export function whiteZonesTable(ready: Ready, level: 'commune' | 'epci', zones: readonly WhiteZone[], scope: string): DataTable {
  const deps = ready.figures.territories.departement;
  return {
    id: 'zones-blanches',
    sheet: 'Zones blanches',
    title: `Zones blanches : ${level === 'commune' ? 'communes' : 'intercommunalités'}${scope}, par priorité`,
    note: 'Priorité : personnes éloignées du numérique (estimation) × distance au lieu le plus proche, en personnes·km.',
    columns: [
      { header: 'Rang', numeric: true, width: 8 }, { header: 'Territoire', width: 34 }, { header: 'Département', width: 22 }, { header: 'Population', numeric: true },
      { header: 'Score', numeric: true, width: 8 }, { header: 'Distance (km)', numeric: true, width: 12 }, { header: 'Lieu le plus proche', width: 36 },
      { header: 'Personnes éloignées (estimation)', numeric: true, width: 18 }, { header: 'Priorité (personnes·km)', numeric: true, width: 18 },
      { header: 'Justification', width: 100 },
    ],
    rows: zones.map((z) => [
      num(z.rank),
      { text: z.name, href: territoryUrl(z) },
      z.parents.departement.map((d) => `${deps.get(d)?.name ?? d} (${d})`).join(', '),
      num(z.population),
      num(z.score, { digits: 1 }),
      num(z.distance_km, { digits: 1, missing: 'no_place' }),
      z.nearest_place ? { text: z.nearest_place.nom, href: `/lieux/${z.nearest_place.id}` } : level === 'epci' ? '—' : 'Aucun',
      num(z.people_far_from_digital, { missing: 'missing' }),
      num(z.priority, { missing: 'missing' }),
      z.reasons.join(' '),
    ]),
  };
}

export const whiteZonePages: PageRoute[] = [
  {
    method: 'GET',
    url: '/observatoire/zones-blanches',
    handler: async (db, request, reply) => {
      const ready = await figuresOrNoData(db, reply);
      if (!ready) return reply;
      const problems: string[] = [];
      const niveau = param(request, 'niveau');
      const level = niveau === 'epci' ? 'epci' : 'commune';
      if (niveau && niveau !== 'commune' && niveau !== 'epci') problems.push(`Les zones blanches sont des communes ou des intercommunalités (epci) : « ${niveau} » est remplacé par commune.`);
      let departement: string | undefined = param(request, 'departement') || undefined;
      const dep = departement ? ready.figures.territories.departement.get(departement) : undefined;
      if (departement && !dep) {
        problems.push(`Le département « ${departement} » est inconnu : toute la France est affichée.`);
        departement = undefined;
      }
      const zones = ready.figures.white_zones[level].filter((z) => !departement || z.parents.departement.includes(departement));
      const scope = dep ? ` du département ${dep.name} (${dep.code})` : ' de France';
      const format = param(request, 'format');
      if (isExportFormat(format)) {
        const table = whiteZonesTable(ready, level, zones, scope);
        return sendTables(reply, format, [table], `observatoire-zones-blanches-${level}${departement ? `-${departement}` : ''}`, exportContext(ready.figures, table.title));
      }
      const pages = Math.max(1, Math.ceil(zones.length / PAGE_SIZE));
      const current = Math.min(pages, Math.max(1, Math.floor(Number(param(request, 'page')) || 1)));
      const table = whiteZonesTable(ready, level, zones.slice((current - 1) * PAGE_SIZE, current * PAGE_SIZE), scope);
      const departements = [...ready.figures.territories.departement.values()].sort((a, b) => (a.code < b.code ? -1 : 1));
      const link = (n: number, label: string) => html`<li><a href="${withParams(request.url, { page: String(n) })}">${label}</a></li>`;
      return sendPage(reply, observatoirePage({
        title: `Zones blanches : ${level === 'commune' ? 'communes' : 'intercommunalités'}${dep ? ` (${dep.name})` : ''}`,
        current: 'observatoire',
        main: html`<h1>Zones blanches de l’inclusion numérique</h1>
${problems.map((p) => html`<p class="notice warning" role="status">${p}</p>`)}
${noticeHtml(ready.figures)}
<p>${ready.figures.method.white_zones.text}</p>
<p>${ready.figures.method.white_zones.ranking}</p>
<form method="get" action="/observatoire/zones-blanches" class="obs-form">
<div class="field"><label for="niveau">Échelon</label><select id="niveau" name="niveau">
<option value="commune"${level === 'commune' ? html` selected` : ''}>communes</option>
<option value="epci"${level === 'epci' ? html` selected` : ''}>intercommunalités (EPCI)</option></select></div>
<div class="field"><label for="departement">Département</label><select id="departement" name="departement"><option value="">Toute la France</option>
${departements.map((d) => html`<option value="${d.code}"${d.code === departement ? html` selected` : ''}>${d.code} — ${d.name}</option>`)}</select></div>
<button class="button" type="submit">Afficher</button>
</form>
<h2 id="liste">${frNumber(zones.length)} ${level === 'commune' ? (zones.length > 1 ? 'communes' : 'commune') : zones.length > 1 ? 'intercommunalités' : 'intercommunalité'} en zone blanche${scope}</h2>
${zones.length > 0 && tableHtml(table, { exportLinks: exportLinks(request.url, table) })}
${pages > 1 && html`<nav aria-label="Pages de la liste"><ul class="pagination">
${current > 1 && link(current - 1, 'Page précédente')}<li aria-current="page">Page ${current} sur ${pages}</li>${current < pages && link(current + 1, 'Page suivante')}</ul></nav>`}
${methodHtml(ready.figures)}`,
      }));
    },
  },
];
