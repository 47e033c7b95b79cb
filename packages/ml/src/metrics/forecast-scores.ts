/**
 * Forecast errors. MAPE is the one people quote; it is undefined where the actual value is 0,
 * so those points are left out of it. sMAPE (|F − A| / ((|A| + |F|) / 2), 0 where both are 0)
 * stays defined and bounded (0 to 2), which is why model choices are made on it.
 */
export interface ForecastScores {
  points: number;
  /** Mean absolute percentage error over points with a non-zero actual; null if none. */
  mape: number | null;
  smape: number;
  mae: number;
}

export function scoreForecast(
  forecast: ArrayLike<number>,
  actual: ArrayLike<number>,
): ForecastScores {
  const n = actual.length;
  let ape = 0;
  let apePoints = 0;
  let sape = 0;
  let ae = 0;
  for (let i = 0; i < n; i++) {
    const f = forecast[i]!;
    const a = actual[i]!;
    const e = Math.abs(f - a);
    ae += e;
    if (a !== 0) {
      ape += e / Math.abs(a);
      apePoints++;
    }
    const denominator = Math.abs(a) + Math.abs(f);
    sape += denominator === 0 ? 0 : (2 * e) / denominator;
  }
  return {
    points: n,
    mape: apePoints ? ape / apePoints : null,
    smape: n ? sape / n : 0,
    mae: n ? ae / n : 0,
  };
}
