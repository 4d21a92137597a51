// Owns the map view of the results (?vue=carte): a box that carte.js fills with the map library
// (loaded on this view only) and one marker per place listed. Without JavaScript the box says the
// list below holds the same places; the link to the map view is only a link, the list stays.
import { html, type SafeHtml } from '../html.ts';
import { assetUrl } from '../assets.ts';
import type { OrientationAnswer } from '../../orientation/search/search.ts';

export const MAP_VIEW = 'carte';

export function resultsMap(answer: OrientationAnswer, tiles: { url?: string; attribution: string } | undefined): SafeHtml {
  const places = answer.results
    .filter((r) => r.lieu.latitude !== null && r.lieu.longitude !== null)
    .map((r) => ({ id: r.lieu.id, nom: r.lieu.data.nom, lat: r.lieu.latitude, lon: r.lieu.longitude }));
  const centre = answer.where.point ? `${answer.where.point.latitude},${answer.where.point.longitude}` : '';
  return html`<section id="carte" class="map" aria-labelledby="carte-titre" data-lieux="${JSON.stringify(places)}" data-centre="${centre}"
 data-tuiles="${tiles?.url ?? ''}" data-attribution="${tiles?.attribution ?? ''}" data-leaflet-js="${assetUrl('leaflet.js')}" data-leaflet-css="${assetUrl('leaflet.css')}">
<h2 id="carte-titre">Carte des lieux</h2>
<p class="map-status" role="status">La carte a besoin de JavaScript. Les mêmes lieux sont dans la liste ci-dessous.</p>
<div class="map-canvas"></div>
</section>`;
}

/** The URL of the same search, with or without the map. */
export function viewUrl(requestUrl: string, map: boolean): string {
  const url = new URL(requestUrl, 'http://localhost');
  if (map) url.searchParams.set('vue', MAP_VIEW);
  else url.searchParams.delete('vue');
  return `${url.pathname}?${url.searchParams.toString()}`;
}
