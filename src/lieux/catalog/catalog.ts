// Owns the catalog: the visible places of one database, held in memory, sorted in list order and
// indexed for filters, so that lists and searches cost microseconds instead of SQL queries.
// It is a read model, not state: every read first asks the database for its lieux version (one
// tiny query, shared by the reads that arrive together) and loads the places written since, so
// several processes sharing a PostgreSQL server each see every committed write (decision 008).
// The embedded database, whose writers are all in this process, notifies its changes instead.
import type { Db } from '../../platform/db.ts';
import { compareEntries, currentVersion, loadChanges, type CatalogEntry } from './entry.ts';
import { buildFilterIndex, type FilterIndex } from './filter-index.ts';

export type CatalogSnapshot = {
  version: number;
  /** Visible places in list order (name, id). */
  entries: readonly CatalogEntry[];
  index: FilterIndex;
  byId: ReadonlyMap<string, number>;
};

type State = {
  snapshot?: CatalogSnapshot;
  pending?: Promise<CatalogSnapshot>;
  queued?: Promise<CatalogSnapshot>;
  /** With notifications: set when a write was committed since the last version read. */
  notified?: { dirty: boolean; ready: Promise<void> };
};
const states = new WeakMap<Db, State>();

/**
 * The catalog as of a version read after this call began. Reads arriving while a check is
 * running wait for the next check (not the running one, which may have read the version before
 * their writer committed): under load, one version query serves every read of a round.
 */
export async function catalog(db: Db): Promise<CatalogSnapshot> {
  let state = states.get(db);
  if (!state) states.set(db, (state = {}));
  const s = state;
  if (db.listen) {
    const notified = (s.notified ??= { dirty: true, ready: db.listen('lieux_changed', () => (notified.dirty = true)) });
    await notified.ready;
    if (!notified.dirty && s.snapshot && !s.pending) return s.snapshot;
  }
  const start = () => (s.pending = refresh(db, s)
    .catch((error: unknown) => {
      if (s.notified) s.notified.dirty = true; // try again on the next read
      throw error;
    })
    .finally(() => (s.pending = undefined)));
  if (!s.pending) return start();
  // A check started after the running one finished began after this read arrived: join it.
  s.queued ??= s.pending.catch(() => undefined).then(() => {
    s.queued = undefined;
    return s.pending ?? start();
  });
  return s.queued;
}

async function refresh(db: Db, state: State): Promise<CatalogSnapshot> {
  // Cleared before the version is read: a write committed from now on marks it again.
  if (state.notified) state.notified.dirty = false;
  const version = await currentVersion(db);
  const previous = state.snapshot;
  if (previous && previous.version === version) return previous;
  // The version is read first: rows up to it are committed; rows of later writes that are
  // already visible are loaded too and simply loaded again next time.
  const changes = await loadChanges(db, previous?.version ?? -1);
  const byIdEntries = new Map<string, CatalogEntry>(previous ? previous.entries.map((e) => [e.id, e]) : []);
  for (const { merged_into, ...entry } of changes) {
    if (merged_into) byIdEntries.delete(entry.id);
    else byIdEntries.set(entry.id, entry);
  }
  if (previous && changes.length === 0) return (state.snapshot = { ...previous, version });
  const entries = [...byIdEntries.values()].sort(compareEntries);
  const snapshot: CatalogSnapshot = {
    version,
    entries,
    index: buildFilterIndex(entries),
    byId: new Map(entries.map((e, i) => [e.id, i])),
  };
  // A slower concurrent refresh must not replace a newer snapshot.
  if (!state.snapshot || state.snapshot.version <= version) state.snapshot = snapshot;
  return snapshot;
}
