// Owns the territory sheet GET /observatoire/{niveau}/{code} (« fiche territoire ») of a commune,
// an EPCI, a département or a région, printable on one A4 page: the population by age (an SVG
// chart and the same figures in a table), the score « inspiré de l'IFN » of each variant and its
// components (value, decile, absent values named), the people far from digital life by age band
// with the caveat, the places and services present with the nearest place of each kind, the white
// zones inside it, and the datasets the figures come from. Each table exports as CSV
// (?format=csv&tableau=…); the whole sheet as one XLSX workbook (?format=xlsx).
import type { FastifyRequest } from 'fastify';
import { html, type SafeHtml } from '../html.ts';
import { sendPage } from '../layout.ts';
import type { PageRoute } from '../page-route.ts';
import { frenchDate } from '../format.ts';
import { INDICATOR_BY_KEY } from '../../observatoire/indicators/catalogue.ts';
import { COVERAGE_TARGETS } from '../../observatoire/coverage.ts';
import type { TerritoryFigures, WhiteZone } from '../../observatoire/figures.ts';
import { SERVICE_NEEDS } from '../../orientation/needs.ts';
import type { Service } from '@gouvfr-anct/lieux-de-mediation-numerique';
import { LEVEL_LABELS, absentLabel, decilesFor, findMeasure, frNumber, isLevel } from './measures.ts';
import { exportLinks, num, tableHtml, type DataTable } from './tables.ts';
import { isExportFormat, sendTables } from './exports.ts';
import { exportContext } from './method.ts';
import { figuresOrNoData, noindex, observatoirePage, param, territoryTitle, territoryUrl, type Ready } from './common.ts';
import { barChart } from './svg-charts.ts';


/** The age bands of the population: under 15 (population − the bands counted from 15), then the bands of the estimate. */
export function ageProfile(t: TerritoryFigures): { label: string; population: number; share: number }[] | null {
  const far = t.far_from_digital;
  if (far.population_15plus === null || far.bands.length === 0 || t.population <= 0) return null;
  const bands = [{ label: 'Moins de 15 ans', population: Math.max(0, t.population - far.population_15plus) }, ...far.bands.map((b) => ({ label: b.label, population: b.population }))];
  return bands.map((b) => ({ ...b, share: (100 * b.population) / t.population }));
}

/** The white zones of the figures lying in this territory (itself included, for an EPCI or a commune). */
export function whiteZonesIn(ready: Ready, t: TerritoryFigures): WhiteZone[] {
  const inside = (z: WhiteZone) => {
    if (z.level === t.level && z.code === t.code) return true;
    if (t.level === 'commune') return false;
    if (t.level === 'epci') return z.level === 'commune' && z.parents.epci.includes(t.code);
    return (t.level === 'departement' ? z.parents.departement : z.parents.region).includes(t.code);
  };
  return [...ready.figures.white_zones.epci.filter(inside), ...ready.figures.white_zones.commune.filter(inside)];
}


export function territoryTables(ready: Ready, t: TerritoryFigures): DataTable[] {
  const { figures } = ready;
  const variants = figures.method.variants;
  const levelMany = LEVEL_LABELS[t.level].many;
  const scores: DataTable = {
    id: 'scores',
    sheet: 'Score',
    title: 'Score de fragilité numérique inspiré de l’IFN',
    note: `Score de 1 (le moins fragile) à 10 (le plus fragile) ; décile du score parmi les ${levelMany}.`,
    columns: [{ header: 'Variante', width: 20 }, { header: 'Score sur 10', numeric: true }, { header: 'Décile', numeric: true }, { header: 'Indicateurs disponibles (part du poids)', numeric: true, width: 24 }],
    rows: variants.map((v) => {
      const s = t.scores[v.key];
      const decile = decilesFor(figures, t.level, findMeasure(figures, `score_${v.key}`)!).get(t.code) ?? null;
      return [v.label, num(s?.score ?? null, { digits: 1, missing: s?.missing ?? 'missing' }), num(decile, { missing: s?.missing ?? 'missing' }),
        num(s ? 100 * s.weight_share : null, { suffix: ' %' })];
    }),
  };
  const used = [...new Set(variants.flatMap((v) => v.indicators.map((i) => i.key)))];
  const componentKeys = [...INDICATOR_BY_KEY.keys()].filter((k) => used.includes(k as never));
  const components: DataTable = {
    id: 'composantes',
    sheet: 'Composantes du score',
    title: 'Composantes du score',
    note: `Décile parmi les ${levelMany} : 1 = le moins fragile, 10 = le plus fragile ; puis le poids de l’indicateur dans chaque variante (— : non compté). Une valeur absente n’est pas comptée comme 0 : le score se calcule sur les autres.`,
    columns: [{ header: 'Indicateur', width: 50 }, { header: 'Valeur', numeric: true, width: 14 }, { header: 'Décile', numeric: true }, ...variants.map((v) => ({ header: v.label, numeric: true }))],
    rows: componentKeys.map((key) => {
      const def = INDICATOR_BY_KEY.get(key)!;
      const f = t.indicators[key as keyof typeof t.indicators];
      return [
        def.label,
        num(f?.value ?? null, { digits: def.unit === '€' ? 0 : 1, suffix: def.unit === '%' ? ' %' : ' €', missing: f?.missing ?? 'missing' }),
        f?.value === null || !f ? 'Sans décile' : num(f.decile, { missing: f.missing }),
        ...variants.map((v) => {
          const w = v.indicators.find((i) => i.key === key);
          return w ? num(w.weight) : '—';
        }),
      ];
    }),
  };
  const profileRows = ageProfile(t);
  const profile: DataTable = {
    id: 'profil',
    sheet: 'Population par âge',
    title: 'Population par âge',
    note: profileRows ? 'Population légale (COG 2026) répartie selon les parts par âge du recensement 2022.' : `Répartition par âge absente : ${absentLabel(t.far_from_digital.missing)}.`,
    columns: [{ header: 'Tranche d’âge', width: 20 }, { header: 'Habitants (estimation)', numeric: true, width: 20 }, { header: 'Part', numeric: true }],
    rows: (profileRows ?? []).map((b) => [b.label, num(b.population), num(b.share, { digits: 1, suffix: ' %' })]),
  };
  const far = t.far_from_digital;
  const farTable: DataTable = {
    id: 'eloignes',
    sheet: 'Personnes éloignées',
    title: 'Personnes éloignées du numérique, par âge (estimation)',
    note: far.people === null ? `Estimation absente : ${absentLabel(far.missing)}.` : 'Taux nationaux d’illectronisme (INSEE) appliqués à la population par âge : une estimation, pas un comptage.',
    columns: [{ header: 'Tranche d’âge', width: 18 }, { header: 'Habitants', numeric: true }, { header: 'Taux d’illectronisme', numeric: true, width: 20 }, { header: 'Origine du taux', width: 16 }, { header: 'Personnes (estimation)', numeric: true, width: 20 }],
    rows: far.bands.map((b) => [b.label, num(b.population), num(b.rate_pct, { digits: 1, suffix: ' %' }), b.rate_source === 'publié' ? 'publié par l’INSEE' : b.rate_source, num(b.people)]),
  };
  const places = ready.places;
  const commune = t.level === 'commune';
  const services: DataTable = {
    id: 'services',
    sheet: 'Lieux et services',
    title: 'Lieux et services présents, et le plus proche',
    note: commune ? 'Distances à vol d’oiseau depuis le point intérieur de la commune.' : 'Distance : moyenne, pondérée par la population, de la distance de chaque commune au lieu le plus proche (à vol d’oiseau).',
    columns: [
      { header: 'Type de lieu ou service', width: 60 }, { header: 'Lieux dans le territoire', numeric: true, width: 14 },
      { header: commune ? 'Distance au plus proche' : 'Distance moyenne au plus proche', numeric: true, width: 16 },
      commune ? { header: 'Lieu le plus proche', width: 40 } : { header: `Habitants à ${frNumber(figures.method.coverage.distance_thresholds_km[0] ?? 10)} km ou plus`, numeric: true, width: 18 },
    ],
    rows: COVERAGE_TARGETS.map((target) => {
      const d = t.coverage.distances[target.key];
      const label = target.label;
      const searchable = commune && d && d.places > 0 && SERVICE_NEEDS[target.key as Service];
      const first = searchable ? { text: label, href: `/recherche?${new URLSearchParams({ ou: t.name, commune: t.code, services: target.key })}` } : label;
      if (!d) return [first, num(null), num(null), null];
      let last: DataTable['rows'][number][number];
      if (commune) {
        const index = d.nearest_place_id === null ? undefined : places.byId.get(d.nearest_place_id);
        const entry = index === undefined ? undefined : places.entries[index];
        last = entry ? { text: entry.nom, href: `/lieux/${entry.id}` } : '—';
      } else last = num(d.population_beyond[0] ?? null);
      return [first, num(d.places), num(d.distance_km, { digits: 1, suffix: ' km', missing: d.missing ?? 'missing' }), last];
    }),
  };
  const zones = whiteZonesIn(ready, t);
  const white: DataTable = {
    id: 'zones-blanches',
    sheet: 'Zones blanches',
    title: 'Zones blanches dans ce territoire',
    note: zones.length === 0 ? 'Aucune commune ni intercommunalité de ce territoire ne remplit les critères de zone blanche.' : figures.method.white_zones.text,
    columns: [{ header: 'Rang national', numeric: true }, { header: 'Territoire', width: 36 }, { header: 'Score', numeric: true }, { header: 'Distance (km)', numeric: true }, { header: 'Personnes éloignées (estimation)', numeric: true, width: 20 }],
    rows: zones.slice(0, 50).map((z) => [
      num(z.rank), { text: `${z.name} (${z.level === 'epci' ? 'EPCI' : 'commune'})`, href: territoryUrl(z) }, num(z.score, { digits: 1 }),
      num(z.distance_km, { digits: 1, missing: 'no_place' }), num(z.people_far_from_digital, { missing: 'missing' }),
    ]),
  };
  return [scores, components, profile, farTable, services, white];
}

function parentsLine(ready: Ready, t: TerritoryFigures): SafeHtml | null {
  const links: SafeHtml[] = [];
  for (const [level, codes] of [['epci', t.parents.epci], ['departement', t.parents.departement], ['region', t.parents.region]] as const) {
    for (const code of codes.slice(0, 3)) {
      const p = ready.figures.territories[level].get(code);
      if (p) links.push(html`<a href="${territoryUrl(p)}">${p.name}</a> (${LEVEL_LABELS[level].short})`);
    }
  }
  if (links.length === 0) return null;
  return html`<p class="obs-parents">Fait partie de : ${links.map((l, i) => html`${i > 0 ? ', ' : ''}${l}`)}.</p>`;
}

function sheet(ready: Ready, t: TerritoryFigures, tables: DataTable[], request: FastifyRequest): SafeHtml {
  const { figures } = ready;
  const [scores, components, profile, farTable, services, white] = tables as [DataTable, DataTable, DataTable, DataTable, DataTable, DataTable];
  const links = (table: DataTable) => exportLinks(request.url, table);
  const profileRows = ageProfile(t);
  const far = t.far_from_digital;
  const cov = t.coverage;
  const chart = profileRows && barChart({
    id: 'graphique-ages',
    title: `Population par âge — ${t.name}`,
    description: `Part de chaque tranche d’âge dans la population : ${profileRows.map((b) => `${b.label} ${frNumber(b.share, 1)} %`).join(', ')}.`,
    bars: profileRows.map((b) => ({ label: b.label, value: b.share, text: `${frNumber(b.share, 1)} % (${frNumber(b.population)})` })),
  });
  return html`<article class="obs-fiche">
<h1>${t.name} <span class="obs-level">${LEVEL_LABELS[t.level].short} ${t.code}</span></h1>
<p class="obs-lead">${frNumber(t.population)} habitants (population légale, COG 2026)${t.level !== 'commune' && ` · ${frNumber(t.communes)} ${t.communes > 1 ? 'communes' : 'commune'}`}.</p>
${parentsLine(ready, t)}
<p class="obs-actions no-print"><a href="/observatoire/comparer?t=${`${t.level}:${t.code}`}">Comparer avec d’autres territoires</a>
· <a href="/observatoire?niveau=${t.level}${t.level === 'commune' || t.level === 'epci' ? `&departement=${t.parents.departement[0] ?? ''}` : ''}">Voir sur la carte</a>
· Pour imprimer : touches Ctrl et P.</p>
<p class="notice obs-notice"><strong>${figures.method.title}.</strong> ${figures.method.notice}</p>
<div class="obs-fiche-grid">
<section aria-labelledby="fiche-score">
<h2 id="fiche-score">Fragilité numérique</h2>
${tableHtml(scores, { exportLinks: links(scores) })}
${tableHtml(components, { exportLinks: links(components) })}
</section>
<section aria-labelledby="fiche-population">
<h2 id="fiche-population">Population</h2>
${chart ? html`<figure class="obs-figure">${chart}<figcaption>Les mêmes chiffres sont dans le tableau « Population par âge ».</figcaption></figure>` : html`<p>${profile.note}</p>`}
${profileRows && html`<div class="obs-print-hide">${tableHtml(profile, { exportLinks: links(profile) })}</div>`}
</section>
<section aria-labelledby="fiche-eloignes">
<h2 id="fiche-eloignes">Personnes éloignées du numérique</h2>
${far.people === null
    ? html`<p>Estimation absente : ${absentLabel(far.missing)}.</p>`
    : html`<p><strong>Environ ${frNumber(far.people)} personnes</strong> de 15 ans ou plus${far.rate_pct !== null && `, soit ${frNumber(far.rate_pct, 1)} %`}, seraient en situation d’illectronisme (national : ${frNumber(figures.method.far_from_digital.national_rate_pct, 1)} %).</p>
${tableHtml(farTable, { exportLinks: links(farTable) })}
<p class="obs-caveat">Attention : estimation par l’âge seulement, avec les taux nationaux de l’INSEE (${figures.method.far_from_digital.source.title}) ; les taux « dérivés » ne sont pas publiés mais calculés à partir des taux publiés (voir la méthode).</p>`}
</section>
<section aria-labelledby="fiche-lieux">
<h2 id="fiche-lieux">Lieux et services</h2>
<p>${frNumber(cov.places)} ${cov.places > 1 ? 'lieux' : 'lieu'} d’inclusion numérique${cov.places_per_10000 !== null && `, ${frNumber(cov.places_per_10000, 1)} pour 10 000 habitants`}.
${t.level !== 'commune' && `${frNumber(cov.population_without_place)} habitants vivent dans une des ${frNumber(cov.communes_without_place)} communes sans lieu.`}
${t.level === 'commune' && html`<a class="no-print" href="${`/recherche?${new URLSearchParams({ ou: t.name, commune: t.code })}`}">Chercher un lieu près de ${t.name}</a>`}</p>
${tableHtml(services, { exportLinks: links(services) })}
</section>
<section aria-labelledby="fiche-zones">
<h2 id="fiche-zones">Zones blanches</h2>
${white.rows.length === 0 ? html`<p>${white.note}</p>` : tableHtml(white, { exportLinks: links(white) })}
</section>
<section aria-labelledby="fiche-sources" class="obs-fiche-sources">
<h2 id="fiche-sources">Sources</h2>
<p>${figures.datasets.map((d, i) => html`${i > 0 ? ' ; ' : ''}${d.title} (${d.version}, chargé le ${frenchDate(d.loaded_at)})`)} ;
taux d’illectronisme : ${figures.method.far_from_digital.source.title}. Méthode ${figures.method.config.version} (empreinte ${figures.method.config.fingerprint}).
<a class="no-print" href="/observatoire#methode">Méthode et limites</a>.</p>
</section>
</div>
<p class="obs-exports no-print">Télécharger toute la fiche : <a href="${`${territoryUrl(t)}?format=xlsx`}" download>XLSX (un onglet par tableau)</a>.</p>
</article>`;
}

export const territoryPages: PageRoute[] = [
  {
    method: 'GET',
    url: '/observatoire/:niveau/:code',
    handler: async (db, request, reply) => {
      const { niveau, code } = request.params as { niveau: string; code: string };
      if (!isLevel(niveau)) return reply.callNotFound();
      const ready = await figuresOrNoData(db, reply);
      if (!ready) return reply;
      const t = ready.figures.territories[niveau].get(code);
      if (!t) {
        return sendPage(reply, observatoirePage({
          title: 'Territoire introuvable',
          head: noindex,
          current: 'observatoire',
          main: html`<h1>Territoire introuvable</h1>
<p>Aucune ${LEVEL_LABELS[niveau].one} n’a le code « ${code} » dans l’observatoire.</p>
<p><a href="/observatoire?niveau=${niveau}">Voir la liste des ${LEVEL_LABELS[niveau].many}</a>.</p>`,
        }), 404);
      }
      const tables = territoryTables(ready, t);
      const format = param(request, 'format');
      if (isExportFormat(format)) {
        const id = param(request, 'tableau');
        const chosen = format === 'csv' ? tables.filter((x) => x.id === (id || 'composantes')) : tables;
        if (chosen.length === 0) return reply.callNotFound();
        return sendTables(reply, format, chosen, `observatoire-${t.level}-${t.code}`, exportContext(ready.figures, `Fiche territoire : ${territoryTitle(t)}`));
      }
      return sendPage(reply, observatoirePage({
        title: `Fiche territoire : ${territoryTitle(t)}`,
        current: 'observatoire',
        description: `Fragilité numérique, population, lieux et zones blanches : ${territoryTitle(t)}.`,
        main: sheet(ready, t, tables, request),
      }));
    },
  },
];

