import { describe, expect, it } from 'vitest';
import { createRng } from '../data/random.ts';
import { scoreForecast } from '../metrics/forecast-scores.ts';
import { binaryLogLoss, calibrationTable, prAuc } from '../metrics/probability-scores.ts';
import { rocAuc } from '../metrics/scores.ts';
import { fitBoosted, predictBoosted } from './gradient-boosting.ts';
import { fitHoltWinters, forecastHoltWinters, seasonalNaive } from './holt-winters.ts';
import { assignClusters, chooseK, silhouette } from './kmeans.ts';
import { fitLogistic, logisticContributions, predictLogistic } from './logistic-regression.ts';
import { fitNaiveBayes, predictNaiveBayes } from './naive-bayes.ts';

const gaussian = (rng: () => number) =>
  Math.sqrt(-2 * Math.log(rng() + 1e-12)) * Math.cos(2 * Math.PI * rng());

describe('logistic regression', () => {
  it('recovers the weights that generated the data', () => {
    const rng = createRng(1);
    const n = 20_000;
    const x = new Float64Array(n * 2);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      x[2 * i] = gaussian(rng);
      x[2 * i + 1] = gaussian(rng);
      const p = 1 / (1 + Math.exp(-(0.5 + 2 * x[2 * i]! - x[2 * i + 1]!)));
      y[i] = rng() < p ? 1 : 0;
    }
    const model = fitLogistic(x, y, ['a', 'b'], { l2: 0.01 });
    // Standardised weights: the columns have std ≈ 1, so they are close to the raw ones.
    expect(model.weights[0]).toBeCloseTo(2, 0);
    expect(Math.abs(model.weights[0]! - 2)).toBeLessThan(0.15);
    expect(Math.abs(model.weights[1]! + 1)).toBeLessThan(0.1);
    expect(Math.abs(model.intercept - 0.5)).toBeLessThan(0.1);
    const p = predictLogistic(model, [1, 0]);
    expect(p[0]).toBeGreaterThan(0.85);
    const reasons = logisticContributions(model, [2, 0]);
    expect(reasons[0]!.column).toBe('a');
  });
});

describe('gradient boosting', () => {
  it('learns an interaction a linear model cannot', () => {
    const rng = createRng(2);
    const make = (n: number) => {
      const x = new Float64Array(n * 2);
      const y = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        x[2 * i] = rng() * 2 - 1;
        x[2 * i + 1] = rng() * 2 - 1;
        y[i] = x[2 * i]! * x[2 * i + 1]! > 0 ? 1 : 0;
      }
      return { x, y };
    };
    const train = make(3000);
    const test = make(1000);
    const positive = Array.from(test.y, (v) => v === 1);
    const boosted = fitBoosted(train.x, train.y, ['a', 'b'], { trees: 60, seed: 3 });
    const linear = fitLogistic(train.x, train.y, ['a', 'b']);
    expect(rocAuc(Array.from(predictBoosted(boosted, test.x)), positive)).toBeGreaterThan(0.95);
    expect(rocAuc(Array.from(predictLogistic(linear, test.x)), positive)).toBeLessThan(0.6);
    expect(boosted.importance.reduce((a, b) => a + b, 0)).toBeCloseTo(1);
    // Seeded: the same data and seed give the same trees.
    const again = fitBoosted(train.x, train.y, ['a', 'b'], { trees: 60, seed: 3 });
    expect(JSON.stringify(again)).toBe(JSON.stringify(boosted));
  });
});

describe('naive Bayes', () => {
  it('multiplies Laplace-smoothed value frequencies per field', () => {
    const rows = [
      ['gold', 'big'],
      ['gold', 'small'],
      ['silver', 'small'],
      ['silver', 'small'],
    ];
    const model = fitNaiveBayes(rows, [1, 1, 0, 0], ['tier', 'size'], ['lost', 'won']);
    // won: prior (2+1)/(4+2); P(gold|won) = (2+1)/(2+3); P(big|won) = (1+1)/(2+3)
    // lost: prior 3/6; P(gold|lost) = 1/5; P(big|lost) = 1/5
    const won = (3 / 6) * (3 / 5) * (2 / 5);
    const lost = (3 / 6) * (1 / 5) * (1 / 5);
    const [pLost, pWon] = predictNaiveBayes(model, ['gold', 'big']);
    expect(pWon).toBeCloseTo(won / (won + lost), 10);
    expect(pLost).toBeCloseTo(lost / (won + lost), 10);
  });
});

describe('k-means and silhouette', () => {
  it('finds three separated blobs and picks k = 3 by silhouette', () => {
    const rng = createRng(4);
    const centres = [
      [0, 0],
      [10, 0],
      [0, 10],
    ];
    const points: number[] = [];
    for (let i = 0; i < 300; i++) {
      const c = centres[i % 3]!;
      points.push(c[0]! + gaussian(rng), c[1]! + gaussian(rng));
    }
    const { best, silhouettes } = chooseK(points, 2, [2, 3, 4, 5], { seed: 1 });
    expect(best.k).toBe(3);
    expect(silhouettes.find((s) => s.k === 3)!.silhouette).toBeGreaterThan(0.7);
    const labels = assignClusters(best, points, 2);
    expect(new Set([labels[0], labels[1], labels[2]]).size).toBe(3);
  });

  it('computes the silhouette exactly on a small case', () => {
    // Two clusters on a line: {0, 1} and {4, 5}.
    const s = silhouette([0, 1, 4, 5], 1, [0, 0, 1, 1]);
    // point 0: a = 1, b = 4.5 → 3.5/4.5; point 1: a = 1, b = 3.5 → 2.5/3.5; symmetric.
    expect(s).toBeCloseTo((3.5 / 4.5 + 2.5 / 3.5) / 2, 10);
  });
});

describe('Holt-Winters and seasonal naive', () => {
  it('beats seasonal naive on a growing seasonal series', () => {
    const y = Array.from(
      { length: 30 },
      (_, t) => 100 + 4 * t + 20 * Math.sin((2 * Math.PI * t) / 12),
    );
    const train = y.slice(0, 24);
    const actual = y.slice(24);
    const model = fitHoltWinters(train);
    expect(model.period).toBe(12);
    const hw = forecastHoltWinters(model, 6);
    const naive = seasonalNaive(train, 6);
    expect(naive[0]).toBe(train[12]);
    expect(scoreForecast(hw.mean, actual).smape).toBeLessThan(
      scoreForecast(naive, actual).smape / 2,
    );
    for (let h = 0; h < 6; h++) {
      expect(hw.lower[h]!).toBeLessThanOrEqual(hw.mean[h]!);
      expect(hw.upper[h]!).toBeGreaterThanOrEqual(hw.mean[h]!);
    }
  });

  it('falls back to a damped trend without a full season', () => {
    const model = fitHoltWinters([1, 2, 3, 4, 5, 6]);
    expect(model.period).toBe(0);
    expect(forecastHoltWinters(model, 1).mean[0]).toBeGreaterThan(6);
  });
});

describe('probability and forecast scores', () => {
  it('average precision, log loss, calibration, sMAPE', () => {
    // Ranked: 0.9 (+), 0.8 (−), 0.7 (+), 0.1 (−): AP = (1/2)(1/1) + (1/2)(2/3)
    expect(prAuc([0.9, 0.8, 0.7, 0.1], [true, false, true, false])).toBeCloseTo(0.5 + 1 / 3, 10);
    expect(prAuc([0.1], [false])).toBeNull();
    expect(binaryLogLoss([0.5, 0.5], [true, false])).toBeCloseTo(Math.log(2), 10);
    const table = calibrationTable([0.05, 0.05, 0.95, 0.95], [false, true, true, true]);
    expect(table.bins.map((b) => b.observedRate)).toEqual([0.5, 1]);
    expect(table.error).toBeCloseTo(0.5 * 0.45 + 0.5 * 0.05, 10);
    const f = scoreForecast([110, 0, 50], [100, 0, 100]);
    expect(f.smape).toBeCloseTo((20 / 210 + 0 + 100 / 150) / 3, 10);
    expect(f.mape).toBeCloseTo((0.1 + 0.5) / 2, 10);
  });
});

describe('text naive Bayes and substitution effects', () => {
  it('learns word frequencies per class', async () => {
    const { fitTextNaiveBayes, predictTextNaiveBayes } = await import('./text-naive-bayes.ts');
    const model = fitTextNaiveBayes(
      ['cheap pills now', 'cheap offer now', 'meeting at noon', 'lunch at noon'],
      [1, 1, 0, 0],
      ['ham', 'spam'],
    );
    // spam: (2+1)/(6+9) · (1+1)/(6+9); ham: 1/15 · 1/15 → 6/7 (equal priors, 9 = 8 words + 1).
    expect(predictTextNaiveBayes(model, 'cheap pills')[1]).toBeCloseTo(6 / 7, 10);
    expect(predictTextNaiveBayes(model, 'noon meeting')[0]).toBeCloseTo(6 / 7, 10);
  });

  it('says which column raised a prediction, by setting each to its mean', async () => {
    const { substitutionEffects } = await import('./explain.ts');
    // p = 0.1·a + 0.5·b: the row (2, 1) against means (0, 0).
    const predict = (x: Float64Array) =>
      Float64Array.from({ length: x.length / 2 }, (_, i) => 0.1 * x[2 * i]! + 0.5 * x[2 * i + 1]!);
    const effects = substitutionEffects(predict, [2, 1], [0, 0], ['a', 'b']);
    expect(effects.map((e) => e.column)).toEqual(['b', 'a']);
    expect(effects[0]!.effect).toBeCloseTo(0.5, 10);
    expect(effects[1]!.effect).toBeCloseTo(0.2, 10);
  });
});
