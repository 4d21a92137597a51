// Multi-row writes: one statement per batch of rows sent as a JSON array and expanded with
// jsonb_to_recordset, the fastest portable way on both PGlite and a PostgreSQL server.

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
