/** Column means and standard deviations of a row-major matrix, to put features on one scale. */
export interface Standardizer {
  mean: number[];
  std: number[];
}

/** Fits a standardizer on `rows` (n × d, row-major); a constant column keeps std 1. */
export function fitStandardizer(x: ArrayLike<number>, d: number): Standardizer {
  const n = x.length / d;
  const mean = new Array<number>(d).fill(0);
  const sq = new Array<number>(d).fill(0);
  for (let r = 0; r < n; r++) for (let c = 0; c < d; c++) mean[c]! += x[r * d + c]! / n;
  for (let r = 0; r < n; r++)
    for (let c = 0; c < d; c++) sq[c]! += (x[r * d + c]! - mean[c]!) ** 2 / n;
  return { mean, std: sq.map((v) => (v > 1e-12 ? Math.sqrt(v) : 1)) };
}

export function standardize(s: Standardizer, x: ArrayLike<number>): Float64Array {
  const d = s.mean.length;
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = (x[i]! - s.mean[i % d]!) / s.std[i % d]!;
  return out;
}
