// Owns the data·inclusion export: a JSON array of structures (schema data·inclusion), each built
// by the ANCT library's toSchemaStructureDataInclusion from the place in the standard's model.
import type { Writable } from 'node:stream';
import { isRna, toSchemaStructureDataInclusion, type SchemaStructureDataInclusion } from '@gouvfr-anct/lieux-de-mediation-numerique';
import type { StoredLieu } from '../store/read-lieux.ts';
import { toStandardModel } from './flat.ts';
import { writeJsonArray } from './sink.ts';

export function toDataInclusionStructure(lieu: StoredLieu): SchemaStructureDataInclusion {
  const structure = toSchemaStructureDataInclusion(toStandardModel(lieu));
  // The library writes every pivot as a SIRET; an RNA number belongs in its own field.
  if (!isRna(lieu.data.pivot)) return structure;
  const { siret: _siret, ...rest } = structure;
  return { ...rest, rna: lieu.data.pivot };
}

export const writeDataInclusion = (lieux: AsyncIterable<StoredLieu>, out: Writable): Promise<number> =>
  writeJsonArray(out, lieux, toDataInclusionStructure);
