import { describe, expect, it } from 'vitest';
import { columnDrift, datasetDrift, defaultDriftMethod } from './column-drift.ts';
import {
  binnedShares,
  chiSquareSurvival,
  chiSquareTest,
  jensenShannon,
  ksTest,
  normalCdf,
  normedWasserstein,
  psi,
  wassersteinDistance,
} from './stat-tests.ts';

// The same numbers in scipy: a = ((i*7919) % 1000)/1000, b = ((i*104729) % 997)/997*1.1 + 0.05.
const a = Array.from({ length: 300 }, (_, i) => ((i * 7919) % 1000) / 1000);
const b = Array.from({ length: 200 }, (_, i) => (((i * 104729) % 997) / 997) * 1.1 + 0.05);

/** Reference values printed by scipy 1.17 (stats.ks_2samp, wasserstein_distance, chi2.sf, …). */
describe('drift statistics agree with scipy', () => {
  it('Kolmogorov-Smirnov: the statistic exactly, the p-value within a few per cent', () => {
    const ks = ksTest(a, b);
    expect(ks.statistic).toBeCloseTo(0.125, 10);
    expect(ks.pValue).toBeGreaterThan(0.04424832741776129 * 0.95);
    expect(ks.pValue).toBeLessThan(0.04424832741776129 * 1.05);
    const big = ksTest(
      Array.from({ length: 1500 }, (_, i) => ((i * 7919) % 1000) / 1000),
      Array.from({ length: 1200 }, (_, i) => (((i * 104729) % 997) / 997) * 1.1 + 0.05),
    );
    expect(big.statistic).toBeCloseTo(0.13616666666666666, 10);
    expect(Math.log10(big.pValue)).toBeCloseTo(Math.log10(3.008699038719168e-11), 0);
    expect(ksTest(a, a).pValue).toBe(1);
  });

  it('Wasserstein distance and its normalised form', () => {
    expect(wassersteinDistance(a, b)).toBeCloseTo(0.08429087261785363, 10);
    expect(normedWasserstein(a, b)).toBeCloseTo(0.29041095391999505, 8);
    expect(wassersteinDistance(a, a)).toBe(0);
  });

  it('chi-square survival and the test against reference proportions', () => {
    expect(chiSquareSurvival(3.841458820694124, 1)).toBeCloseTo(0.05, 10);
    expect(chiSquareSurvival(20, 9)).toBeCloseTo(0.017912404529843298, 10);
    expect(chiSquareSurvival(100, 30) / 1.8568023365102314e-9).toBeCloseTo(1, 6);
    expect(chiSquareSurvival(0.5, 4)).toBeCloseTo(0.9735009788392561, 10);
    // observed [30, 50, 20] against expected [40, 40, 20]: scipy chisquare → 5.0, p 0.0821.
    const reference = [...Array(40).fill('x'), ...Array(40).fill('y'), ...Array(20).fill('z')];
    const current = [...Array(30).fill('x'), ...Array(50).fill('y'), ...Array(20).fill('z')];
    const chi = chiSquareTest(reference, current);
    expect(chi.statistic).toBeCloseTo(5, 10);
    expect(chi.pValue).toBeCloseTo(0.0820849986238988, 10);
    expect(chiSquareTest(reference, [...current, 'new']).pValue).toBe(0);
  });

  it('Jensen-Shannon distance and PSI over Evidently’s 30 bins', () => {
    expect(jensenShannon({ reference: [0.1, 0.2, 0.7], current: [0.3, 0.3, 0.4] })).toBeCloseTo(
      0.22784261945058354,
      10,
    );
    const shares = binnedShares(a, b);
    expect(shares.reference).toHaveLength(30);
    expect(psi(shares)).toBeCloseTo(0.9053444864317917, 8);
    expect(jensenShannon(shares)).toBeCloseTo(0.23696643394229053, 8);
  });

  it('the normal CDF', () => {
    expect(normalCdf(1.96)).toBeCloseTo(0.9750021048517795, 6);
    expect(normalCdf(-0.5)).toBeCloseTo(0.3085375387259869, 6);
  });
});

describe('Evidently’s default choice of test', () => {
  const small = Array.from({ length: 500 }, (_, i) => i / 500);
  const large = Array.from({ length: 1500 }, (_, i) => i / 1500);
  it('numbers: KS up to 1,000 reference rows, normalised Wasserstein above', () => {
    expect(defaultDriftMethod('numeric', small, small)).toBe('ks');
    expect(defaultDriftMethod('numeric', large, small)).toBe('wasserstein');
    expect(defaultDriftMethod('numeric', [0, 1, 2, 0, 1], [2, 1])).toBe('chisquare');
    expect(defaultDriftMethod('numeric', [0, 1, 0, 1], [1, 1])).toBe('z');
  });
  it('categories: chi-square up to 1,000 reference rows, Jensen-Shannon above', () => {
    const labels = (n: number) => Array.from({ length: n }, (_, i) => String(i % 10));
    expect(defaultDriftMethod('categorical', labels(900), labels(100))).toBe('chisquare');
    expect(defaultDriftMethod('categorical', labels(1200), labels(100))).toBe('jensenshannon');
  });
  it('a shifted column drifts, the same one does not; half the columns make data set drift', () => {
    const shifted = small.map((v) => v + 0.3);
    const same = columnDrift('x', 'numeric', small, small);
    const moved = columnDrift('y', 'numeric', small, shifted);
    expect(same).toMatchObject({ method: 'ks', drifted: false });
    expect(moved).toMatchObject({ method: 'ks', drifted: true });
    expect(
      columnDrift(
        'z',
        'numeric',
        large,
        large.map((v) => v + 0.3),
      ),
    ).toMatchObject({
      method: 'wasserstein',
      drifted: true,
    });
    expect(datasetDrift([same, moved])).toMatchObject({ drifted: true, share: 0.5 });
    expect(datasetDrift([same, same, moved]).drifted).toBe(false);
  });
});
