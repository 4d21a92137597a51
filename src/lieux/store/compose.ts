// Owns how one place is built from the records of several sources: for each field, the value of
// the most recently updated record that has it (ties: the record seen first). A record may hold
// null for a field: its source says the field has no value (a manager cleared a phone number in
// the form), so older records do not show through. Pure functions.
import { LIEU_FIELDS, type LieuData } from '../domain/lieu.ts';

export type SourceRecord = { source: string; source_id: string; data: LieuData };
export type Provenance = Partial<Record<(typeof LIEU_FIELDS)[number], { source: string; source_id: string }>>;

export function composeLieu(records: readonly SourceRecord[]): { data: LieuData; provenance: Provenance } {
  if (records.length === 0) throw new Error('A place needs at least one source record');
  const ordered = [...records].sort((a, b) => (b.data.date_maj ?? '').localeCompare(a.data.date_maj ?? ''));
  const first = ordered[0]!;
  const data = { id: first.data.id } as LieuData;
  const provenance: Provenance = {};
  for (const field of LIEU_FIELDS) {
    const from = ordered.find((r) => r.data[field] !== undefined);
    if (!from) continue;
    if (from.data[field] !== null) (data as Record<string, unknown>)[field] = from.data[field];
    provenance[field] = { source: from.source, source_id: from.source_id };
  }
  return { data, provenance };
}
