import { tokenize } from '../training/text-vectorizer.ts';

/**
 * Multinomial naive Bayes over word counts, the classic explainable text classifier (the spam
 * filters of the 2000s): each class's word frequencies with Laplace smoothing. Uses the text
 * templates' tokenizer, so it reads text exactly as the neural models do.
 */
export interface TextNaiveBayesModel {
  kind: 'text-naive-bayes';
  classes: string[];
  logPrior: number[];
  /** word → log P(word | class), per class. */
  logLikelihood: Record<string, number[]>;
  /** log P(unseen word | class). */
  logUnseen: number[];
}

export function fitTextNaiveBayes(
  texts: string[],
  labels: ArrayLike<number>,
  classes: string[],
  options: { alpha?: number; maxTokens?: number } = {},
): TextNaiveBayesModel {
  const alpha = options.alpha ?? 1;
  const k = classes.length;
  const docs = new Array<number>(k).fill(0);
  const totals = new Array<number>(k).fill(0);
  const counts = new Map<string, number[]>();
  texts.forEach((text, i) => {
    const c = labels[i]!;
    docs[c]!++;
    for (const word of tokenize(text, options.maxTokens ?? 256)) {
      let row = counts.get(word);
      if (!row) {
        row = new Array<number>(k).fill(0);
        counts.set(word, row);
      }
      row[c]!++;
      totals[c]!++;
    }
  });
  const vocabulary = counts.size + 1;
  const logLikelihood: Record<string, number[]> = {};
  for (const [word, row] of counts) {
    logLikelihood[word] = row.map((n, c) =>
      Math.log((n + alpha) / (totals[c]! + alpha * vocabulary)),
    );
  }
  return {
    kind: 'text-naive-bayes',
    classes: [...classes],
    logPrior: docs.map((n) => Math.log((n + 1) / (texts.length + k))),
    logLikelihood,
    logUnseen: totals.map((t) => Math.log(alpha / (t + alpha * vocabulary))),
  };
}

/** Class probabilities of one text. */
export function predictTextNaiveBayes(model: TextNaiveBayesModel, text: string): number[] {
  const logs = [...model.logPrior];
  for (const word of tokenize(text, 256)) {
    const row = model.logLikelihood[word];
    for (let c = 0; c < logs.length; c++) logs[c]! += row ? row[c]! : model.logUnseen[c]!;
  }
  const top = Math.max(...logs);
  const exp = logs.map((l) => Math.exp(l - top));
  const sum = exp.reduce((a, b) => a + b, 0);
  return exp.map((e) => e / sum);
}
