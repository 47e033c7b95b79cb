// A `gpt` run as the training job runs it: tokenizer trained on the training documents, the
// template built from the run's options, next-token training for `epochs` passes over the
// token stream, held-out bits per character on the validation documents.
import { BpeTokenizer, charactersPerToken } from '../data/bpe-tokenizer.ts';
import type { TextCorpus } from '../data/corpora.ts';
import { LanguageModel } from '../generation/language-model.ts';
import { resolveGptConfig } from '../models/gpt.ts';
import { resolveTemplateOptions } from '../models/template-options.ts';
import { buildTemplate, getTemplate } from '../models/templates.ts';
import {
  encodeCorpus,
  evaluateLanguageModel,
  type LanguageModelScore,
  type LanguageModelTrainResult,
  trainLanguageModel,
} from './language-model.ts';
import type { BatchProgress } from './progress.ts';
import type { RunConfig } from './run-config.ts';

export interface LanguageModelRunOutcome {
  languageModel: LanguageModel;
  fit: LanguageModelTrainResult;
  /** Held-out scores on the validation documents. */
  validation: LanguageModelScore;
  /** Characters per token of the tokenizer on the validation documents. */
  charactersPerToken: number;
}

/** Trains a language-model template (`config.model`, e.g. 'gpt') on corpus splits. */
export async function trainLanguageModelRun(
  config: RunConfig,
  splits: { train: TextCorpus; validation: TextCorpus },
  hooks: { onBatch?: (p: Required<BatchProgress>) => void; signal?: AbortSignal } = {},
): Promise<LanguageModelRunOutcome> {
  const template = getTemplate(config.model);
  if (!template?.tasks.includes('language-modeling')) {
    throw new Error(`template ${config.model} is not a language model`);
  }
  const options = resolveTemplateOptions(template.name, template.options, config.options);
  const tokenizer = BpeTokenizer.train(
    splits.train.documents.map((d) => d.text),
    { vocabSize: options.vocabSize as number },
  );
  const context = options.context as number;
  const model = buildTemplate(template, {
    kind: 'corpus',
    task: 'language-modeling',
    inputShape: [context],
    vocabularySize: tokenizer.vocabSize,
    head: { units: tokenizer.vocabSize, activation: 'linear' },
    seed: config.seed,
    options: config.options,
  });
  try {
    const train = encodeCorpus(tokenizer, splits.train);
    const validation = encodeCorpus(tokenizer, splits.validation);
    const perEpoch = Math.max(1, Math.floor(train.tokens.length / (config.batchSize * context)));
    const steps = Math.max(1, Math.round(config.epochs * perEpoch));
    const fit = await trainLanguageModel(model, train.tokens, {
      context,
      batchSize: config.batchSize,
      steps,
      learningRate: config.learningRate,
      weightDecay: config.weightDecay,
      clipNorm: config.clipNorm,
      seed: config.seed,
      signal: hooks.signal,
      onStep: (p) =>
        hooks.onBatch?.({
          epoch: Math.min(config.epochs, Math.floor((p.step - 1) / perEpoch) + 1),
          epochs: config.epochs,
          batch: ((p.step - 1) % perEpoch) + 1,
          batches: perEpoch,
          loss: p.loss,
          accuracy: Number.NaN,
          learningRate: p.learningRate,
          samplesPerSecond: p.tokensPerSecond / context,
        }),
    });
    const score = evaluateLanguageModel(model, validation, { context });
    const gpt = resolveGptConfig({
      vocabSize: tokenizer.vocabSize,
      context,
      layers: options.layers as number,
      width: options.width as number,
      heads: options.heads as number,
      ffDim: (options.ffDim as number) || undefined,
      positions: options.positions as 'learned' | 'rotary',
      dropout: options.dropout as number,
      seed: config.seed,
    });
    return {
      languageModel: LanguageModel.fromModel(model, gpt, tokenizer),
      fit,
      validation: score,
      charactersPerToken: charactersPerToken(
        tokenizer,
        splits.validation.documents.map((d) => d.text),
      ),
    };
  } catch (error) {
    model.dispose();
    throw error;
  }
}
