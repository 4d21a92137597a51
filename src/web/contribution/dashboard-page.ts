// Owns the coordinators' dashboard pages (issue 4): /tableau-de-bord lists the places of the
// signed-in coordinator's territories (every place for an administrator) that are to verify,
// without a manager or reported by visitors, filtered by plain GET parameters (categorie,
// territoire, page: no JavaScript needed); /tableau-de-bord/export.csv writes the same list for a
// spreadsheet, read and sent page by page. Structure managers are refused; the territory rule is
// the query's (contribution/dashboard.ts), checked on the server for the page and the export.
import { PassThrough } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import type { Db } from '../../platform/db.ts';
import { html, type SafeHtml } from '../html.ts';
import { firstValue } from '../form-values.ts';
import { page, sendPage } from '../layout.ts';
import type { PageRoute } from '../page-route.ts';
import { frenchDate } from '../format.ts';
import { publicBase } from '../public-url.ts';
import { requireCoordinator } from '../comptes/session-cookie.ts';
import { forbiddenPage as accessRefused, noindex } from '../access.ts';
import { REPORT_KINDS } from '../signalement/report-kinds.ts';
import { write } from '../../lieux/export/sink.ts';
import { csvCell } from '../../lieux/import/report.ts';
import { now } from '../../platform/clock.ts';
import type { User } from '../../comptes/users.ts';
import {
  DASHBOARD_CATEGORIES, dashboardPage, dashboardRows, findTerritory, isDashboardCategory, mayFilterBy, territoryChoices,
  type DashboardFilter, type DashboardPage, type DashboardRow, type NamedTerritory,
} from '../../contribution/dashboard.ts';

export const DASHBOARD_URL = '/tableau-de-bord';
const DASHBOARD_REFUSAL = 'Le tableau de bord est réservé aux coordinateurs de territoire et aux administrateurs.';
export const DASHBOARD_EXPORT_URL = '/tableau-de-bord/export.csv';


const LEVEL_WORDS = { commune: 'commune', epci: 'intercommunalité', departement: 'département', region: 'région' } as const;
const territoryLabel = (t: NamedTerritory) => `${t.nom} (${LEVEL_WORDS[t.level]} ${t.code})`;
const territoryValue = (t: { level: string; code: string }) => `${t.level}:${t.code}`;
const plural = (n: number, one: string, many: string) => `${n.toLocaleString('fr-FR')} ${n > 1 ? many : one}`;
const reportKind = (kind: string | null) => (kind && Object.hasOwn(REPORT_KINDS, kind) ? REPORT_KINDS[kind as keyof typeof REPORT_KINDS] : kind ?? '');

/** The first value of a query parameter (a repeated one gives an array). */
function param(request: FastifyRequest, name: string): string {
  return firstValue((request.query as Record<string, unknown> | undefined)?.[name]).trim();
}

type ReadFilter =
  | { ok: true; filter: DashboardFilter; territory?: NamedTerritory; page: number; problems: string[] }
  | { ok: false; forbidden: string };

/** The filter of the URL; a value we cannot read is reported (and not applied), a territory not hers is refused. */
async function readFilter(db: Db, user: User, request: FastifyRequest): Promise<ReadFilter> {
  const problems: string[] = [];
  const categorie = param(request, 'categorie');
  let category: DashboardFilter['category'];
  if (isDashboardCategory(categorie)) category = categorie;
  else if (categorie !== '') problems.push(`La catégorie « ${categorie} » n’existe pas`);
  const territoire = param(request, 'territoire');
  let territory: NamedTerritory | undefined;
  if (territoire !== '') {
    territory = await findTerritory(db, territoire);
    if (!territory) problems.push(`Le territoire « ${territoire} » est inconnu`);
    else if (!mayFilterBy(user, territory)) return { ok: false, forbidden: `${territoryLabel(territory)} ne fait pas partie de vos territoires.` };
  }
  const pageNumber = /^\d{1,6}$/.test(param(request, 'page')) ? Number(param(request, 'page')) : 1;
  return { ok: true, filter: { category, territory }, ...(territory && { territory }), page: pageNumber, problems };
}

function forbiddenPage(message: string, backToDashboard = true): SafeHtml {
  return accessRefused(message, html`<p>${backToDashboard && html`<a href="${DASHBOARD_URL}">Tableau de bord</a> · `}<a href="/compte">Mon compte</a></p>`);
}

/** A dashboard URL keeping the filter (and a page number when given). */
function dashboardHref(base: string, filter: DashboardFilter, pageNumber?: number): string {
  const query = new URLSearchParams();
  if (filter.category) query.set('categorie', filter.category);
  if (filter.territory) query.set('territoire', territoryValue(filter.territory));
  if (pageNumber && pageNumber > 1) query.set('page', String(pageNumber));
  const search = query.toString();
  return search ? `${base}?${search}` : base;
}

export const dashboardPages: PageRoute[] = [
  {
    method: 'GET', url: DASHBOARD_URL,
    handler: async (db, request, reply) => {
      const session = await requireCoordinator(db, request, reply, DASHBOARD_REFUSAL);
      if (!session) return reply;
      const read = await readFilter(db, session.user, request);
      if (!read.ok) return sendPage(reply, forbiddenPage(read.forbidden), 403);
      const [result, choices] = await Promise.all([
        dashboardPage(db, session.user, read.filter, read.page),
        territoryChoices(db, session.user),
      ]);
      return sendPage(reply, dashboardView(session.user, read.filter, read.problems, result, choices, read.territory));
    },
  },
  {
    method: 'GET', url: DASHBOARD_EXPORT_URL,
    handler: async (db, request, reply) => {
      const session = await requireCoordinator(db, request, reply, DASHBOARD_REFUSAL);
      if (!session) return reply;
      const read = await readFilter(db, session.user, request);
      if (!read.ok) return sendPage(reply, forbiddenPage(read.forbidden), 403);
      // An export says exactly what it holds: a filter we cannot read is not dropped silently.
      if (read.problems.length > 0) {
        return sendPage(reply, page({
          title: 'Export impossible',
          head: noindex,
          main: html`<h1>Export impossible</h1>${read.problems.map((p) => html`<p>${p}.</p>`)}<p><a href="${DASHBOARD_URL}">Revenir au tableau de bord</a></p>`,
        }), 400);
      }
      const body = new PassThrough();
      // Rows go out as they are read; a failure midway cuts the response, which the client sees.
      writeCsv(dashboardRows(db, session.user, read.filter), body, publicBase(request)).then(() => body.end(), (error: Error) => body.destroy(error));
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="tableau-de-bord-${parisDay(now())}.csv"`)
        .header('cache-control', 'private, no-store')
        .send(body);
    },
  },
];

export const CSV_COLUMNS = ['id', 'nom', 'commune', 'code_insee', 'departement', 'a_verifier', 'derniere_verification', 'sans_responsable', 'signalements_en_attente', 'url'] as const;

/** UTF-8 with a BOM, `;` separated, CRLF: what French spreadsheets open as is; text cells guarded against formulas. */
async function writeCsv(rows: AsyncIterable<DashboardRow>, out: PassThrough, base: string): Promise<void> {
  const line = (cells: unknown[]) => `${cells.map(csvCell).join(';')}\r\n`;
  await write(out, `\uFEFF${line([...CSV_COLUMNS])}`);
  let chunk = '';
  for await (const r of rows) {
    chunk += line([
      r.id, r.nom, r.commune, r.commune_code, r.departement_code, r.stale ? 'oui' : 'non', r.last_confirmed,
      r.unclaimed ? 'oui' : 'non', r.pending_reports, `${base}/lieux/${r.id}`,
    ]);
    if (chunk.length > 64_000) {
      await write(out, chunk);
      chunk = '';
    }
  }
  if (chunk) await write(out, chunk);
}

const PARIS_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' });
const parisDay = (at: Date) => PARIS_DAY.format(at);

function dashboardView(user: User, filter: DashboardFilter, problems: string[], result: DashboardPage, choices: NamedTerritory[], territory: NamedTerritory | undefined): SafeHtml {
  const { counts } = result;
  const listTitle = filter.category ? DASHBOARD_CATEGORIES[filter.category].title : 'Tous les lieux à suivre';
  const scope = territory ? territoryLabel(territory) : user.role === 'admin' ? 'tous les territoires' : 'tous vos territoires';
  const selectedTerritory = filter.territory ? territoryValue(filter.territory) : '';
  const first = (result.page - 1) * result.pageSize + 1;
  const last = first + result.rows.length - 1;
  const explanation = {
    'a-verifier': `Leur structure ne les a pas confirmés depuis ${result.months} mois ou plus.`,
    'sans-responsable': 'Personne ne les gère encore dans Passerelle.',
    signales: 'Des visiteurs y ont signalé une erreur qui n’est pas encore traitée.',
  } as const;
  return page({
    title: 'Tableau de bord',
    head: noindex,
    main: html`<h1>Tableau de bord de ${user.role === 'admin' ? 'tous les territoires' : 'mes territoires'}</h1>
${problems.map((p) => html`<p class="notice warning" role="status">${p} : ce filtre n’est pas appliqué.</p>`)}
${user.role === 'coordinator' && html`<p>Vos territoires : ${choices.filter((c) => user.territories.some((t) => t.level === c.level && t.code === c.code)).map(territoryLabel).join(', ') || 'aucun'}.</p>`}
<form method="get" action="${DASHBOARD_URL}" class="filters">
<h2 id="filtrer">Filtrer</h2>
<div class="dashboard-filters">
<div class="field">
<label for="categorie">Catégorie</label>
<select id="categorie" name="categorie">
<option value="">Tous les lieux à suivre</option>
${Object.entries(DASHBOARD_CATEGORIES).map(([value, c]) => html`<option value="${value}"${filter.category === value ? html` selected` : ''}>${c.title}</option>`)}
</select>
</div>
<div class="field">
<label for="territoire">Territoire</label>
<select id="territoire" name="territoire">
<option value="">${user.role === 'admin' ? 'Tous les territoires' : 'Tous mes territoires'}</option>
${territory && !choices.some((c) => territoryValue(c) === selectedTerritory) && html`<option value="${selectedTerritory}" selected>${territoryLabel(territory)}</option>`}
${choices.map((c) => html`<option value="${territoryValue(c)}"${territoryValue(c) === selectedTerritory ? html` selected` : ''}>${territoryLabel(c)}</option>`)}
</select>
</div>
<div class="field"><button class="button" type="submit">Afficher</button></div>
</div>
</form>
<ul class="dashboard-summary" aria-label="En résumé, pour ${scope}">
${(Object.keys(DASHBOARD_CATEGORIES) as (keyof typeof DASHBOARD_CATEGORIES)[]).map((key) => html`<li>
<h2>${DASHBOARD_CATEGORIES[key].title}</h2>
<p class="count">${counts[key].toLocaleString('fr-FR')}</p>
<p>${explanation[key]}</p>
${counts[key] > 0 && filter.category !== key && html`<p><a href="${dashboardHref(DASHBOARD_URL, { ...filter, category: key })}">${counts[key] === 1 ? `Voir le ${DASHBOARD_CATEGORIES[key].one}` : `Voir les ${plural(counts[key], '', DASHBOARD_CATEGORIES[key].many)}`}</a></p>`}
</li>`)}
</ul>
<h2 id="liste">${listTitle} (${result.matching.toLocaleString('fr-FR')})</h2>
<p><a href="${dashboardHref(DASHBOARD_EXPORT_URL, filter)}" download>Télécharger cette liste (CSV pour tableur, ${plural(result.matching, 'lieu', 'lieux')})</a></p>
${result.rows.length === 0 ? html`<p>Aucun lieu dans cette liste pour ${scope}.</p>` : html`<div class="dashboard-table" role="region" aria-labelledby="liste" tabindex="0">
<table>
<caption>${listTitle}, ${scope} : lieux ${first.toLocaleString('fr-FR')} à ${last.toLocaleString('fr-FR')} sur ${result.matching.toLocaleString('fr-FR')}</caption>
<thead><tr><th scope="col">Lieu</th><th scope="col">Commune</th><th scope="col">Dernière vérification</th><th scope="col">Responsable</th><th scope="col">Signalements en attente</th><th scope="col">Action</th></tr></thead>
<tbody>
${result.rows.map((r) => html`<tr>
<th scope="row"><a href="/lieux/${r.id}">${r.nom}</a></th>
<td>${r.commune ?? 'Commune inconnue'}</td>
<td>${r.last_confirmed ? frenchDate(r.last_confirmed) : 'Jamais'}${r.stale && html`<br><strong>À vérifier</strong>`}</td>
<td>${r.unclaimed ? html`<strong>Aucun</strong>` : 'Oui'}</td>
<td>${r.pending_reports > 0 ? html`<strong>${r.pending_reports}</strong> (dernier : ${reportKind(r.latest_report_kind)})` : '0'}</td>
<td><a href="/lieux/${r.id}/modifier">Modifier<span class="sr-only"> ${r.nom}</span></a></td>
</tr>`)}
</tbody>
</table>
</div>`}
${result.pageCount > 1 && html`<nav aria-label="Pages de la liste"><ul class="pagination">
${result.page > 1 && html`<li><a href="${dashboardHref(DASHBOARD_URL, filter, result.page - 1)}#liste" rel="prev">Page précédente</a></li>`}
<li>Page ${result.page} sur ${result.pageCount}</li>
${result.page < result.pageCount && html`<li><a href="${dashboardHref(DASHBOARD_URL, filter, result.page + 1)}#liste" rel="next">Page suivante</a></li>`}
</ul></nav>`}`,
  });
}
