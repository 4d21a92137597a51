// Fixed-size sets of catalog positions, one bit per place: filters combine with a few thousand
// word operations instead of a scan of every place.
export type Bitset = Uint32Array;

export const emptySet = (size: number): Bitset => new Uint32Array((size + 31) >>> 5);

export function fullSet(size: number): Bitset {
  const set = emptySet(size).fill(0xffffffff);
  const extra = set.length * 32 - size;
  if (extra > 0) set[set.length - 1] = 0xffffffff >>> extra;
  return set;
}

export const add = (set: Bitset, position: number) => {
  set[position >>> 5]! |= 1 << (position & 31);
};
export const has = (set: Bitset, position: number) => (set[position >>> 5]! & (1 << (position & 31))) !== 0;

export function fromPositions(size: number, positions: Iterable<number>): Bitset {
  const set = emptySet(size);
  for (const p of positions) add(set, p);
  return set;
}

/** a := a AND b */
export function intersect(a: Bitset, b: Bitset): Bitset {
  for (let i = 0; i < a.length; i++) a[i]! &= b[i]!;
  return a;
}

/** The union of several sets, as a new set. */
export function union(size: number, sets: Bitset[]): Bitset {
  const out = emptySet(size);
  for (const s of sets) for (let i = 0; i < out.length; i++) out[i]! |= s[i]!;
  return out;
}

export function count(set: Bitset): number {
  let n = 0;
  for (let i = 0; i < set.length; i++) {
    let v = set[i]!;
    v -= (v >>> 1) & 0x55555555;
    v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
    n += (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
  }
  return n;
}

/** Positions in the set, in increasing order, starting at `from`. */
export function* positions(set: Bitset, from = 0): Generator<number> {
  for (let i = from >>> 5; i < set.length; i++) {
    let word = set[i]!;
    if (i === from >>> 5) word &= ~0 << (from & 31);
    while (word !== 0) {
      const bit = 31 - Math.clz32(word & -word);
      yield i * 32 + bit;
      word &= word - 1;
    }
  }
}
