// Dropout masks from a counter-based hash: element i of a mask under `seed` is kept when the
// top 24 bits of hash(seed, i), as a fraction of 2^24, are >= rate. The native kernels compute
// the same bits (native/vmath.h), so a seeded dropout gives the same mask on every backend and
// the backward pass recomputes the forward pass's mask instead of storing it.

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The 32 hash bits of element `i` under `seed` (both taken as unsigned 32-bit integers). */
export function dropoutBits(seed: number, i: number): number {
  const s = seed >>> 0;
  return (fmix32(fmix32((i ^ Math.imul(s, 0x9e3779b9)) >>> 0) + s) >>> 0) >>> 0;
}

/** 1 / (1 - rate) rounded to float32: the factor kept elements are multiplied by. */
export function dropoutScale(rate: number): number {
  return Math.fround(1 / (1 - rate));
}

/** Multipliers (0 or 1 / (1 - rate)) of `n` elements, starting at element `offset`. */
export function dropoutMask(n: number, rate: number, seed: number, offset = 0): Float32Array {
  if (!(rate >= 0 && rate < 1)) throw new RangeError(`dropout rate must be in [0, 1); got ${rate}`);
  const scale = dropoutScale(rate);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const u = (dropoutBits(seed, offset + i) >>> 8) / 16777216;
    out[i] = u >= rate ? scale : 0;
  }
  return out;
}
