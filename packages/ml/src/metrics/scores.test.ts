import { describe, expect, it } from 'vitest';
import {
  editDistance,
  errorRates,
  rocAuc,
  scoreClassification,
  scoreRegression,
} from './scores.ts';

describe('classification scores', () => {
  // 6 examples, 3 classes; predictions: 0,0,1 | 1,1 | 0 (actual 0,0,0 | 1,1 | 2)
  const labels = [0, 0, 0, 1, 1, 2];
  const probs = [
    [0.8, 0.1, 0.1],
    [0.6, 0.3, 0.1],
    [0.2, 0.7, 0.1],
    [0.1, 0.8, 0.1],
    [0.3, 0.6, 0.1],
    [0.5, 0.2, 0.3],
  ].flat();
  const s = scoreClassification(probs, labels, ['a', 'b', 'c']);

  it('gives the confusion matrix, per-class and averaged precision/recall/F1', () => {
    expect(s.confusionMatrix).toEqual([
      [2, 1, 0],
      [0, 2, 0],
      [1, 0, 0],
    ]);
    expect(s.accuracy).toBeCloseTo(4 / 6);
    expect(s.perClass[0]).toMatchObject({ precision: 2 / 3, recall: 2 / 3, support: 3 });
    expect(s.perClass[1]!.precision).toBeCloseTo(2 / 3);
    expect(s.perClass[1]!.recall).toBe(1);
    expect(s.perClass[1]!.f1).toBeCloseTo(0.8);
    expect(s.perClass[2]).toMatchObject({ precision: 0, recall: 0, f1: 0 });
    expect(s.macro.f1).toBeCloseTo((2 / 3 + 0.8 + 0) / 3);
    expect(s.micro.f1).toBeCloseTo(4 / 6);
    const logLoss =
      -(
        Math.log(0.8) +
        Math.log(0.6) +
        Math.log(0.2) +
        Math.log(0.8) +
        Math.log(0.6) +
        Math.log(0.3)
      ) / 6;
    expect(s.logLoss).toBeCloseTo(logLoss, 6);
  });

  it('computes ROC-AUC from ranks, binary and one-vs-rest', () => {
    expect(rocAuc([0.1, 0.4, 0.35, 0.8], [false, false, true, true])).toBe(0.75);
    expect(rocAuc([0.5, 0.5], [false, true])).toBe(0.5);
    expect(rocAuc([0.5, 0.7], [true, true])).toBeNull();
    expect(s.rocAucPerClass[0]).toBeCloseTo(
      rocAuc(
        [0.8, 0.6, 0.2, 0.1, 0.3, 0.5],
        labels.map((l) => l === 0),
      )!,
    );
    expect(s.rocAuc).toBeCloseTo(s.rocAucPerClass.reduce((a, b) => a! + b!, 0)! / 3);
    const binary = scoreClassification([0.9, 0.2, 0.6, 0.4], [1, 0, 1, 0], ['no', 'yes']);
    expect(binary.rocAuc).toBe(1);
    expect(binary.confusionMatrix).toEqual([
      [2, 0],
      [0, 2],
    ]);
  });
});

describe('regression scores', () => {
  it('gives MSE, MAE, RMSE and R²', () => {
    const r = scoreRegression([2, 4, 6], [1, 4, 7]);
    expect(r).toMatchObject({ mse: 2 / 3, mae: 2 / 3 });
    expect(r.rmse).toBeCloseTo(Math.sqrt(2 / 3));
    expect(r.r2).toBeCloseTo(1 - 2 / 18);
    expect(scoreRegression([4, 4, 4], [1, 4, 7]).r2).toBe(0);
  });
});

describe('transcript error rates', () => {
  it('counts edits over words and characters', () => {
    expect(editDistance([...'kitten'], [...'sitting'])).toBe(3);
    const { wer, cer } = errorRates(['the cat sat on mat'], ['the cat sat on the mat']);
    expect(wer).toBeCloseTo(1 / 6);
    expect(cer).toBeCloseTo(4 / 22);
    expect(errorRates(['你好世界'], ['你好世界']).cer).toBe(0);
  });
});
