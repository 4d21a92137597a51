// Owns when an import writes its new places without the secondary indexes and foreign keys of
// lieux, source_records and change_log (platform/deferred-indexes.ts), building them again once
// at the end: ~0.9 s less for a first import of 30,000 places into PGlite (2.9 → 2.0 s of
// statements, docs/benchmarks.md). Decision 029 says why it is limited to large imports into
// the embedded database.
import type { Queryable } from '../../platform/db.ts';
import { deferIndexes, type DeferredIndexes } from '../../platform/deferred-indexes.ts';

const TABLES = ['lieux', 'source_records', 'change_log'];
// Read by the writes themselves: a changed record's place is recomposed from its records, and
// the trigger that keeps a record's data (migration 016) looks records up by place.
const KEPT = ['source_records_lieu'];

export type IndexDeferral = {
  /** Called once the import's transaction has begun, before any batch. */
  start(): Promise<void>;
  /** Called before each batch with the places created so far by this import. */
  beforeBatch(created: number): Promise<void>;
  /** Builds again what was deferred, if anything (before the transaction commits). */
  finish(): Promise<void>;
  readonly deferred: boolean;
};

/**
 * Indexes are deferred as soon as the import has created at least twice as many places as the
 * table held before it began: rebuilding costs in proportion to the whole table, so it pays when
 * the import brings most of the rows. Into an empty table (a first import), that is from the
 * first row. `allowed` is for large files only: for a few rows, dropping and building the
 * indexes costs more than it saves.
 */
export function indexDeferral(tx: Queryable, allowed: boolean): IndexDeferral {
  let before = 0;
  let deferred: DeferredIndexes | undefined;
  const deferIfWorth = async (created: number) => {
    if (allowed && !deferred && created >= 2 * before) deferred = await deferIndexes(tx, TABLES, KEPT);
  };
  return {
    get deferred() {
      return deferred !== undefined;
    },
    async start() {
      if (!allowed) return;
      const [row] = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM lieux');
      before = row?.n ?? 0;
      await deferIfWorth(0);
    },
    beforeBatch: deferIfWorth,
    async finish() {
      await deferred?.restore();
    },
  };
}
