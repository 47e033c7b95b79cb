import * as tf from '@tensorflow/tfjs';
import { SeededDropout } from '../layers/seeded-dropout.ts';
import { TokenEmbedding } from '../layers/token-embedding.ts';
import { headLayer, type ModelHead } from './head.ts';

/** Options of the `text-lstm` and `text-gru` templates. */
export interface TextRnnArgs {
  /** Token ids the model knows, including 0 (padding) and 1 (unknown word). */
  vocabularySize: number;
  /** Tokens per text after padding or truncation. */
  sequenceLength: number;
  head: ModelHead;
  /** 'lstm' or 'gru'. */
  cell: 'lstm' | 'gru';
  /** Width of the token vectors (default 64). */
  embedDim?: number;
  /** Units of the recurrent layer (default 64). */
  units?: number;
  /** Read the text both ways and concatenate (default false). */
  bidirectional?: boolean;
  /** Dropout before the head (default 0.2). */
  dropout?: number;
  seed?: number;
}

/**
 * Embedding (padding masked) → LSTM or GRU → dropout → dense head: the recurrent text
 * classifier. Not compiled; train it with `fit`.
 */
export function createTextRnn(args: TextRnnArgs): tf.LayersModel {
  const seed = args.seed ?? 42;
  const units = args.units ?? 64;
  const ids = tf.input({ shape: [args.sequenceLength], name: 'token_ids' });
  const embedded = new TokenEmbedding({
    vocabularySize: args.vocabularySize,
    embedDim: args.embedDim ?? 64,
    maskZero: true,
    seed,
    name: 'embedding',
  }).apply(ids) as tf.SymbolicTensor;
  const cellArgs = {
    units,
    kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }),
    recurrentInitializer: tf.initializers.orthogonal({ seed: seed + 2 }),
    name: args.cell,
  };
  const rnn = args.cell === 'lstm' ? tf.layers.lstm(cellArgs) : tf.layers.gru(cellArgs);
  const layer = args.bidirectional
    ? tf.layers.bidirectional({ layer: rnn, mergeMode: 'concat', name: `bi_${args.cell}` })
    : rnn;
  const encoded = layer.apply(embedded) as tf.SymbolicTensor;
  const dropped = new SeededDropout({
    rate: args.dropout ?? 0.2,
    seed: seed + 3,
    name: 'dropout',
  }).apply(encoded);
  const output = headLayer(args.head, seed + 4).apply(dropped) as tf.SymbolicTensor;
  return tf.model({ inputs: ids, outputs: output, name: `text_${args.cell}` });
}
