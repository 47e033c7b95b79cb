import { beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltinCorpus, splitCorpus } from '../data/corpora.ts';
import { getTemplate, templateMismatch } from '../models/templates.ts';
import { initBackend } from '../runtime/backend.ts';
import { trainLanguageModelRun } from './language-model-run.ts';
import { checkRunConfig, type RunConfig } from './run-config.ts';

const corpusFacts = {
  kind: 'corpus' as const,
  task: 'language-modeling' as const,
  inputShape: [],
  classes: [],
};

describe('the gpt template in the training path', () => {
  beforeAll(() => initBackend());

  it('is registered for corpora only, and its options are checked before a job starts', () => {
    const gpt = getTemplate('gpt')!;
    expect(gpt.kinds).toEqual(['corpus']);
    expect(
      templateMismatch(gpt, { kind: 'text', task: 'classification', inputShape: [8] }),
    ).toMatch(/trains on corpus data/);
    const base: RunConfig = { model: 'gpt', learningRate: 1e-3, epochs: 1, batchSize: 4, seed: 1 };
    expect(checkRunConfig(base, corpusFacts)).toBeNull();
    expect(checkRunConfig({ ...base, options: { width: 30, heads: 4 } }, corpusFacts)).toEqual({
      code: 'training.bad_template_option',
      message: expect.stringMatching(/width must divide by heads/),
    });
    expect(checkRunConfig({ ...base, options: { layers: 0 } }, corpusFacts)?.code).toBe(
      'training.bad_template_option',
    );
    expect(checkRunConfig({ ...base, learningRate: 0 }, corpusFacts)?.code).toBe(
      'training.bad_learning_rate',
    );
  });

  it('trains on the fortunes-zh poems: tokenizer, model and held-out bits per character', async () => {
    const corpus = await loadBuiltinCorpus('fortunes-zh');
    const splits = splitCorpus(corpus, { validationFraction: 0.1, seed: 1 });
    const batches: number[] = [];
    const outcome = await trainLanguageModelRun(
      {
        model: 'gpt',
        options: { vocabSize: 600, context: 32, layers: 1, width: 32, heads: 2 },
        learningRate: 3e-3,
        epochs: 0.2,
        batchSize: 8,
        seed: 1,
      },
      splits,
      { onBatch: (p) => batches.push(p.loss) },
    );
    expect(outcome.fit.steps).toBe(batches.length);
    expect(outcome.fit.steps).toBeGreaterThan(5);
    expect(outcome.languageModel.tokenizer.vocabSize).toBe(600);
    expect(outcome.charactersPerToken).toBeGreaterThan(0.5);
    // Some learning even in a few steps: below the 9.2 bits of a uniform pick among 600 tokens.
    expect(outcome.validation.bitsPerToken).toBeLessThan(9);
    const done = await outcome.languageModel.generate('床前明月光', { maxTokens: 8, seed: 1 });
    expect(done.completionTokens).toBeGreaterThan(0);
    outcome.languageModel.model.dispose();
  });
});
