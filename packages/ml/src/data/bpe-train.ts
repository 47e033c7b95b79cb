// Learning the merges of a byte-level BPE. Counting every pair again after each merge costs
// merges × corpus; here pair counts are kept up to date by re-counting only the words that
// hold the merged pair, and the most frequent pair comes from a heap whose stale entries are
// skipped, so a 4,000-merge vocabulary on a few megabytes of text takes seconds.

const pairKey = (a: number, b: number) => a * 1_048_576 + b;

interface Word {
  symbols: number[];
  count: number;
}

/** A max-heap of [count, pair key]; ties go to the smaller key (the earlier byte pair). */
class PairHeap {
  private counts: number[] = [];
  private keys: number[] = [];

  get size(): number {
    return this.keys.length;
  }

  private above(i: number, j: number): boolean {
    const ci = this.counts[i]!;
    const cj = this.counts[j]!;
    return ci > cj || (ci === cj && this.keys[i]! < this.keys[j]!);
  }

  private swap(i: number, j: number): void {
    [this.counts[i], this.counts[j]] = [this.counts[j]!, this.counts[i]!];
    [this.keys[i], this.keys[j]] = [this.keys[j]!, this.keys[i]!];
  }

  push(count: number, key: number): void {
    this.counts.push(count);
    this.keys.push(key);
    let i = this.keys.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.above(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  pop(): [number, number] {
    const top: [number, number] = [this.counts[0]!, this.keys[0]!];
    const lastCount = this.counts.pop()!;
    const lastKey = this.keys.pop()!;
    if (this.keys.length > 0) {
      this.counts[0] = lastCount;
      this.keys[0] = lastKey;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let best = i;
        if (l < this.keys.length && this.above(l, best)) best = l;
        if (r < this.keys.length && this.above(r, best)) best = r;
        if (best === i) break;
        this.swap(i, best);
        i = best;
      }
    }
    return top;
  }
}

/** Replaces every non-overlapping (a, b), left to right, by `merged` (as encoding does). */
function mergeSymbols(symbols: number[], a: number, b: number, merged: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < symbols.length; i++) {
    if (i + 1 < symbols.length && symbols[i] === a && symbols[i + 1] === b) {
      out.push(merged);
      i++;
    } else out.push(symbols[i]!);
  }
  return out;
}

/**
 * The merges of a byte-level BPE over pre-tokens with their counts: each step joins the most
 * frequent adjacent pair (ties: the smaller pair of ids), until `merges` are learned or no pair
 * is seen `minFrequency` times. Deterministic for a given count table.
 */
export function learnByteMerges(
  counts: Map<string, number>,
  options: { merges: number; minFrequency: number },
): [number, number][] {
  const encoder = new TextEncoder();
  const words: Word[] = [...counts.entries()]
    .sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0))
    .map(([w, count]) => ({ symbols: Array.from(encoder.encode(w)), count }));
  const pairCounts = new Map<number, number>();
  const where = new Map<number, Set<number>>();
  const addPairs = (w: number, sign: 1 | -1, touched: Set<number>) => {
    const { symbols, count } = words[w]!;
    for (let i = 0; i + 1 < symbols.length; i++) {
      const key = pairKey(symbols[i]!, symbols[i + 1]!);
      pairCounts.set(key, (pairCounts.get(key) ?? 0) + sign * count);
      touched.add(key);
      if (sign > 0) {
        const set = where.get(key);
        if (set) set.add(w);
        else where.set(key, new Set([w]));
      }
    }
  };
  const initial = new Set<number>();
  for (let w = 0; w < words.length; w++) addPairs(w, 1, initial);
  const heap = new PairHeap();
  for (const key of initial) heap.push(pairCounts.get(key)!, key);

  const learned: [number, number][] = [];
  while (learned.length < options.merges && heap.size > 0) {
    const [count, key] = heap.pop();
    // A stale entry: the pair's count changed after it was pushed.
    if (pairCounts.get(key) !== count) continue;
    if (count < options.minFrequency) break;
    const a = Math.floor(key / 1_048_576);
    const b = key % 1_048_576;
    const merged = 256 + learned.length;
    learned.push([a, b]);
    const touched = new Set<number>();
    for (const w of where.get(key) ?? []) {
      addPairs(w, -1, touched);
      words[w]!.symbols = mergeSymbols(words[w]!.symbols, a, b, merged);
      addPairs(w, 1, touched);
    }
    where.delete(key);
    pairCounts.delete(key);
    for (const k of touched) {
      const c = pairCounts.get(k);
      if (c === undefined) continue;
      if (c <= 0) pairCounts.delete(k);
      else heap.push(c, k);
    }
  }
  return learned;
}
