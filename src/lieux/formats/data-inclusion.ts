// Owns the mapping of one data·inclusion structure (schéma data·inclusion) to a place. The
// structure's own fields are first read as a row of the standard, so that every problem is
// reported at once under data·inclusion's field names; the ANCT library (fromSchemaDataInclusion)
// then maps data·inclusion's vocabularies (thématiques, typologie, labels) on the checked values;
// its result, flattened by toSchemaLieuMediationNumerique, is validated like any row of the standard.
import {
  fromSchemaDataInclusion, isRna, isSiret, ModelError, toSchemaLieuMediationNumerique,
  type LieuMediationNumerique, type SchemaStructureDataInclusion,
} from '@gouvfr-anct/lieux-de-mediation-numerique';
import type { LieuData, RowIssue } from '../domain/lieu.ts';
import { text, validateStandardRow, type FlatRow, type RowResult } from './standard-row.ts';

/** Column of the standard → field of data·inclusion, to report problems in the file's words. */
const DATA_INCLUSION_FIELDS: Record<string, string> = {
  courriels: 'courriel', horaires: 'horaires_ouverture', fiche_acces_libre: 'accessibilite', services: 'thematiques',
  typologie: 'typologie', typologies: 'typologie', dispositif_programmes_nationaux: 'labels_nationaux',
  formations_labels: 'labels_nationaux', autres_formations_labels: 'labels_autres',
};

export function mapDataInclusionStructure(structure: FlatRow, line: number): RowResult {
  const siret = text(structure, 'siret')?.replace(/\s/g, '');
  const rna = text(structure, 'rna');
  // A structure may give both; the one that is valid becomes the pivot, the SIRET first.
  const pivotField = siret !== undefined && (isSiret(siret) || rna === undefined || !isRna(rna)) ? 'siret' : 'rna';
  const pivot = pivotField === 'siret' ? siret : rna;
  const column = (c: string) => (c === 'pivot' ? pivotField : DATA_INCLUSION_FIELDS[c] ?? c);
  const rename = (issues: RowIssue[]) => issues.map((i) => ({ ...i, column: column(i.column) }));

  const own = validateStandardRow(ownFields(structure, pivot), line);
  const issues = rename(own.issues.filter((i) => pivot !== undefined || i.column !== 'pivot'));
  if (pivot === undefined) {
    issues.unshift({
      line, column: 'siret', value: '', severity: 'error',
      reason: "La structure n'a ni SIRET (siret) ni numéro RNA (rna) : l'un des deux est obligatoire, il identifie le lieu (pivot du schéma national).",
    });
  }
  if (!own.data || pivot === undefined) return { issues };

  const mapped = mapVocabularies(structure, own.data, line);
  issues.push(...mapped.issues);
  if (!mapped.lieu) return { issues };
  const checked = validateStandardRow(toSchemaLieuMediationNumerique(mapped.lieu) as FlatRow, line);
  const seen = new Set(issues.map((i) => JSON.stringify(i)));
  issues.push(...rename(checked.issues).filter((i) => !seen.has(JSON.stringify(i))));
  return checked.data ? { data: checked.data, issues } : { issues };
}

/** The structure's own fields under the names of the standard. */
function ownFields(s: FlatRow, pivot: string | undefined): FlatRow {
  return {
    id: s.id, pivot, nom: s.nom, adresse: s.adresse, complement_adresse: s.complement_adresse, commune: s.commune,
    code_postal: s.code_postal, code_insee: s.code_insee ?? s._di_geocodage_code_insee, latitude: s.latitude, longitude: s.longitude,
    telephone: s.telephone, courriels: s.courriel, site_web: s.site_web, horaires: s.horaires_ouverture,
    presentation_resume: s.presentation_resume, presentation_detail: s.presentation_detail, source: s.source,
    structure_parente: s.structure_parente, date_maj: s.date_maj, fiche_acces_libre: s.accessibilite,
  };
}

/** data·inclusion lists are JSON arrays; a '|' or ',' separated string is accepted too. */
function stringList(value: unknown): string[] | undefined {
  const items = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(/[|,]/) : [];
  const trimmed = items.map((s) => s.trim()).filter((s) => s !== '');
  return trimmed.length > 0 ? trimmed : undefined;
}

type Mapped = { lieu?: LieuMediationNumerique; issues: RowIssue[] };

/** Runs the ANCT library on the checked values and the structure's vocabularies. */
function mapVocabularies(raw: FlatRow, data: LieuData, line: number): Mapped {
  const thematiques = stringList(raw.thematiques);
  const structure: SchemaStructureDataInclusion = {
    id: data.id, nom: data.nom, siret: data.pivot,
    adresse: data.adresse.voie, code_postal: data.adresse.code_postal, commune: data.adresse.commune,
    code_insee: data.adresse.code_insee, complement_adresse: data.adresse.complement_adresse,
    latitude: data.localisation?.latitude, longitude: data.localisation?.longitude,
    telephone: data.contact?.telephone, courriel: data.contact?.courriels?.join('|'), site_web: data.contact?.site_web?.join('|'),
    presentation_resume: data.presentation?.resume, presentation_detail: data.presentation?.detail,
    source: data.source, structure_parente: data.structure_parente, date_maj: data.date_maj,
    accessibilite: data.fiche_acces_libre, horaires_ouverture: data.horaires,
    typologie: text(raw, 'typologie'), thematiques, labels_nationaux: stringList(raw.labels_nationaux), labels_autres: stringList(raw.labels_autres),
  };
  // The library reads the structure's thématiques from its services: one service carries them.
  const service = { id: `${data.id}-mediation-numerique`, structure_id: data.id, nom: 'Médiation numérique', source: data.source ?? '', thematiques };
  const issues: RowIssue[] = [];
  let lieu: LieuMediationNumerique;
  try {
    lieu = fromSchemaDataInclusion([service], structure);
  } catch (error) {
    const key = error instanceof ModelError ? String((error as { key?: unknown }).key) : undefined;
    const [column, value, reason] = key === 'services'
      ? ['thematiques', (thematiques ?? []).join('|'), "La structure n'a aucune thématique de médiation numérique (« numerique--… ») : elle n'est pas un lieu de médiation numérique et n'est pas importée."]
      : [DATA_INCLUSION_FIELDS[key ?? ''] ?? key ?? 'structure', '', (error as Error).message];
    return { issues: [{ line, column, value, reason, severity: 'error' }] };
  }
  // The library drops a typologie it does not know: say so.
  if (structure.typologie !== undefined && !lieu.typologies?.length) {
    issues.push({
      line, column: 'typologie', value: structure.typologie, severity: 'warning',
      reason: `« ${structure.typologie} » n'est pas une typologie de structure connue de data·inclusion : la typologie est ignorée.`,
    });
  }
  return { lieu, issues };
}
