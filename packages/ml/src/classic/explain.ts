/**
 * Why a model scored a row as it did, for any model: each column in turn set to its training
 * mean, and the change in the prediction it causes (positive: the column's value raised it).
 * One batched prediction of d + 1 rows; exact for additive models, a fair local reading for
 * trees.
 */
export function substitutionEffects(
  predict: (x: Float64Array) => Float64Array,
  row: ArrayLike<number>,
  means: ArrayLike<number>,
  columns: readonly string[],
): { column: string; value: number; effect: number }[] {
  const d = columns.length;
  const x = new Float64Array((d + 1) * d);
  for (let r = 0; r <= d; r++) {
    for (let c = 0; c < d; c++) x[r * d + c] = r > 0 && c === r - 1 ? means[c]! : row[c]!;
  }
  const p = predict(x);
  return columns
    .map((column, c) => ({ column, value: row[c]!, effect: p[0]! - p[c + 1]! }))
    .sort((a, b) => b.effect - a.effect);
}

/** Column means of a row-major matrix. */
export function columnMeans(x: ArrayLike<number>, d: number): number[] {
  const n = x.length / d;
  const means = new Array<number>(d).fill(0);
  for (let i = 0; i < n; i++) for (let c = 0; c < d; c++) means[c]! += x[i * d + c]! / n;
  return means;
}
