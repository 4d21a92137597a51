// Owns GET /observatoire/comparer?t=commune:38151&t=epci:200040715…: up to four territories of any
// levels side by side, one column each, every figure of the sheet in rows (a table that scrolls
// sideways on a phone, its first column staying readable). Territories are added by a plain GET
// form (level + code or name); a name several territories bear gives the choice.
import type { FastifyRequest } from 'fastify';
import { html, type SafeHtml } from '../html.ts';
import { sendPage } from '../layout.ts';
import type { PageRoute } from '../page-route.ts';
import { normalizeText } from '../../platform/text.ts';
import type { Level } from '../../observatoire/model.ts';
import type { TerritoryFigures } from '../../observatoire/figures.ts';
import { LEVEL_LABELS, LEVEL_ORDER, decilesFor, frNumber, isLevel, measures } from './measures.ts';
import { exportLinks, num, tableHtml, type Cell, type DataTable } from './tables.ts';
import { isExportFormat, sendTables } from './exports.ts';
import { exportContext, methodHtml, noticeHtml } from './method.ts';
import { figuresOrNoData, noindex, observatoirePage, param, params, territoryTitle, territoryUrl, type Ready } from './common.ts';

export const MAX_COMPARED = 4;

type Choice = { problems: string[]; territories: TerritoryFigures[]; choices: { typed: string; level: Level; matches: TerritoryFigures[] }[] };

function find(ready: Ready, level: Level, typed: string): TerritoryFigures[] {
  const byCode = ready.figures.territories[level].get(typed);
  if (byCode) return [byCode];
  const wanted = normalizeText(typed);
  return [...ready.figures.territories[level].values()].filter((t) => normalizeText(t.name) === wanted).sort((a, b) => b.population - a.population);
}

export function readCompared(ready: Ready, request: FastifyRequest): Choice {
  const problems: string[] = [];
  const wanted: [string, string][] = params(request, 't').map((t) => {
    const i = t.indexOf(':');
    return i < 0 ? ['', t] : [t.slice(0, i), t.slice(i + 1)];
  });
  // The form: level n and code (or name) c, four times; empty rows are skipped.
  const raw = (request.query as Record<string, unknown>) ?? {};
  const ns = [raw.n ?? []].flat().map(String);
  const cs = [raw.c ?? []].flat().map(String);
  cs.forEach((c, i) => {
    if (c.trim()) wanted.push([ns[i] ?? 'commune', c.trim()]);
  });
  const territories: TerritoryFigures[] = [];
  const choices: Choice['choices'] = [];
  for (const [level, typed] of wanted) {
    if (!isLevel(level)) {
      problems.push(`« ${level}:${typed} » : l’échelon doit être commune, epci, departement ou region.`);
      continue;
    }
    const found = find(ready, level, typed);
    if (found.length === 0) problems.push(`Aucune ${LEVEL_LABELS[level].one} ne s’appelle ni n’a le code « ${typed} ».`);
    else if (found.length > 1) choices.push({ typed, level, matches: found });
    else if (!territories.some((t) => t.level === found[0]!.level && t.code === found[0]!.code)) territories.push(found[0]!);
  }
  if (territories.length > MAX_COMPARED) {
    problems.push(`On compare ${MAX_COMPARED} territoires au plus : les ${territories.length - MAX_COMPARED} derniers ne sont pas affichés.`);
    territories.length = MAX_COMPARED;
  }
  return { problems, territories, choices };
}

export function compareTable(ready: Ready, territories: TerritoryFigures[]): DataTable {
  const { figures } = ready;
  const rows: Cell[][] = [
    ['Échelon', ...territories.map((t) => LEVEL_LABELS[t.level].one)],
    ['Population', ...territories.map((t) => num(t.population))],
    ['Communes', ...territories.map((t) => num(t.communes))],
    ['Lieux d’inclusion numérique', ...territories.map((t) => num(t.coverage.places))],
  ];
  for (const m of measures(figures)) {
    rows.push([
      `${m.label}${m.unit ? ` (${m.unit})` : ''}`,
      ...territories.map((t) => {
        const r = m.read(t);
        const decile = decilesFor(figures, t.level, m).get(t.code) ?? null;
        return num(r.value, { digits: m.digits, missing: r.missing, ...(r.value !== null && decile !== null && { suffix: ` (décile ${decile})` }) });
      }),
    ]);
  }
  return {
    id: 'comparaison',
    sheet: 'Comparaison',
    title: `Comparaison : ${territories.map((t) => t.name).join(', ')}`,
    note: 'Entre parenthèses, le décile parmi les territoires du même échelon (1 = le moins fragile, 10 = le plus fragile) : il ne se compare qu’entre territoires du même échelon.',
    columns: [{ header: 'Chiffre', width: 50 }, ...territories.map((t) => ({ header: territoryTitle(t), numeric: true, width: 24 }))],
    rows,
  };
}

function compareForm(territories: TerritoryFigures[]): SafeHtml {
  const rows = Array.from({ length: MAX_COMPARED }, (_, i) => territories[i]);
  return html`<form method="get" action="/observatoire/comparer" class="obs-compare-form">
<p>Choisissez jusqu’à ${MAX_COMPARED} territoires : l’échelon, puis le nom ou le code (INSEE pour une commune, SIREN pour une intercommunalité).</p>
${rows.map((t, i) => html`<fieldset class="obs-compare-row"><legend>Territoire ${i + 1}</legend>
<div class="field"><label for="n${i + 1}">Échelon</label><select id="n${i + 1}" name="n">${LEVEL_ORDER.map((l) => html`<option value="${l}"${(t?.level ?? 'commune') === l ? html` selected` : ''}>${LEVEL_LABELS[l].one}</option>`)}</select></div>
<div class="field"><label for="c${i + 1}">Nom ou code</label><input type="text" id="c${i + 1}" name="c" value="${t?.code ?? ''}" autocomplete="off"></div>
</fieldset>`)}
<button class="button" type="submit">Comparer</button>
</form>`;
}

export const comparePages: PageRoute[] = [
  {
    method: 'GET',
    url: '/observatoire/comparer',
    handler: async (db, request, reply) => {
      const ready = await figuresOrNoData(db, reply);
      if (!ready) return reply;
      const chosen = readCompared(ready, request);
      const { territories } = chosen;
      const table = territories.length > 0 ? compareTable(ready, territories) : undefined;
      const format = param(request, 'format');
      if (table && isExportFormat(format)) {
        return sendTables(reply, format, [table], `observatoire-comparaison-${territories.map((t) => t.code).join('-')}`, exportContext(ready.figures, table.title));
      }
      const canonical = `/observatoire/comparer?${territories.map((t) => `t=${t.level}:${encodeURIComponent(t.code)}`).join('&')}`;
      return sendPage(reply, observatoirePage({
        title: territories.length > 0 ? `Comparer : ${territories.map((t) => t.name).join(', ')}` : 'Comparer des territoires',
        head: noindex,
        current: 'observatoire',
        main: html`<h1>Comparer des territoires</h1>
${chosen.problems.map((p) => html`<p class="notice warning" role="status">${p}</p>`)}
${chosen.choices.map((c) => html`<div class="notice" role="status"><p>Plusieurs ${LEVEL_LABELS[c.level].many} s’appellent « ${c.typed} ». Laquelle ?</p>
<ul>${c.matches.slice(0, 10).map((m) => html`<li><a href="${`${canonical}${territories.length ? '&' : ''}t=${m.level}:${encodeURIComponent(m.code)}`.replace('?&', '?')}">${m.name}</a> (${m.code}${m.parents.departement[0] ? `, département ${m.parents.departement[0]}` : ''}, ${frNumber(m.population)} habitants)</li>`)}</ul></div>`)}
${noticeHtml(ready.figures)}
${table
    ? html`<p>${territories.map((t, i) => html`${i > 0 ? ' · ' : ''}<a href="${territoryUrl(t)}">Fiche de ${t.name}</a>`)}</p>
${tableHtml(table, { exportLinks: exportLinks(canonical, table) })}`
    : html`<p>Aucun territoire choisi pour l’instant.</p>`}
<h2>Choisir les territoires</h2>
${compareForm(territories)}
${methodHtml(ready.figures)}`,
      }));
    },
  },
];
