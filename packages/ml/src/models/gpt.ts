import type { GptWeights } from '@qudao/kernels';
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { GptBlock } from '../layers/gpt-block.ts';
import { GptEmbedding } from '../layers/gpt-embedding.ts';
import { LayerNormalization } from '../layers/layer-normalization.ts';
import { SeededDropout } from '../layers/seeded-dropout.ts';

/** The shape of a `gpt` model: everything needed to build it again (saved with the model). */
export const gptConfigSchema = z
  .object({
    /** Tokens in the vocabulary (the tokenizer's `vocabSize`). */
    vocabSize: z.number().int().min(2).max(1_048_576),
    /** Longest sequence in tokens (learned positions: the size of their table). */
    context: z.number().int().min(1).max(65_536),
    /** Decoder blocks. */
    layers: z.number().int().min(1).max(96),
    /** Model width (embedding and residual stream). */
    width: z.number().int().min(2).max(16_384),
    /** Attention heads per block; width must divide by it. */
    heads: z.number().int().min(1).max(256),
    /** Hidden width of each block's GELU MLP (default 4 × width). */
    ffDim: z.number().int().min(1).max(65_536).optional(),
    /** Dropout on embeddings, attention weights and residual branches (default 0.1). */
    dropout: z.number().min(0).max(0.9).default(0.1),
    /** 'learned' position vectors (GPT-2) or 'rotary' embeddings in attention (RoFormer). */
    positions: z.enum(['learned', 'rotary']).default('learned'),
    rotaryBase: z.number().gt(1).default(10_000),
    /** Seed of every initialiser and dropout mask. */
    seed: z.number().int().default(42),
  })
  .refine((c) => c.width % c.heads === 0, {
    message: 'width must divide by heads',
    path: ['heads'],
  })
  .refine((c) => c.positions !== 'rotary' || (c.width / c.heads) % 2 === 0, {
    message: 'rotary positions need an even head size (width / heads)',
    path: ['positions'],
  });
export type GptConfigInput = z.input<typeof gptConfigSchema>;
export type GptConfig = z.output<typeof gptConfigSchema> & { ffDim: number };

/** Checks a config (a sentence per problem) and fills in its defaults. */
export function resolveGptConfig(input: GptConfigInput): GptConfig {
  const parsed = gptConfigSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`gpt config: ${issue.path.join('.') || 'config'}: ${issue.message}`);
  }
  return { ...parsed.data, ffDim: parsed.data.ffDim ?? 4 * parsed.data.width };
}

const EPSILON = 1e-5;

/**
 * A decoder-only Transformer (GPT-2 layout): token embedding (+ learned positions) → dropout →
 * N pre-LayerNorm blocks (causal multi-head attention, GELU MLP) → final layer norm → logits
 * through the token embedding again (tied). Input: token ids [batch, time ≤ context] (int32);
 * output: next-token logits [batch, time, vocabSize]. Uncompiled; train it with
 * `trainLanguageModel`. Every layer is a registered class, so `tf.loadLayersModel` reads it.
 */
export function createGpt(input: GptConfigInput): tf.LayersModel {
  const c = resolveGptConfig(input);
  const ids = tf.input({ shape: [null], dtype: 'int32', name: 'token_ids' });
  const embedding = new GptEmbedding({
    vocabularySize: c.vocabSize,
    embedDim: c.width,
    positions: c.positions === 'learned' ? c.context : 0,
    seed: c.seed,
    name: 'embedding',
  });
  let h = embedding.apply(ids) as tf.SymbolicTensor;
  h = new SeededDropout({ rate: c.dropout, seed: c.seed + 5, name: 'embedding_dropout' }).apply(
    h,
  ) as tf.SymbolicTensor;
  for (let b = 0; b < c.layers; b++) {
    h = new GptBlock({
      numHeads: c.heads,
      ffDim: c.ffDim,
      dropout: c.dropout,
      rotaryBase: c.positions === 'rotary' ? c.rotaryBase : 0,
      layers: c.layers,
      epsilon: EPSILON,
      seed: c.seed + 100 * (b + 1),
      name: `block${b}`,
    }).apply(h) as tf.SymbolicTensor;
  }
  h = new LayerNormalization({ epsilon: EPSILON, name: 'final_norm' }).apply(
    h,
  ) as tf.SymbolicTensor;
  const logits = embedding.apply(h) as tf.SymbolicTensor;
  return tf.model({ inputs: ids, outputs: logits, name: 'gpt' });
}

/** Copies of the weights as the decode engine reads them (packages/kernels decoder-engine). */
export function gptWeightsOf(model: tf.LayersModel, config: GptConfig): GptWeights {
  const copy = (t: tf.Tensor) => Float32Array.from(t.dataSync() as Float32Array);
  const embedding = model.getLayer('embedding') as GptEmbedding;
  const [tokens, positions] = embedding.getWeights();
  const blocks = [];
  for (let b = 0; b < config.layers; b++) {
    const w = (model.getLayer(`block${b}`) as GptBlock).namedWeights();
    blocks.push({
      ln1Gamma: copy(w.ln1_gamma!),
      ln1Beta: copy(w.ln1_beta!),
      qkvKernel: copy(w.qkv_kernel!),
      qkvBias: copy(w.qkv_bias!),
      outKernel: copy(w.out_kernel!),
      outBias: copy(w.out_bias!),
      ln2Gamma: copy(w.ln2_gamma!),
      ln2Beta: copy(w.ln2_beta!),
      ffInKernel: copy(w.ff_in_kernel!),
      ffInBias: copy(w.ff_in_bias!),
      ffOutKernel: copy(w.ff_out_kernel!),
      ffOutBias: copy(w.ff_out_bias!),
    });
  }
  const [gamma, beta] = model.getLayer('final_norm').getWeights();
  return {
    vocabSize: config.vocabSize,
    width: config.width,
    heads: config.heads,
    ffDim: config.ffDim,
    context: config.context,
    epsilon: EPSILON,
    rotaryBase: config.positions === 'rotary' ? config.rotaryBase : 0,
    tokenEmbedding: copy(tokens!),
    positionEmbedding: positions ? copy(positions) : null,
    blocks,
    finalGamma: copy(gamma!),
    finalBeta: copy(beta!),
  };
}
