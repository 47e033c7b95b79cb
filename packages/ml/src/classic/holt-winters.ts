/**
 * Additive Holt-Winters exponential smoothing with a damped trend, and the seasonal-naive
 * forecast it has to beat. Our own rather than the `arima` package: the monthly series here are
 * short (18–36 points), the model is a few lines, and the fit must be deterministic and
 * inspectable (its smoothing parameters are stored with the version).
 */
export interface HoltWintersModel {
  kind: 'holt-winters';
  /** Season length in steps (12 for months); 0 when the series was too short for a season. */
  period: number;
  alpha: number;
  beta: number;
  gamma: number;
  /** Trend damping: 1 is Holt's linear trend, below 1 flattens it with the horizon. */
  phi: number;
  level: number;
  trend: number;
  /** The last `period` seasonal terms, the oldest first. */
  season: number[];
  /** Standard deviation of the one-step-ahead errors on the training series. */
  sigma: number;
  /** Points it was fitted on. */
  points: number;
}

export interface Forecast {
  mean: number[];
  /** A ~80% interval (±1.28 σ_h), clipped at 0 when `nonNegative`. */
  lower: number[];
  upper: number[];
}

const ALPHAS = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
const BETAS = [0.01, 0.05, 0.1, 0.2, 0.3];
const GAMMAS = [0.05, 0.1, 0.2, 0.3, 0.5];
const PHIS = [0.9, 0.98, 1];
const Z80 = 1.2816;

interface State {
  level: number;
  trend: number;
  season: number[];
  sse: number;
  errors: number;
}

/**
 * The state before the first point: a straight line fitted to the whole training series gives
 * the level and trend, the mean residual of each month of the season its seasonal term. (Taking
 * the first season's mean as the level, the textbook shortcut, leaks the trend into the
 * seasonal terms on series this short.)
 */
function initial(y: number[], m: number) {
  const n = y.length;
  const tMean = (n - 1) / 2;
  const yMean = y.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let t = 0; t < n; t++) {
    sxy += (t - tMean) * (y[t]! - yMean);
    sxx += (t - tMean) ** 2;
  }
  const trend = sxx ? sxy / sxx : 0;
  const intercept = yMean - trend * tMean;
  const season = new Array<number>(m).fill(0);
  if (m) {
    const counts = new Array<number>(m).fill(0);
    for (let t = 0; t < n; t++) {
      season[t % m]! += y[t]! - (intercept + trend * t);
      counts[t % m]!++;
    }
    for (let i = 0; i < m; i++) season[i] = season[i]! / counts[i]!;
    const centre = season.reduce((a, b) => a + b, 0) / m;
    for (let i = 0; i < m; i++) season[i]! -= centre;
  }
  return { level: intercept - trend, trend, season };
}

function run(y: number[], m: number, a: number, b: number, g: number, phi: number): State {
  const init = initial(y, m);
  let { level, trend } = init;
  const season = [...init.season];
  let sse = 0;
  let errors = 0;
  for (let t = 0; t < y.length; t++) {
    const s = m ? season[t % m]! : 0;
    const predicted = level + phi * trend + s;
    const e = y[t]! - predicted;
    sse += e * e;
    errors++;
    const previous = level;
    level = a * (y[t]! - s) + (1 - a) * (previous + phi * trend);
    trend = b * (level - previous) + (1 - b) * phi * trend;
    if (m) season[t % m] = g * (y[t]! - level) + (1 - g) * s;
  }
  // Re-order the seasonal terms so index 0 is the season of the next step.
  const next = m ? Array.from({ length: m }, (_, i) => season[(y.length + i) % m]!) : [];
  return { level, trend, season: next, sse, errors };
}

/**
 * Fits by grid search over (α, β, γ, φ), minimising the one-step-ahead squared error. A series
 * shorter than a season plus two points gets no seasonal term (Holt's damped trend).
 */
export function fitHoltWinters(y: number[], period = 12): HoltWintersModel {
  if (y.length < 3) throw new RangeError('a forecast needs at least 3 points');
  const m = y.length >= period + 2 ? period : 0;
  let best: (State & { a: number; b: number; g: number; phi: number }) | undefined;
  for (const a of ALPHAS) {
    for (const b of BETAS) {
      for (const g of m ? GAMMAS : [0]) {
        for (const phi of PHIS) {
          const s = run(y, m, a, b, g, phi);
          if (!best || s.sse < best.sse) best = { ...s, a, b, g, phi };
        }
      }
    }
  }
  const b = best!;
  return {
    kind: 'holt-winters',
    period: m,
    alpha: b.a,
    beta: b.b,
    gamma: b.g,
    phi: b.phi,
    level: b.level,
    trend: b.trend,
    season: b.season,
    sigma: Math.sqrt(b.sse / Math.max(b.errors, 1)),
    points: y.length,
  };
}

/** `horizon` steps ahead, with the usual approximate interval of additive smoothing. */
export function forecastHoltWinters(
  model: HoltWintersModel,
  horizon: number,
  nonNegative = true,
): Forecast {
  const mean: number[] = [];
  const lower: number[] = [];
  const upper: number[] = [];
  let damp = 0;
  let variance = 0;
  for (let h = 1; h <= horizon; h++) {
    damp += model.phi ** h;
    const s = model.period ? model.season[(h - 1) % model.period]! : 0;
    const f = model.level + damp * model.trend + s;
    // σ_h² = σ² (1 + Σ_{j<h} (α + αβj + γ·[j is a whole season])²), Hyndman et al. class 1.
    if (h > 1) {
      const j = h - 1;
      const seasonal = model.period && j % model.period === 0 ? model.gamma : 0;
      variance += (model.alpha + model.alpha * model.beta * j + seasonal) ** 2;
    }
    const half = Z80 * model.sigma * Math.sqrt(1 + variance);
    const clip = (v: number) => (nonNegative ? Math.max(0, v) : v);
    mean.push(clip(f));
    lower.push(clip(f - half));
    upper.push(clip(f + half));
  }
  return { mean, lower, upper };
}

/** The same month a season earlier (the last value when the series is shorter than a season). */
export function seasonalNaive(y: number[], horizon: number, period = 12): number[] {
  return Array.from({ length: horizon }, (_, i) => {
    if (y.length < period) return y.at(-1) ?? 0;
    const back = period * Math.ceil((i + 1) / period);
    return y[y.length - back + i]!;
  });
}
