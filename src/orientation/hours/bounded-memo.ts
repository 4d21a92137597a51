// Owns the bounded memo of pure computations on opening hours: thousands of places share a few
// hundred distinct hours values, so parses and answers are computed once per distinct input.
// Only pure functions of the key are memoised (never data that can change): nothing to invalidate.

export class BoundedMemo<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly maxEntries = 5000) {}

  /** The memoised value of `key`, computing it once; when full, the memo is emptied and starts again. */
  get(key: string, compute: () => V): V {
    if (this.entries.has(key)) return this.entries.get(key)!;
    const value = compute();
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(key, value);
    return value;
  }
}
