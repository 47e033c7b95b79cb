/**
 * Categorical naive Bayes, the way CRMs score leads (Odoo's predictive lead scoring): for each
 * field, the frequency of each value among won and lost records, multiplied as if the fields
 * were independent, with Laplace smoothing. Explainable — every factor is a ratio a salesperson
 * can read — and overconfident when fields repeat each other, which is what a better model fixes.
 */
export interface NaiveBayesModel {
  kind: 'naive-bayes';
  fields: string[];
  classes: string[];
  /** Records per class. */
  classCounts: number[];
  /** counts[field][value][class]. */
  counts: Record<string, number[]>[];
  alpha: number;
}

/** Fits on records of field values (strings; bin numbers first) and their class indices. */
export function fitNaiveBayes(
  rows: string[][],
  labels: ArrayLike<number>,
  fields: string[],
  classes: string[],
  alpha = 1,
): NaiveBayesModel {
  const classCounts = new Array<number>(classes.length).fill(0);
  const counts: Record<string, number[]>[] = fields.map(() => ({}));
  rows.forEach((row, i) => {
    const c = labels[i]!;
    classCounts[c]!++;
    row.forEach((value, f) => {
      const table = counts[f]!;
      if (!table[value]) table[value] = new Array<number>(classes.length).fill(0);
      table[value]![c]!++;
    });
  });
  return {
    kind: 'naive-bayes',
    fields: [...fields],
    classes: [...classes],
    classCounts,
    counts,
    alpha,
  };
}

/** Class probabilities of one record. A value never seen counts as one more, unseen value. */
export function predictNaiveBayes(model: NaiveBayesModel, row: string[]): number[] {
  const total = model.classCounts.reduce((a, b) => a + b, 0);
  const k = model.classes.length;
  const logs = model.classCounts.map((n) =>
    Math.log((n + model.alpha) / (total + k * model.alpha)),
  );
  row.forEach((value, f) => {
    const table = model.counts[f]!;
    const values = Object.keys(table).length + 1;
    for (let c = 0; c < k; c++) {
      const seen = table[value]?.[c] ?? 0;
      logs[c]! += Math.log((seen + model.alpha) / (model.classCounts[c]! + values * model.alpha));
    }
  });
  const top = Math.max(...logs);
  const exp = logs.map((l) => Math.exp(l - top));
  const sum = exp.reduce((a, b) => a + b, 0);
  return exp.map((e) => e / sum);
}
