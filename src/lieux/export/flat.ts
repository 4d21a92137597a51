// Owns expressing a stored place in the national standard as the ANCT library models it: the
// structured model (input of the library's mappers) and the flat form (one field per column,
// lists joined with '|'), with the INSEE code Passerelle resolved when the source gave none.
import {
  toSchemaLieuMediationNumerique, type LieuMediationNumerique, type SchemaLieuMediationNumerique,
} from '@gouvfr-anct/lieux-de-mediation-numerique';
import { STANDARD_COLUMNS } from '../formats/standard-row.ts';
import type { StoredLieu } from '../store/read-lieux.ts';

export function toStandardModel(lieu: StoredLieu): LieuMediationNumerique {
  const { data } = lieu;
  const code_insee = data.adresse.code_insee ?? lieu.commune_code ?? undefined;
  // LieuData is the library's model plus our extensions, with date_maj as an ISO date string:
  // the library's mappers accept it (they only read the fields of the standard).
  return { ...data, adresse: { ...data.adresse, ...(code_insee !== undefined && { code_insee }) } } as unknown as LieuMediationNumerique;
}

/** The flat form, its keys in the order of the standard's columns. */
export function toStandardRow(lieu: StoredLieu): SchemaLieuMediationNumerique {
  const flat = toSchemaLieuMediationNumerique(toStandardModel(lieu)) as Record<string, unknown>;
  const ordered: Record<string, unknown> = {};
  for (const column of STANDARD_COLUMNS) if (flat[column] !== undefined) ordered[column] = flat[column];
  return ordered as SchemaLieuMediationNumerique;
}
