// Owns the French sentences telling what a load did, for the command line and the first start.
import type { LoadResult } from './load.ts';

const n = (x: number) => x.toLocaleString('fr-FR');
const plural = (x: number, one: string, many: string) => `${n(x)} ${x > 1 ? many : one}`;

export function loadSummary(result: LoadResult): string[] {
  if (result.status === 'unchanged') {
    return [`${result.name} : ce fichier est déjà chargé (version ${result.version}, ${plural(result.rows, 'ligne', 'lignes')}) ; rien n’a changé.`];
  }
  const r = result.report;
  const lines = [`${result.name} : ${plural(result.rows, 'ligne chargée', 'lignes chargées')}, version ${result.version}${result.previousVersion !== undefined ? ` (remplace la version ${result.previousVersion})` : ''}.`];
  if (r.layers) lines.push(`  Couches : ${Object.entries(r.layers).map(([k, v]) => `${k} (${n(v)})`).join(', ')}.`);
  if (r.merged) lines.push(`  ${plural(r.merged, 'commune regroupe', 'communes regroupent')} les lignes de communes fusionnées depuis (sommes, taux pondérés${r.weight_column ? ` par ${r.weight_column}` : ''}) : ${r.merged_sample?.join(' ; ')}${r.merged > (r.merged_sample?.length ?? 0) ? '…' : ''}`);
  if (r.unknown_codes) lines.push(`  ${plural(r.unknown_codes, 'code inconnu ignoré', 'codes inconnus ignorés')} (ni commune actuelle, ni dans la table de passage) : ${r.unknown_sample?.join(', ')}${r.unknown_codes > (r.unknown_sample?.length ?? 0) ? '…' : ''}`);
  if (r.invalid_codes) lines.push(`  ${plural(r.invalid_codes, 'ligne ignorée', 'lignes ignorées')} : code de commune illisible (${r.invalid_sample?.join(', ')}).`);
  if (r.duplicates) lines.push(`  ${plural(r.duplicates, 'code en double ignoré', 'codes en double ignorés')} (la première ligne est gardée) : ${r.duplicate_sample?.join(', ') ?? ''}`);
  if (r.ignored_columns?.length) lines.push(`  Colonnes sans nombres, non chargées : ${r.ignored_columns.join(', ')}.`);
  for (const w of r.warnings ?? []) lines.push(`  Attention : ${w}`);
  return lines;
}
