// Owns the Markdown report of the page-weight benchmark: one row per page measured, bytes by kind
// of resource, and the requests to other hosts that were left out or failed.
import { KINDS, type PageWeight } from './weight-measure.ts';

/** Kilobytes of 1,000 bytes, like the issue's "60 KB" read strictly. */
export function kb(bytes: number): string {
  return (bytes / 1000).toLocaleString('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
}

export function weightTable(pages: PageWeight[]): string {
  const head = ['Page', 'JS', ...KINDS.map((k) => (k === 'data' ? 'data (xhr/fetch)' : k)), '**total**', 'headers', 'gzip -6', 'decoded', 'requests', 'external'];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map((_, i) => (i < 2 ? '---' : '---:')).join('|')}|`];
  for (const p of pages) {
    const requests = KINDS.reduce((n, k) => n + p.byKind[k].requests, 0);
    const cached = KINDS.reduce((n, k) => n + p.byKind[k].cached, 0);
    const map = p.external.filter((e) => e.mapTiles).length;
    const other = p.external.length - map;
    lines.push(`| ${p.label} | ${p.javaScript ? 'on' : 'off'} | ${KINDS.map((k) => (p.byKind[k].requests ? kb(p.byKind[k].bodyBytes) : '–')).join(' | ')} | **${kb(p.bodyBytes)}** | ${kb(p.headerBytes)} | ${kb(p.gzip6Bytes)} | ${kb(p.decodedBytes)} | ${requests}${cached ? ` (${cached} cached)` : ''} | ${map ? `${map} map` : ''}${map && other ? ', ' : ''}${other ? `${other} other` : ''}${map || other ? '' : '0'} |`);
  }
  return lines.join('\n');
}

export function report(pages: PageWeight[], meta: { date: string; machine: string; chromium: string; cartoVersion: string; cdnMapped: boolean }): string {
  const out: string[] = [];
  out.push(`Page weight — ${meta.date} — ${meta.machine} — ${meta.chromium}`, '');
  out.push('Compressed bytes received (response bodies, kB = 1,000 bytes), by kind of resource; "total" is the sum of bodies,');
  out.push('"headers" the response headers on top, "gzip -6" the same bodies gzipped at level 6 (a like-for-like check),');
  out.push('"decoded" the bodies once decompressed; "cached" requests were answered by the browser cache (0 bytes).');
  out.push('Map tiles, their style sources, glyphs and sprites are left out; "external" counts requests to other hosts');
  out.push('(listed below, not in the totals).', '');
  out.push(weightTable(pages), '');
  out.push(`cartographie-nationale ${meta.cartoVersion}: ${meta.cdnMapped ? 'its hard-coded cdn.jsdelivr.net URLs (assets, fonts, map style) were answered from the installed package by a local TLS server' : 'openssl missing: its cdn.jsdelivr.net URLs (assets, fonts, map style) failed and are not counted'}.`);
  const external = new Map<string, { map: boolean; n: number; failed: number; bytes: number; pages: Set<string> }>();
  for (const p of pages) {
    for (const e of p.external) {
      const host = hostOf(e.url);
      const entry = external.get(host) ?? { map: e.mapTiles, n: 0, failed: 0, bytes: 0, pages: new Set<string>() };
      entry.n++;
      if (e.failure) entry.failed++;
      entry.bytes += e.bodyBytes;
      entry.pages.add(p.label);
      external.set(host, entry);
    }
  }
  if (external.size) {
    out.push('', 'Requests to other hosts (not in the totals):', '');
    for (const [host, e] of external) {
      const answered = e.n - e.failed;
      out.push(`- ${host}${e.map ? ' (map, excluded)' : ''}: ${e.n} request(s)${e.failed ? `, ${e.failed} failed` : ''}${answered ? `, ${answered} answered by a local stand-in (${kb(e.bytes)} kB)` : ''}, from ${[...e.pages].join('; ')}`);
    }
  }
  const empty = pages.filter((p) => p.visibleTextChars < 200);
  if (empty.length) out.push('', `Warning: little visible text on ${empty.map((p) => p.label).join('; ')} — check the screenshots in bench/out/.`);
  return out.join('\n');
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url.slice(0, 40);
  }
}
