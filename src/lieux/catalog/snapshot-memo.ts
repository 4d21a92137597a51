// Owns answers remembered for one catalog snapshot: a response body computed from a snapshot is
// the same for every request that reads that snapshot, so the API keeps it (bounded in bytes)
// until the catalog moves to a newer version. It is part of the read model, not state: the
// snapshot is only reached through catalog(db), which checks the database's version first, and
// the memo goes away with its snapshot (decision 008, 026).
import type { CatalogSnapshot } from './catalog.ts';

/** Bytes of bodies kept per snapshot: ~200 pages of 50 places. */
const BUDGET = 16 * 1024 * 1024;

type Memo = { bodies: Map<string, Buffer>; bytes: number };
const memos = new WeakMap<CatalogSnapshot, Memo>();

/**
 * The body remembered under `key` for this snapshot, else the one `compute` gives (remembered
 * unless it is undefined). The oldest bodies are forgotten first when the budget is spent.
 */
export async function memoBody(snapshot: CatalogSnapshot, key: string, compute: () => Promise<string | undefined> | string | undefined): Promise<Buffer | undefined> {
  let memo = memos.get(snapshot);
  const known = memo?.bodies.get(key);
  if (known) return known;
  const text = await compute();
  if (text === undefined) return undefined;
  const body = Buffer.from(text);
  if (body.length > BUDGET / 4) return body;
  if (!memo) memos.set(snapshot, (memo = { bodies: new Map(), bytes: 0 }));
  for (const [oldKey, old] of memo.bodies) {
    if (memo.bytes + body.length <= BUDGET) break;
    memo.bodies.delete(oldKey);
    memo.bytes -= old.length;
  }
  memo.bodies.set(key, body);
  memo.bytes += body.length;
  return body;
}
