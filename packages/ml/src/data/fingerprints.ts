/** 64-bit FNV-1a style fingerprint of a string as two 32-bit halves (hi, lo). */
export function fingerprint(text: string): [number, number] {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 13;
  }
  return [h1 >>> 0, (h2 ^ (h1 >>> 7)) >>> 0 || 1];
}

/**
 * A compact hash map from 64-bit fingerprints to (row, label, tag), in typed arrays (16 bytes a
 * slot, 20 with tags) so duplicate and conflict detection over millions of rows fits in memory.
 * Labels are 32-bit so every class id (up to MAX_CLASSES) and the two markers of clean.ts fit.
 */
export class FingerprintMap {
  private hi: Uint32Array;
  private lo: Uint32Array;
  private rows: Int32Array;
  private labels: Uint32Array;
  private tags: Uint32Array | undefined;
  size = 0;

  /** `withTags`: keep a 32-bit tag per entry (e.g. the exact-text hash of a near duplicate). */
  constructor(withTags = false, capacity = 1 << 12) {
    this.hi = new Uint32Array(capacity);
    this.lo = new Uint32Array(capacity);
    this.rows = new Int32Array(capacity);
    this.labels = new Uint32Array(capacity);
    this.tags = withTags ? new Uint32Array(capacity) : undefined;
  }

  /** The slot of a fingerprint, or -1. */
  find(key: [number, number]): number {
    const capacity = this.lo.length;
    for (let i = this.home(key); ; i = i + 1 === capacity ? 0 : i + 1) {
      if (this.lo[i] === 0) return -1;
      if (this.lo[i] === key[1] && this.hi[i] === key[0]) return i;
    }
  }

  get(slot: number) {
    return {
      row: this.rows[slot]!,
      label: this.labels[slot]!,
      tag: this.tags ? this.tags[slot]! : 0,
    };
  }

  setRow(slot: number, row: number): void {
    this.rows[slot] = row;
  }

  set(key: [number, number], row: number, label: number, tag: number): void {
    if ((this.size + 1) * 4 > this.lo.length * 3) this.grow();
    const capacity = this.lo.length;
    let i = this.home(key);
    while (this.lo[i] !== 0 && !(this.lo[i] === key[1] && this.hi[i] === key[0])) {
      i = i + 1 === capacity ? 0 : i + 1;
    }
    if (this.lo[i] === 0) this.size++;
    this.hi[i] = key[0];
    this.lo[i] = key[1];
    this.rows[i] = row;
    this.labels[i] = label;
    if (this.tags) this.tags[i] = tag;
  }

  private home(key: [number, number]): number {
    return ((key[0] ^ Math.imul(key[1], 0x9e3779b1)) >>> 0) % this.lo.length;
  }

  /** Grows by half (not double) to keep the peak of old plus new tables small. */
  private grow(): void {
    const old = { hi: this.hi, lo: this.lo, rows: this.rows, labels: this.labels, tags: this.tags };
    const capacity = Math.ceil(old.lo.length * 1.5);
    this.hi = new Uint32Array(capacity);
    this.lo = new Uint32Array(capacity);
    this.rows = new Int32Array(capacity);
    this.labels = new Uint32Array(capacity);
    this.tags = old.tags ? new Uint32Array(capacity) : undefined;
    this.size = 0;
    for (let i = 0; i < old.lo.length; i++) {
      if (old.lo[i] !== 0) {
        this.set(
          [old.hi[i]!, old.lo[i]!],
          old.rows[i]!,
          old.labels[i]!,
          old.tags ? old.tags[i]! : 0,
        );
      }
    }
  }
}
