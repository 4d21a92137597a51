// Owns the observatory's charts, drawn as SVG on the server (no script, printable, light): a chart
// is an image named by its <title> and described by its <desc> (role="img", aria-labelledby), and
// every page that shows one shows the same figures in a table beside it. Bars carry their value
// as text, so the chart reads without colour. An absent value draws no bar and says why.
import { html, type SafeHtml } from '../html.ts';

export type Bar = { label: string; /** null: absent, the text says why. */ value: number | null; text: string };

export type BarChart = {
  id: string;
  title: string;
  /** A sentence giving the figures in words (read by screen readers instead of the drawing). */
  description: string;
  bars: readonly Bar[];
  /** The value of a full bar (the largest value when not given). */
  max?: number;
};

const ROW = 26;
const LABEL_WIDTH = 150;
const BAR_WIDTH = 220;
const VALUE_WIDTH = 150;

/** Horizontal bars, one a row: label, bar, value. Scales with its box (viewBox), 520 units wide. */
export function barChart(chart: BarChart): SafeHtml {
  const max = chart.max ?? Math.max(0, ...chart.bars.map((b) => b.value ?? 0));
  const width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH;
  const height = chart.bars.length * ROW + 4;
  const titleId = `${chart.id}-titre`;
  const descId = `${chart.id}-desc`;
  return html`<svg class="obs-chart" id="${chart.id}" role="img" aria-labelledby="${titleId} ${descId}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">
<title id="${titleId}">${chart.title}</title>
<desc id="${descId}">${chart.description}</desc>
${chart.bars.map((bar, i) => {
    const y = i * ROW + 2;
    const length = bar.value === null || max <= 0 ? 0 : Math.max(1, Math.round((BAR_WIDTH * Math.min(bar.value, max)) / max));
    return html`<g>
<text x="${LABEL_WIDTH - 8}" y="${y + 17}" text-anchor="end" font-size="14" fill="#161616">${bar.label}</text>
<rect x="${LABEL_WIDTH}" y="${y + 4}" width="${BAR_WIDTH}" height="${ROW - 8}" fill="#f3f4f8" stroke="#8a8a8a" stroke-width="0.5"/>
${length > 0 && html`<rect x="${LABEL_WIDTH}" y="${y + 4}" width="${length}" height="${ROW - 8}" fill="#000091"/>`}
<text x="${LABEL_WIDTH + BAR_WIDTH + 8}" y="${y + 17}" font-size="14" fill="${bar.value === null ? '#4a4a4a' : '#161616'}">${bar.text}</text>
</g>`;
  })}
</svg>`;
}
