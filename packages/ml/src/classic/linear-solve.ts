/**
 * Solves A·x = b for a small dense system (A is d × d, row-major) by Gaussian elimination with
 * partial pivoting. Used for Newton steps of models with a few dozen parameters, where a
 * library would cost more than it saves.
 */
export function solveLinear(a: Float64Array, b: Float64Array): Float64Array {
  const d = b.length;
  const m = Float64Array.from(a);
  const x = Float64Array.from(b);
  for (let col = 0; col < d; col++) {
    let pivot = col;
    for (let r = col + 1; r < d; r++) {
      if (Math.abs(m[r * d + col]!) > Math.abs(m[pivot * d + col]!)) pivot = r;
    }
    if (Math.abs(m[pivot * d + col]!) < 1e-12) throw new Error('singular system');
    if (pivot !== col) {
      for (let c = 0; c < d; c++) {
        const t = m[col * d + c]!;
        m[col * d + c] = m[pivot * d + c]!;
        m[pivot * d + c] = t;
      }
      const t = x[col]!;
      x[col] = x[pivot]!;
      x[pivot] = t;
    }
    for (let r = col + 1; r < d; r++) {
      const f = m[r * d + col]! / m[col * d + col]!;
      if (f === 0) continue;
      for (let c = col; c < d; c++) m[r * d + c]! -= f * m[col * d + c]!;
      x[r]! -= f * x[col]!;
    }
  }
  for (let r = d - 1; r >= 0; r--) {
    let s = x[r]!;
    for (let c = r + 1; c < d; c++) s -= m[r * d + c]! * x[c]!;
    x[r] = s / m[r * d + r]!;
  }
  return x;
}
