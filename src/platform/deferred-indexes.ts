// Owns PostgreSQL's bulk-load technique ("Populating a Database" in its manual): inside a
// transaction, drop some tables' secondary indexes and foreign keys, write many rows, then create
// them again, so that each index is built once from sorted rows and each foreign key is checked
// by one join, instead of one index insertion and one key lookup per row. DDL is transactional:
// if the transaction does not commit, the indexes and constraints are back as they were.
// DROP INDEX locks the table against readers until the end of the transaction, so the caller
// decides when that is acceptable (see import-file.ts).
import type { Queryable } from './db.ts';

export type DeferredIndexes = {
  /** What was dropped, by name (tests, logs). */
  readonly dropped: readonly string[];
  /** Creates again, from their own definitions, every index and constraint that was dropped. */
  restore(): Promise<void>;
};

/**
 * Drops the secondary indexes (not those behind a primary key, a unique or an exclusion
 * constraint) and the foreign keys of `tables`, except the indexes named in `keep` (those the
 * writes themselves read by). Definitions are read from the catalog, so they stay those of the
 * migrations.
 */
export async function deferIndexes(tx: Queryable, tables: readonly string[], keep: readonly string[] = []): Promise<DeferredIndexes> {
  const indexes = await tx.query<{ name: string; definition: string }>(
    `SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname) AS name, pg_get_indexdef(i.indexrelid) AS definition
       FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE i.indrelid = ANY($1::text[]::regclass[]) AND NOT i.indisprimary AND NOT i.indisunique AND NOT i.indisexclusion
        AND c.relname <> ALL($2::text[])
      ORDER BY c.relname`,
    [tables, keep],
  );
  const foreignKeys = await tx.query<{ table_name: string; name: string; definition: string }>(
    `SELECT conrelid::regclass::text AS table_name, quote_ident(conname) AS name, pg_get_constraintdef(oid) AS definition
       FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY($1::text[]::regclass[]) ORDER BY conname`,
    [tables],
  );
  for (const fk of foreignKeys) await tx.query(`ALTER TABLE ${fk.table_name} DROP CONSTRAINT ${fk.name}`);
  for (const index of indexes) await tx.query(`DROP INDEX ${index.name}`);
  return {
    dropped: [...indexes.map((i) => i.name), ...foreignKeys.map((f) => f.name)],
    restore: async () => {
      for (const index of indexes) await tx.query(index.definition);
      for (const fk of foreignKeys) await tx.query(`ALTER TABLE ${fk.table_name} ADD CONSTRAINT ${fk.name} ${fk.definition}`);
    },
  };
}
