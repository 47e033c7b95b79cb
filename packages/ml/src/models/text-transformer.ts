import * as tf from '@tensorflow/tfjs';
import { Gelu } from '../layers/gelu.ts';
import { LayerNormalization } from '../layers/layer-normalization.ts';
import { MaskedMeanPooling } from '../layers/masked-mean-pooling.ts';
import { MultiHeadSelfAttention } from '../layers/multi-head-attention.ts';
import { SeededDropout } from '../layers/seeded-dropout.ts';
import { TokenAndPositionEmbedding } from '../layers/token-position-embedding.ts';
import { headLayer, type ModelHead } from './head.ts';

/** Options of the `text-transformer` template. */
export interface TextTransformerArgs {
  /** Token ids the model knows, including 0 (padding) and 1 (unknown word). */
  vocabularySize: number;
  /** Tokens per text after padding or truncation. */
  sequenceLength: number;
  head: ModelHead;
  /** Width of the token vectors and of every encoder block (default 64). */
  embedDim?: number;
  /** Attention heads per block; embedDim must divide by it (default 4). */
  numHeads?: number;
  /** Hidden width of each block's GELU feed-forward network (default 128). */
  ffDim?: number;
  /** Encoder blocks (default 2). */
  numBlocks?: number;
  /** Dropout after attention, after the feed-forward network and before the head (default 0.1). */
  dropout?: number;
  /** Seed of every initialiser and dropout mask (default 42). */
  seed?: number;
}

/**
 * A Transformer-encoder text classifier: token + position embeddings → N × [multi-head
 * self-attention → add & layer norm → GELU feed-forward → add & layer norm] → mean over the
 * real tokens → dropout → dense head. Padding (id 0) is masked in attention and pooling.
 * The model is not compiled; train it with `fit`.
 */
export function createTextTransformer(args: TextTransformerArgs): tf.LayersModel {
  const embedDim = args.embedDim ?? 64;
  const numHeads = args.numHeads ?? 4;
  const ffDim = args.ffDim ?? 128;
  const numBlocks = args.numBlocks ?? 2;
  const rate = args.dropout ?? 0.1;
  const seed = args.seed ?? 42;
  if (embedDim % numHeads !== 0) {
    throw new Error(`embedDim ${embedDim} must divide by numHeads ${numHeads}`);
  }
  const ids = tf.input({ shape: [args.sequenceLength], name: 'token_ids' });
  let h = new TokenAndPositionEmbedding({
    vocabularySize: args.vocabularySize,
    sequenceLength: args.sequenceLength,
    embedDim,
    seed,
    name: 'embedding',
  }).apply(ids) as tf.SymbolicTensor;
  const dense = (units: number, offset: number, name: string) =>
    tf.layers.dense({
      units,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seed + offset }),
      name,
    });
  for (let b = 0; b < numBlocks; b++) {
    const s = seed + 100 * (b + 1);
    const attention = new MultiHeadSelfAttention({
      numHeads,
      seed: s,
      name: `block${b}_attention`,
    }).apply([h, ids]) as tf.SymbolicTensor;
    const attended = new SeededDropout({ rate, seed: s + 10, name: `block${b}_attention_dropout` });
    h = new LayerNormalization({ epsilon: 1e-6, name: `block${b}_norm1` }).apply(
      tf.layers
        .add({ name: `block${b}_residual1` })
        .apply([h, attended.apply(attention) as tf.SymbolicTensor]),
    ) as tf.SymbolicTensor;
    const hidden = new Gelu({ name: `block${b}_ff_gelu` }).apply(
      dense(ffDim, s + 20, `block${b}_ff_in`).apply(h),
    );
    const ff = dense(embedDim, s + 21, `block${b}_ff_out`).apply(hidden) as tf.SymbolicTensor;
    const ffDropped = new SeededDropout({ rate, seed: s + 30, name: `block${b}_ff_dropout` }).apply(
      ff,
    );
    h = new LayerNormalization({ epsilon: 1e-6, name: `block${b}_norm2` }).apply(
      tf.layers.add({ name: `block${b}_residual2` }).apply([h, ffDropped as tf.SymbolicTensor]),
    ) as tf.SymbolicTensor;
  }
  const pooled = new MaskedMeanPooling({ name: 'pool' }).apply([h, ids]) as tf.SymbolicTensor;
  const dropped = new SeededDropout({ rate, seed: seed + 7, name: 'head_dropout' }).apply(pooled);
  const output = headLayer(args.head, seed + 8).apply(dropped) as tf.SymbolicTensor;
  return tf.model({ inputs: ids, outputs: output, name: 'text_transformer' });
}
