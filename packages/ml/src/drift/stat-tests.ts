/**
 * The statistical tests of drift detection, written to give what Evidently's stattests give
 * (which call scipy): two-sample Kolmogorov-Smirnov, chi-square against the reference's
 * proportions, the two-proportion z-test, the normalised Wasserstein distance, Jensen-Shannon
 * distance and the population stability index over Evidently's binning (30 equal-width bins over
 * both samples, empty bins counted as 0.0001). Tests compare the values with scipy's.
 */

/** Evidently's value for empty bins, so logarithms stay finite. */
const EMPTY_BIN = 0.0001;

function sorted(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values).sort();
}

/** The Kolmogorov distribution's survival function Q(λ) = 2 Σ (-1)^(k-1) e^(-2k²λ²). */
export function kolmogorovSurvival(lambda: number): number {
  if (lambda < 0.2) return 1;
  let sum = 0;
  for (let k = 1; k <= 100; k++) {
    const term = Math.exp(-2 * k * k * lambda * lambda);
    sum += (k % 2 === 1 ? 1 : -1) * term;
    if (term < 1e-12) break;
  }
  return Math.min(1, Math.max(0, 2 * sum));
}

/**
 * Two-sample Kolmogorov-Smirnov: the largest gap between the empirical distributions and its
 * p-value (Kolmogorov's limit with Stephens' small-sample correction, within a few per cent of
 * scipy's exact value at the sizes drift checks use).
 */
export function ksTest(a: ArrayLike<number>, b: ArrayLike<number>) {
  const x = sorted(a);
  const y = sorted(b);
  const n = x.length;
  const m = y.length;
  let i = 0;
  let j = 0;
  let statistic = 0;
  while (i < n && j < m) {
    const v = Math.min(x[i]!, y[j]!);
    while (i < n && x[i]! <= v) i++;
    while (j < m && y[j]! <= v) j++;
    statistic = Math.max(statistic, Math.abs(i / n - j / m));
  }
  const en = Math.sqrt((n * m) / (n + m));
  return { statistic, pValue: kolmogorovSurvival((en + 0.12 + 0.11 / en) * statistic) };
}

/** The 1-D Wasserstein (earth mover's) distance between two samples. */
export function wassersteinDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const x = sorted(a);
  const y = sorted(b);
  const all = sorted([...x, ...y]);
  let i = 0;
  let j = 0;
  let distance = 0;
  for (let k = 0; k < all.length - 1; k++) {
    const v = all[k]!;
    while (i < x.length && x[i]! <= v) i++;
    while (j < y.length && y[j]! <= v) j++;
    distance += Math.abs(i / x.length - j / y.length) * (all[k + 1]! - v);
  }
  return distance;
}

/** Population standard deviation (numpy's default, ddof 0). */
export function populationStd(values: ArrayLike<number>): number {
  let mean = 0;
  for (let i = 0; i < values.length; i++) mean += values[i]!;
  mean /= values.length || 1;
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += (values[i]! - mean) ** 2;
  return Math.sqrt(sum / (values.length || 1));
}

/** Wasserstein distance divided by the reference's standard deviation (at least 0.001). */
export function normedWasserstein(reference: ArrayLike<number>, current: ArrayLike<number>) {
  return wassersteinDistance(reference, current) / Math.max(populationStd(reference), 0.001);
}

function logGamma(x: number): number {
  const c = [
    76.18009172947146, -86.50532032941678, 24.01409824083091, -1.231739572450155,
    0.001208650973866179, -0.000005395239384953,
  ];
  let y = x;
  const tmp = x + 5.5 - (x + 0.5) * Math.log(x + 5.5);
  let ser = 1.000000000190015;
  for (const coefficient of c) ser += coefficient / ++y;
  return -tmp + Math.log((2.5066282746310007 * ser) / x);
}

/** The regularised upper incomplete gamma function Q(a, x) (series or continued fraction). */
export function upperGamma(a: number, x: number): number {
  if (x <= 0) return 1;
  const gln = logGamma(a);
  if (x < a + 1) {
    let ap = a;
    let sum = 1 / a;
    let del = sum;
    for (let n = 0; n < 500; n++) {
      del *= x / ++ap;
      sum += del;
      if (Math.abs(del) < Math.abs(sum) * 1e-15) break;
    }
    return Math.max(0, 1 - sum * Math.exp(-x + a * Math.log(x) - gln));
  }
  let b = x + 1 - a;
  let c = 1 / 1e-300;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 500; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < 1e-300) d = 1e-300;
    c = b + an / c;
    if (Math.abs(c) < 1e-300) c = 1e-300;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-15) break;
  }
  return Math.min(1, Math.exp(-x + a * Math.log(x) - gln) * h);
}

/** P(X > x) for a chi-square variable with `df` degrees of freedom. */
export function chiSquareSurvival(x: number, df: number): number {
  return upperGamma(df / 2, x / 2);
}

/** The standard normal CDF, through erfc (Numerical Recipes' erfcc, |error| < 1.2e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * x);
  const y =
    t *
    Math.exp(
      -x * x -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t *
                              (-1.13520398 +
                                t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return z >= 0 ? 1 - y / 2 : y / 2;
}

function counts(values: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const v of values) out.set(v, (out.get(v) ?? 0) + 1);
  return out;
}

function keysOf(reference: readonly string[], current: readonly string[]): string[] {
  return [...new Set([...reference, ...current])].sort();
}

/**
 * Chi-square of the current counts against the reference's proportions scaled to the current
 * size (Evidently's chi_stat_test). A category the reference never saw makes the p-value 0.
 */
export function chiSquareTest(reference: readonly string[], current: readonly string[]) {
  const ref = counts(reference);
  const cur = counts(current);
  const keys = keysOf(reference, current);
  const scale = current.length / reference.length;
  let statistic = 0;
  for (const key of keys) {
    const expected = (ref.get(key) ?? 0) * scale;
    const observed = cur.get(key) ?? 0;
    if (expected === 0) {
      if (observed > 0) return { statistic: Number.POSITIVE_INFINITY, pValue: 0 };
      continue;
    }
    statistic += (observed - expected) ** 2 / expected;
  }
  const df = Math.max(1, keys.length - 1);
  return { statistic, pValue: chiSquareSurvival(statistic, df) };
}

/** Two-proportion z-test on the share of the first category (Evidently's z_stat_test). */
export function proportionZTest(reference: readonly string[], current: readonly string[]) {
  const keys = keysOf(reference, current);
  if (keys.length <= 1) return { statistic: 0, pValue: 1 };
  const key = keys[0]!;
  const p1 = reference.filter((v) => v === key).length / reference.length;
  const p2 = current.filter((v) => v === key).length / current.length;
  const n1 = reference.length;
  const n2 = current.length;
  const pooled = (p1 * n1 + p2 * n2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  const statistic = se === 0 ? 0 : (p1 - p2) / se;
  return { statistic, pValue: 2 * (1 - normalCdf(Math.abs(statistic))) };
}

/** Share of each bin (or category), empty ones as 0.0001: Evidently's get_binned_data. */
export function binnedShares(
  reference: ArrayLike<number> | readonly string[],
  current: ArrayLike<number> | readonly string[],
  bins = 30,
): { reference: number[]; current: number[] } {
  if (typeof reference[0] === 'string' || typeof current[0] === 'string') {
    const ref = reference as readonly string[];
    const cur = current as readonly string[];
    const keys = keysOf(ref, cur);
    const rc = counts(ref);
    const cc = counts(cur);
    const share = (c: Map<string, number>, n: number, k: string) =>
      (c.get(k) ?? 0) / n || EMPTY_BIN;
    return {
      reference: keys.map((k) => share(rc, ref.length, k)),
      current: keys.map((k) => share(cc, cur.length, k)),
    };
  }
  const ref = reference as ArrayLike<number>;
  const cur = current as ArrayLike<number>;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const values of [ref, cur]) {
    for (let i = 0; i < values.length; i++) {
      lo = Math.min(lo, values[i]!);
      hi = Math.max(hi, values[i]!);
    }
  }
  if (lo === hi) {
    lo -= 0.5;
    hi += 0.5;
  }
  const histogram = (values: ArrayLike<number>) => {
    const h = new Array<number>(bins).fill(0);
    for (let i = 0; i < values.length; i++) {
      // numpy's last bin is closed on the right.
      h[Math.min(bins - 1, Math.floor(((values[i]! - lo) / (hi - lo)) * bins))]! += 1;
    }
    return h.map((c) => c / values.length || EMPTY_BIN);
  };
  return { reference: histogram(ref), current: histogram(cur) };
}

/** Population stability index over binned shares: Σ (r − c) ln(r / c). */
export function psi(shares: { reference: number[]; current: number[] }): number {
  let sum = 0;
  shares.reference.forEach((r, i) => {
    const c = shares.current[i]!;
    sum += (r - c) * Math.log(r / c);
  });
  return sum;
}

/** Jensen-Shannon distance (natural log, the square root of the divergence), as scipy's. */
export function jensenShannon(shares: { reference: number[]; current: number[] }): number {
  const total = (v: number[]) => v.reduce((s, x) => s + x, 0);
  const rt = total(shares.reference);
  const ct = total(shares.current);
  let divergence = 0;
  shares.reference.forEach((raw, i) => {
    const p = raw / rt;
    const q = shares.current[i]! / ct;
    const m = (p + q) / 2;
    if (p > 0) divergence += (p * Math.log(p / m)) / 2;
    if (q > 0) divergence += (q * Math.log(q / m)) / 2;
  });
  return Math.sqrt(Math.max(0, divergence));
}
