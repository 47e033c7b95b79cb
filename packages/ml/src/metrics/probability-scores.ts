import { rocAuc } from './scores.ts';

/**
 * Scores of predicted probabilities for a binary outcome, beyond ROC-AUC (scores.ts): the area
 * under the precision-recall curve, log loss, Brier score and a reliability table. Probability
 * models are judged on these because a ranking can be right while its probabilities are not.
 */

export interface CalibrationBin {
  /** Lower and upper edge of the predicted probability. */
  from: number;
  to: number;
  count: number;
  meanPredicted: number;
  observedRate: number;
}

export interface BinaryProbabilityScores {
  samples: number;
  positives: number;
  rocAuc: number | null;
  prAuc: number | null;
  logLoss: number;
  brier: number;
  /** Expected calibration error: Σ (n_bin / n) · |mean predicted − observed rate|. */
  calibrationError: number;
  calibration: CalibrationBin[];
}

const clip = (p: number) => Math.min(Math.max(p, 1e-7), 1 - 1e-7);

/** Mean negative log-likelihood of the outcomes (probabilities clipped to [1e-7, 1 − 1e-7]). */
export function binaryLogLoss(probabilities: ArrayLike<number>, positive: ArrayLike<boolean>) {
  let sum = 0;
  for (let i = 0; i < probabilities.length; i++) {
    const p = clip(probabilities[i]!);
    sum -= positive[i] ? Math.log(p) : Math.log(1 - p);
  }
  return probabilities.length ? sum / probabilities.length : 0;
}

/**
 * Average precision (the area under the precision-recall curve as a step function): the mean of
 * the precision at each positive, reading the scores from the highest down. Tied scores enter
 * together. null without a positive.
 */
export function prAuc(scores: ArrayLike<number>, positive: ArrayLike<boolean>): number | null {
  const order = Array.from({ length: scores.length }, (_, i) => i).sort(
    (a, b) => scores[b]! - scores[a]!,
  );
  let total = 0;
  for (let i = 0; i < positive.length; i++) if (positive[i]) total++;
  if (total === 0) return null;
  let tp = 0;
  let seen = 0;
  let area = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    let groupTp = 0;
    while (j < order.length && scores[order[j]!] === scores[order[i]!]) {
      if (positive[order[j]!]) groupTp++;
      j++;
    }
    tp += groupTp;
    seen += j - i;
    area += (groupTp / total) * (tp / seen);
    i = j;
  }
  return area;
}

/** Reliability table over `bins` equal-width bins of the predicted probability. */
export function calibrationTable(
  probabilities: ArrayLike<number>,
  positive: ArrayLike<boolean>,
  bins = 10,
): { bins: CalibrationBin[]; error: number } {
  const sums = Array.from({ length: bins }, () => ({ n: 0, p: 0, y: 0 }));
  for (let i = 0; i < probabilities.length; i++) {
    const b = Math.min(bins - 1, Math.floor(probabilities[i]! * bins));
    sums[b]!.n++;
    sums[b]!.p += probabilities[i]!;
    sums[b]!.y += positive[i] ? 1 : 0;
  }
  const n = probabilities.length;
  let error = 0;
  const table = sums.map((s, b) => {
    const meanPredicted = s.n ? s.p / s.n : 0;
    const observedRate = s.n ? s.y / s.n : 0;
    if (n) error += (s.n / n) * Math.abs(meanPredicted - observedRate);
    return { from: b / bins, to: (b + 1) / bins, count: s.n, meanPredicted, observedRate };
  });
  return { bins: table.filter((b) => b.count > 0), error };
}

/** Every score of a binary probability model on one data set. */
export function scoreBinaryProbabilities(
  probabilities: ArrayLike<number>,
  positive: ArrayLike<boolean>,
): BinaryProbabilityScores {
  const n = probabilities.length;
  let positives = 0;
  let brier = 0;
  for (let i = 0; i < n; i++) {
    if (positive[i]) positives++;
    brier += (probabilities[i]! - (positive[i] ? 1 : 0)) ** 2;
  }
  const calibration = calibrationTable(probabilities, positive);
  return {
    samples: n,
    positives,
    rocAuc: rocAuc(Array.from(probabilities), Array.from(positive)),
    prAuc: prAuc(probabilities, positive),
    logLoss: binaryLogLoss(probabilities, positive),
    brier: n ? brier / n : 0,
    calibrationError: calibration.error,
    calibration: calibration.bins,
  };
}
