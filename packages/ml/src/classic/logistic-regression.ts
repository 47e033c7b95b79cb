import { solveLinear } from './linear-solve.ts';
import { fitStandardizer, type Standardizer, standardize } from './standardize.ts';

/** A fitted binary logistic regression on standardised features (JSON, for the registry). */
export interface LogisticModel {
  kind: 'logistic-regression';
  columns: string[];
  scaler: Standardizer;
  intercept: number;
  /** One weight per standardised column: the change in log-odds per standard deviation. */
  weights: number[];
  /** L2 penalty it was fitted with, and the Newton iterations it took. */
  l2: number;
  iterations: number;
}

export interface LogisticOptions {
  /** L2 penalty on the weights (not the intercept); default 1. */
  l2?: number;
  /** Newton iterations at most (default 25); stops when the step is below 1e-8. */
  maxIterations?: number;
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/**
 * Fits P(y = 1 | x) = σ(b + w·z), z the standardised x, by Newton's method on the penalised
 * log-likelihood (iteratively reweighted least squares). Deterministic: no seed, no learning
 * rate, the same data give the same weights.
 */
export function fitLogistic(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  columns: string[],
  options: LogisticOptions = {},
): LogisticModel {
  const d = columns.length;
  const n = y.length;
  const l2 = options.l2 ?? 1;
  const scaler = fitStandardizer(x, d);
  const z = standardize(scaler, x);
  const p = d + 1;
  const beta = new Float64Array(p);
  let iterations = 0;
  for (; iterations < (options.maxIterations ?? 25); iterations++) {
    const grad = new Float64Array(p);
    const hess = new Float64Array(p * p);
    const row = new Float64Array(p);
    for (let i = 0; i < n; i++) {
      row[0] = 1;
      let eta = beta[0]!;
      for (let c = 0; c < d; c++) {
        row[c + 1] = z[i * d + c]!;
        eta += beta[c + 1]! * row[c + 1]!;
      }
      const mu = sigmoid(eta);
      const w = Math.max(mu * (1 - mu), 1e-9);
      const r = y[i]! - mu;
      for (let a = 0; a < p; a++) {
        grad[a]! += r * row[a]!;
        const wa = w * row[a]!;
        for (let b = a; b < p; b++) hess[a * p + b]! += wa * row[b]!;
      }
    }
    for (let a = 0; a < p; a++) {
      for (let b = 0; b < a; b++) hess[a * p + b] = hess[b * p + a]!;
      if (a > 0) {
        grad[a]! -= l2 * beta[a]!;
        hess[a * p + a]! += l2;
      }
    }
    const step = solveLinear(hess, grad);
    let size = 0;
    for (let a = 0; a < p; a++) {
      beta[a]! += step[a]!;
      size = Math.max(size, Math.abs(step[a]!));
    }
    if (size < 1e-8) {
      iterations++;
      break;
    }
  }
  return {
    kind: 'logistic-regression',
    columns: [...columns],
    scaler,
    intercept: beta[0]!,
    weights: Array.from(beta.subarray(1)),
    l2,
    iterations,
  };
}

/** P(y = 1) of each row of `x` (n × columns, row-major). */
export function predictLogistic(model: LogisticModel, x: ArrayLike<number>): Float64Array {
  const d = model.columns.length;
  const n = x.length / d;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let eta = model.intercept;
    for (let c = 0; c < d; c++) {
      eta += (model.weights[c]! * (x[i * d + c]! - model.scaler.mean[c]!)) / model.scaler.std[c]!;
    }
    out[i] = sigmoid(eta);
  }
  return out;
}

/**
 * What each column adds to one row's log-odds against an average row (weight × standardised
 * value): the row's reasons, largest first.
 */
export function logisticContributions(
  model: LogisticModel,
  row: ArrayLike<number>,
): { column: string; value: number; contribution: number }[] {
  return model.columns
    .map((column, c) => ({
      column,
      value: row[c]!,
      contribution: (model.weights[c]! * (row[c]! - model.scaler.mean[c]!)) / model.scaler.std[c]!,
    }))
    .sort((a, b) => b.contribution - a.contribution);
}
