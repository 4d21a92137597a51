// Owns what the observatory's pages share: reading query parameters, the figures of the database
// or the page saying which datasets to load, the page frame (its stylesheet, the notice « inspiré
// de l'IFN »), and links to the territory sheets.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../platform/db.ts';
import { html, type SafeHtml } from '../html.ts';
import { page, sendPage, type PageOptions } from '../layout.ts';
import { assetUrl } from '../assets.ts';
import { currentFigures, type CurrentFigures } from '../../observatoire/current-figures.ts';
import { DATASETS, GENERIC_PARSER } from '../../observatoire/datasets/registry.ts';
import type { Level } from '../../observatoire/model.ts';
import type { TerritoryFigures } from '../../observatoire/figures.ts';
import { LEVEL_LABELS } from './measures.ts';

export type Ready = Extract<CurrentFigures, { status: 'ready' }>;

/** The values of a query parameter (trimmed, empty ones dropped). */
export function params(request: FastifyRequest, name: string): string[] {
  const value = (request.query as Record<string, unknown> | undefined)?.[name];
  return [value ?? []].flat().filter((v): v is string => typeof v === 'string').map((v) => v.trim()).filter((v) => v !== '');
}
export const param = (request: FastifyRequest, name: string): string => params(request, name)[0] ?? '';

export function observatoirePage(options: PageOptions): SafeHtml {
  return page({ ...options, main: html`<div class="obs-page">${options.main}</div>`, head: html`<link rel="stylesheet" href="${assetUrl('observatoire.css')}">${options.head}` });
}

export const territoryUrl = (t: Pick<TerritoryFigures, 'level' | 'code'>) => `/observatoire/${t.level}/${encodeURIComponent(t.code)}`;
export const territoryTitle = (t: Pick<TerritoryFigures, 'level' | 'name' | 'code'>) => `${t.name} (${LEVEL_LABELS[t.level].short} ${t.code})`;

/** The figures, or the page (503) saying the observatory has no dataset yet and how to load them. */
export async function figuresOrNoData(db: Db, reply: FastifyReply): Promise<Ready | undefined> {
  const state = await currentFigures(db);
  if (state.status === 'ready') return state;
  const loaded = new Set(state.stored.map((d) => d.name));
  sendPage(reply, observatoirePage({
    title: 'Observatoire : aucune donnée chargée',
    head: html`<meta name="robots" content="noindex">`,
    current: 'observatoire',
    main: html`<h1>Observatoire : aucune donnée chargée</h1>
<p>Les chiffres de l’observatoire (score de fragilité numérique inspiré de l’IFN, personnes éloignées du numérique, couverture par les lieux, zones blanches)
viennent de jeux de données publics qui ne sont pas encore chargés dans ce Passerelle.</p>
<h2>Pour les charger</h2>
<p>La personne qui administre le serveur lance, dans le dossier de Passerelle, pour chaque jeu de données :</p>
<pre class="obs-command"><code>npm run passerelle -- data load NOM FICHIER</code></pre>
<p>ou, pour le télécharger depuis son adresse puis le charger :</p>
<pre class="obs-command"><code>npm run passerelle -- data fetch NOM</code></pre>
<p>Un autre fichier d’indicateurs par commune (code INSEE) se charge avec <code>npm run passerelle -- data load ${GENERIC_PARSER} FICHIER --nom NOM</code>.
La liste de ce qui est chargé : <code>npm run passerelle -- data lister</code>.</p>
<h2>Les jeux de données attendus</h2>
<ul>${DATASETS.map((d) => html`<li><code>${d.name}</code> : ${d.title}${loaded.has(d.name) ? ' (chargé)' : ' (non chargé)'}</li>`)}</ul>
<p>Au premier démarrage, Passerelle charge lui-même les copies de démonstration quand le dossier <code>../shared/data</code> est présent à côté de lui.</p>`,
  }), 503);
  return undefined;
}

/** A territory of the figures, by level and code. */
export function findTerritory(ready: Ready, level: Level, code: string): TerritoryFigures | undefined {
  return ready.figures.territories[level].get(code);
}

/** The URL with one parameter changed (or removed with null), keeping the others. */
export function withParams(requestUrl: string, changes: Record<string, string | null>): string {
  const url = new URL(requestUrl, 'http://localhost');
  for (const [k, v] of Object.entries(changes)) {
    if (v === null) url.searchParams.delete(k);
    else url.searchParams.set(k, v);
  }
  const query = url.searchParams.toString();
  return query ? `${url.pathname}?${query}` : url.pathname;
}

export const noindex = html`<meta name="robots" content="noindex">`;
