// Prints docs/mapping-v0.md's tables from the mapping code itself, so the doc cannot drift:
//   node --import tsx scripts/mapping-v0-table.ts
import { V0_CONDITIONS, V0_MODALITES, V0_PUBLICS, V0_SERVICES } from '../src/lieux/formats/v0.ts';

const table = (head: [string, string], rows: [string, string][]) =>
  [`| ${head[0]} | ${head[1]} |`, '|---|---|', ...rows.map(([a, b]) => `| ${a} | ${b || '— (pas d’équivalent, ignoré)'} |`)].join('\n');

console.log('### services\n');
console.log(table(['v0', 'services (actuel)'], Object.entries(V0_SERVICES).map(([k, v]) => [k, v.join(' ; ')])));
console.log('\n### publics_accueillis\n');
console.log(table(['v0', 'publics_specifiquement_adresses / prise_en_charge_specifique'], Object.entries(V0_PUBLICS).map(([k, v]) => [k, [...(v.publics ?? []).map((p) => `public : ${p}`), ...(v.prise_en_charge ?? []).map((p) => `prise en charge : ${p}`)].join(' ; ')])));
console.log('\n### conditions_acces (texte avant « : »)\n');
console.log(table(['v0', 'frais_a_charge'], Object.entries(V0_CONDITIONS).map(([k, v]) => [k, v.frais ? v.frais : v.pass_numerique ? 'extension accepte_pass_numerique = true' : ''])));
console.log('\n### modalites_accompagnement (texte avant « : »)\n');
console.log(table(['v0', 'modalites_accompagnement (actuel)'], Object.entries(V0_MODALITES)));
