/** Precision, recall and F1 of one class (or averaged over classes). */
export interface PrecisionRecall {
  precision: number;
  recall: number;
  f1: number;
}

export interface ClassScores extends PrecisionRecall {
  class: string;
  /** Examples of this class in the data. */
  support: number;
}

export interface ClassificationScores {
  samples: number;
  accuracy: number;
  /** Mean negative log-probability of the true class (probabilities clipped to 1e-7). */
  logLoss: number;
  perClass: ClassScores[];
  /** Unweighted mean over classes. */
  macro: PrecisionRecall;
  /** From the pooled counts; equals accuracy for single-label data. */
  micro: PrecisionRecall;
  /** confusionMatrix[actual][predicted]. */
  confusionMatrix: number[][];
  /** Binary: AUC of the second class's score. More classes: macro mean of one-vs-rest AUCs. */
  rocAuc: number | null;
  /** One-vs-rest AUC per class (null where a class is absent or everything is that class). */
  rocAucPerClass: (number | null)[];
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : 0);
const f1 = (p: number, r: number) => (p + r > 0 ? (2 * p * r) / (p + r) : 0);

/**
 * Scores class probabilities `probs` (n × k, row-major) against `labels`. A single sigmoid
 * column (k = 1) is read as the probability of class 1 of two.
 */
export function scoreClassification(
  probs: ArrayLike<number>,
  labels: ArrayLike<number>,
  classes: string[],
): ClassificationScores {
  const n = labels.length;
  const k = classes.length;
  const columns = n > 0 ? probs.length / n : k;
  const p = (i: number, c: number) =>
    columns === 1 ? (c === 1 ? probs[i]! : 1 - probs[i]!) : probs[i * columns + c]!;
  const confusion = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  let logLoss = 0;
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (p(i, c) > p(i, best)) best = c;
    confusion[labels[i]!]![best]! += 1;
    logLoss -= Math.log(Math.min(Math.max(p(i, labels[i]!), 1e-7), 1));
  }
  const perClass: ClassScores[] = classes.map((name, c) => {
    const tp = confusion[c]![c]!;
    const actual = confusion[c]!.reduce((a, b) => a + b, 0);
    const predicted = confusion.reduce((a, row) => a + row[c]!, 0);
    const precision = ratio(tp, predicted);
    const recall = ratio(tp, actual);
    return { class: name, precision, recall, f1: f1(precision, recall), support: actual };
  });
  const correct = confusion.reduce((a, row, c) => a + row[c]!, 0);
  const mean = (f: (s: ClassScores) => number) =>
    perClass.reduce((a, s) => a + f(s), 0) / Math.max(k, 1);
  const rocAucPerClass = classes.map((_, c) =>
    rocAuc(
      Array.from({ length: n }, (_, i) => p(i, c)),
      Array.from({ length: n }, (_, i) => labels[i] === c),
    ),
  );
  const defined = rocAucPerClass.filter((v): v is number => v !== null);
  return {
    samples: n,
    accuracy: ratio(correct, n),
    logLoss: ratio(logLoss, n),
    perClass,
    macro: {
      precision: mean((s) => s.precision),
      recall: mean((s) => s.recall),
      f1: mean((s) => s.f1),
    },
    micro: { precision: ratio(correct, n), recall: ratio(correct, n), f1: ratio(correct, n) },
    confusionMatrix: confusion,
    rocAuc:
      k === 2
        ? rocAucPerClass[1]!
        : defined.length
          ? defined.reduce((a, b) => a + b, 0) / defined.length
          : null,
    rocAucPerClass,
  };
}

/**
 * Area under the ROC curve: the probability that a random positive scores above a random
 * negative (ties count half), from ranks in O(n log n). null without both kinds of example.
 */
export function rocAuc(scores: number[], positive: boolean[]): number | null {
  const order = scores.map((s, i) => [s, i] as const).sort((a, b) => a[0] - b[0]);
  const positives = positive.filter(Boolean).length;
  const negatives = positive.length - positives;
  if (positives === 0 || negatives === 0) return null;
  let rankSum = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j++;
    const averageRank = (i + j) / 2 + 1;
    for (let t = i; t <= j; t++) if (positive[order[t]![1]]) rankSum += averageRank;
    i = j + 1;
  }
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

export interface RegressionScores {
  samples: number;
  mse: number;
  mae: number;
  rmse: number;
  /** 1 − SSE/SST: 1 is perfect, 0 is no better than the data's own mean. */
  r2: number;
}

export function scoreRegression(
  predicted: ArrayLike<number>,
  actual: ArrayLike<number>,
): RegressionScores {
  const n = actual.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += actual[i]! / n;
  let sse = 0;
  let sae = 0;
  let sst = 0;
  for (let i = 0; i < n; i++) {
    const e = predicted[i]! - actual[i]!;
    sse += e * e;
    sae += Math.abs(e);
    sst += (actual[i]! - mean) ** 2;
  }
  const mse = ratio(sse, n);
  return {
    samples: n,
    mse,
    mae: ratio(sae, n),
    rmse: Math.sqrt(mse),
    r2: sst > 0 ? 1 - sse / sst : 0,
  };
}

/** Levenshtein distance between two sequences (insertions, deletions, substitutions cost 1). */
export function editDistance<T>(a: readonly T[], b: readonly T[]): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j]! + 1,
        current[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * Word and character error rates of transcripts: edit distance summed over all pairs divided
 * by the length of the references (words split on whitespace; characters as code points).
 */
export function errorRates(
  hypotheses: string[],
  references: string[],
): { wer: number; cer: number } {
  let wordErrors = 0;
  let words = 0;
  let charErrors = 0;
  let chars = 0;
  references.forEach((reference, i) => {
    const hypothesis = hypotheses[i] ?? '';
    const rw = reference.trim().split(/\s+/).filter(Boolean);
    const hw = hypothesis.trim().split(/\s+/).filter(Boolean);
    wordErrors += editDistance(hw, rw);
    words += rw.length;
    const rc = [...reference];
    charErrors += editDistance([...hypothesis], rc);
    chars += rc.length;
  });
  return { wer: ratio(wordErrors, words), cer: ratio(charErrors, chars) };
}
