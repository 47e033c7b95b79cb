import { mkdtemp } from 'node:fs/promises';
import path from 'node:path';
import { BpeTokenizer, createGpt, LanguageModel, resolveGptConfig, tf } from '@qudao/ml';
import type { AppContext } from '../context.ts';
import type { ModelVersionView } from '../registry/registry.schemas.ts';
import { externalDatasetId, registerVersion } from '../registry/registry.service.ts';

const CORPUS = [
  'Call me Ishmael. Some years ago, never mind how long precisely, I went to sea.',
  'the whale and the sea, the ship and the whale',
  '床前明月光，疑是地上霜。举头望明月，低头思故乡。',
];

/**
 * Registers a small GPT (2 blocks, width 32, context 96, seeded random weights) as a version of
 * `model`, as a training run would. Its tokenizer has no end-of-text token, so a generation
 * always runs to `max_tokens` (or a stop sequence, or the context): token counts are exact.
 */
export async function registerTestLanguageModel(
  ctx: AppContext,
  model = 'tiny-gpt',
  options: { context?: number; seed?: number } = {},
): Promise<ModelVersionView> {
  const seed = options.seed ?? 7;
  const tokenizer = BpeTokenizer.train(CORPUS, { vocabSize: 320, specials: [] });
  const config = resolveGptConfig({
    vocabSize: tokenizer.vocabSize,
    context: options.context ?? 96,
    layers: 2,
    width: 32,
    heads: 4,
    dropout: 0,
    seed,
  });
  const gpt = createGpt(config);
  gpt.setWeights(
    gpt.getWeights().map((w, i) => tf.randomNormal(w.shape, 0, 0.3, 'float32', seed * 1000 + i)),
  );
  const dir = await mkdtemp(path.join(ctx.paths.tmp, 'gpt-'));
  const saved = await LanguageModel.fromModel(gpt, config, tokenizer).save(dir);
  return registerVersion(ctx, {
    model,
    template: 'gpt',
    datasetVersionId: externalDatasetId('test-corpus', 1, 'abc123'),
    jobId: null,
    config: { model: 'gpt', gpt: config },
    metrics: {},
    signature: {
      kind: 'language-model',
      task: 'language-modeling',
      inputShape: [config.context],
      classes: [],
    },
    artifactDir: dir,
    artifactHash: saved.hash,
    backend: ctx.backend.name,
  });
}
