// Owns how the observatory's pages say where their figures come from: the notice that the score
// is « inspiré de l'IFN » and not the official index, the method (variants and weights, rules on
// deciles, scores and missing values, the estimate of people far from digital life, distances,
// white zones), its limits and version, and the datasets with their versions and dates.
import { html, safeUrl, type SafeHtml } from '../html.ts';
import { frenchDate } from '../format.ts';
import type { ObservatoireFigures } from '../../observatoire/figures.ts';
import type { ExportContext } from './exports.ts';
import { frNumber } from './measures.ts';

export function noticeHtml(figures: ObservatoireFigures): SafeHtml {
  return html`<p class="notice obs-notice"><strong>${figures.method.title}.</strong> ${figures.method.notice}
<a href="#methode">Méthode, sources et limites</a>.</p>`;
}

export function datasetsHtml(figures: ObservatoireFigures): SafeHtml {
  return html`<ul class="obs-sources">${figures.datasets.map((d) => html`<li>${safeUrl(d.source_url) ? html`<a href="${safeUrl(d.source_url)!}">${d.title}</a>` : d.title}
— version ${d.version}, chargé le ${frenchDate(d.loaded_at)}.</li>`)}
<li>Taux d’illectronisme : <a href="${figures.method.far_from_digital.source.url}">${figures.method.far_from_digital.source.title}</a>, ${figures.method.far_from_digital.source.date}.</li>
<li>Lieux : le référentiel de Passerelle (${frNumber(figures.counts.places)} lieux visibles).</li>
</ul>`;
}

/** The whole method, for the bottom of the map page (`open` on the pages that are about it). */
export function methodHtml(figures: ObservatoireFigures, options: { open?: boolean } = {}): SafeHtml {
  const m = figures.method;
  return html`<section class="obs-method" aria-labelledby="methode">
<h2 id="methode">Méthode, sources et limites</h2>
<p>${m.notice}</p>
<details${options.open ? html` open` : ''}>
<summary>Comment les chiffres sont calculés</summary>
<h3>Les variantes du score et leurs indicateurs</h3>
<ul>${m.variants.map((v) => html`<li><strong>${v.label}</strong> : ${v.description}
Indicateurs (poids) : ${v.indicators.map((i) => `${i.label} (${frNumber(i.weight, 0)})`).join(' ; ')}.</li>`)}</ul>
<h3>Règles</h3>
<p>${m.rules.deciles}</p>
<p>${m.rules.score}</p>
<p>${m.rules.aggregates}</p>
<p>Valeurs absentes : ${Object.values(m.rules.missing).join(' ; ')}. Une valeur absente n’est jamais comptée comme 0.</p>
<h3>Personnes éloignées du numérique</h3>
<p>${m.far_from_digital.text}</p>
<h3>Couverture et distances</h3>
<p>${m.coverage.text}</p>
<h3>Zones blanches</h3>
<p>${m.white_zones.text}</p>
<p>${m.white_zones.ranking}</p>
<h3>Limites</h3>
<ul>${m.limits.map((l) => html`<li>${l}</li>`)}</ul>
<h3>Indicateurs et leurs sources</h3>
<ul>${m.indicators.map((i) => html`<li>${i.label} (${i.unit}) : ${i.source}.${i.limits && html` ${i.limits}`}</li>`)}</ul>
</details>
<h3>Jeux de données</h3>
${datasetsHtml(figures)}
<p class="meta">Méthode ${m.config.version} (configuration ${m.config.origin}, empreinte ${m.config.fingerprint}).</p>
</section>`;
}

/** The same, as lines of text for the « Méthode et sources » sheet of an XLSX file. */
export function exportContext(figures: ObservatoireFigures, title: string): ExportContext {
  const m = figures.method;
  return {
    title,
    lines: [
      m.notice,
      `Méthode ${m.config.version} (configuration ${m.config.origin}, empreinte ${m.config.fingerprint}).`,
      m.rules.deciles, m.rules.score, m.rules.aggregates,
      `Valeurs absentes : ${Object.values(m.rules.missing).join(' ; ')}. Une valeur absente n’est jamais comptée comme 0.`,
      m.far_from_digital.text, m.coverage.text, m.white_zones.text, m.white_zones.ranking,
      'Limites :', ...m.limits.map((l) => `- ${l}`),
      'Sources :', ...figures.datasets.map((d) => `- ${d.title}, version ${d.version}, chargé le ${frenchDate(d.loaded_at)} : ${d.source_url}`),
      `- ${m.far_from_digital.source.title}, ${m.far_from_digital.source.date} : ${m.far_from_digital.source.url}`,
    ],
  };
}
