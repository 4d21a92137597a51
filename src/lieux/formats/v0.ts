// Owns the mapping of the older v0 format of the standard (the one of the 2021-2022 regional hubs,
// e.g. the Hinaura file shipped by @gouvfr-anct/cartographie-nationale) to the current standard.
// The tables below are documented in docs/mapping-v0.md; keep both in step.
import { normalizeText } from '../../platform/text.ts';
import type { RowIssue } from '../domain/lieu.ts';
import { validateStandardRow, text, type FlatRow, type RowResult } from './standard-row.ts';

const S = {
  acces: 'Accès internet et matériel informatique',
  quotidien: 'Maîtrise des outils numériques du quotidien',
  demarches: 'Aide aux démarches administratives',
  comprendre: 'Compréhension du monde numérique',
  insertion: 'Insertion professionnelle via le numérique',
  parentalite: 'Parentalité et éducation avec le numérique',
  loisirs: 'Loisirs et créations numériques',
  solidaire: 'Acquisition de matériel informatique à prix solidaire',
  securite: 'Utilisation sécurisée du numérique',
} as const;

/** v0 service label → current service(s). */
export const V0_SERVICES: Record<string, string[]> = {
  'Accéder à du matériel': [S.acces],
  'Accéder à une connexion internet': [S.acces],
  'Équipement informatique': [S.solidaire],
  'Utiliser le numérique au quotidien': [S.quotidien],
  'Prendre en main un ordinateur': [S.quotidien],
  'Prendre en main un smartphone ou une tablette': [S.quotidien],
  'Approfondir ma culture numérique': [S.comprendre],
  'Promouvoir la citoyenneté numérique': [S.comprendre],
  'Réaliser des démarches administratives avec un accompagnement': [S.demarches],
  'Devenir autonome dans les démarches administratives': [S.demarches],
  'Accompagner les démarches de santé': [S.demarches],
  'Favoriser mon insertion professionnelle': [S.insertion],
  'Créer et développer mon entreprise': [S.insertion],
  'Soutenir la parentalité et l\'éducation avec le numérique': [S.parentalite],
  'Créer avec le numérique': [S.loisirs],
  'Sécuriser mes usages numériques': [S.securite],
};

/** v0 "publics accueillis" → publics_specifiquement_adresses or prise_en_charge_specifique; [] = no equivalent. */
export const V0_PUBLICS: Record<string, { publics?: string[]; prise_en_charge?: string[] }> = {
  'Adultes': {},
  'Tout public': {},
  'Seniors (+ 65 ans)': { publics: ['Seniors'] },
  'Jeunes (16-26 ans)': { publics: ['Jeunes'] },
  'Familles/enfants': { publics: ['Familles et/ou enfants'] },
  'Étudiants': { publics: ['Étudiants'] },
  'Uniquement femmes': { publics: ['Femmes'] },
  'Personnes en situation d\'illettrisme': { prise_en_charge: ['Illettrisme'] },
  'Public langues étrangères': { prise_en_charge: ['Langues étrangères (autres)'] },
  'Handicaps mentaux : déficiences limitant les activités d\'une personne': { prise_en_charge: ['Handicaps mentaux'] },
  'Handicaps moteurs': { prise_en_charge: ['Handicaps moteurs'] },
  'Surdité': { prise_en_charge: ['Surdité'] },
  'Déficience visuelle': { prise_en_charge: ['Déficience visuelle'] },
};

/** v0 "conditions d'accès" (text before the colon) → frais_a_charge, or the Pass numérique flag. */
export const V0_CONDITIONS: Record<string, { frais?: string; pass_numerique?: true }> = {
  'Gratuit': { frais: 'Gratuit' },
  'Gratuit sous condition': { frais: 'Gratuit sous condition' },
  'Payant': { frais: 'Payant' },
  'Adhésion': { frais: 'Payant' },
  'Accepte le Pass numérique': { pass_numerique: true },
};

/** v0 "modalités d'accompagnement" (text before the colon) → current modalites_accompagnement. */
export const V0_MODALITES: Record<string, string> = {
  'Seul': 'En autonomie',
  'Avec de l\'aide': 'Accompagnement individuel',
  'Dans un atelier': 'Dans un atelier collectif',
  'A ma place': 'Accompagnement individuel',
  'À ma place': 'Accompagnement individuel',
  'À distance': 'À distance',
  'A distance': 'À distance',
};

const lookup = <T>(table: Record<string, T>, label: string): T | undefined => {
  if (label in table) return table[label];
  const wanted = normalizeText(label);
  const key = Object.keys(table).find((k) => normalizeText(k) === wanted);
  return key === undefined ? undefined : table[key];
};

const splitV0 = (value: string | undefined) => (value ?? '').split(';').map((s) => s.trim()).filter(Boolean);
const beforeColon = (label: string) => label.split(' : ')[0]!.trim();

/** Looks like v0 when it has the v0-only columns and none of the current ones. */
export function isV0Header(columns: readonly string[]): boolean {
  const set = new Set(columns);
  return (set.has('publics_accueillis') || set.has('conditions_acces') || set.has('courriel')) && !set.has('frais_a_charge') && !set.has('courriels');
}

export function mapV0Row(row: FlatRow, line: number): RowResult {
  const issues: RowIssue[] = [];
  const unknown = (column: string, value: string, allowed: string[]) =>
    issues.push({ line, column, value, severity: 'error', reason: `« ${value} » n'est pas une valeur connue du format v0 pour ${column}. Valeurs connues : ${allowed.join(', ')}.` });

  const services = new Set<string>();
  for (const label of splitV0(text(row, 'services'))) {
    const mapped = lookup(V0_SERVICES, label);
    if (mapped) mapped.forEach((s) => services.add(s));
    else unknown('services', label, Object.keys(V0_SERVICES));
  }
  const publics = new Set<string>();
  const prises = new Set<string>();
  for (const label of splitV0(text(row, 'publics_accueillis'))) {
    const mapped = lookup(V0_PUBLICS, label);
    if (!mapped) unknown('publics_accueillis', label, Object.keys(V0_PUBLICS));
    mapped?.publics?.forEach((p) => publics.add(p));
    mapped?.prise_en_charge?.forEach((p) => prises.add(p));
  }
  const frais = new Set<string>();
  let passNumerique = false;
  for (const label of splitV0(text(row, 'conditions_acces'))) {
    const mapped = lookup(V0_CONDITIONS, beforeColon(label));
    if (!mapped) unknown('conditions_acces', label, Object.keys(V0_CONDITIONS));
    if (mapped?.frais) frais.add(mapped.frais);
    if (mapped?.pass_numerique) passNumerique = true;
  }
  const modalites = new Set<string>();
  for (const label of splitV0(text(row, 'modalites_accompagnement'))) {
    const mapped = lookup(V0_MODALITES, beforeColon(label));
    if (mapped) modalites.add(mapped);
    else unknown('modalites_accompagnement', label, Object.keys(V0_MODALITES));
  }

  const join = (values: Set<string>) => (values.size > 0 ? [...values].join('|') : undefined);
  const standard: FlatRow = {
    ...row,
    services: join(services),
    publics_specifiquement_adresses: join(publics),
    prise_en_charge_specifique: join(prises),
    frais_a_charge: join(frais),
    modalites_accompagnement: join(modalites),
    courriels: text(row, 'courriel') ?? text(row, 'courriels'),
    accepte_pass_numerique: passNumerique ? 'true' : undefined,
  };
  const result = validateStandardRow(standard, line);
  const all = [...issues, ...result.issues];
  return issues.length > 0 ? { issues: all } : { ...result, issues: all };
}
