import * as tf from '@tensorflow/tfjs';
import { embeddingLookup } from './embedding-lookup.ts';
import type { LayerArgs } from './layer-utils.ts';

/** Options of `TokenAndPositionEmbedding`. */
export interface TokenAndPositionEmbeddingArgs extends LayerArgs {
  /** Number of token ids, including 0 (padding) and 1 (unknown word). */
  vocabularySize: number;
  /** Longest sequence the model reads; inputs may be shorter, never longer. */
  sequenceLength: number;
  /** Width of each token's vector. */
  embedDim: number;
  /** Seed of the initialisers (default 42). */
  seed?: number;
}

/**
 * Token ids [batch, time] → learned token vectors plus learned position vectors
 * [batch, time, embedDim], the input stage of a Transformer encoder.
 */
export class TokenAndPositionEmbedding extends tf.layers.Layer {
  static readonly className = 'QudaoTokenAndPositionEmbedding';
  readonly vocabularySize: number;
  readonly sequenceLength: number;
  readonly embedDim: number;
  readonly seed: number;
  private tokens!: tf.LayerVariable;
  private positions!: tf.LayerVariable;

  constructor(args: TokenAndPositionEmbeddingArgs) {
    super(args);
    for (const key of ['vocabularySize', 'sequenceLength', 'embedDim'] as const) {
      if (!Number.isInteger(args[key]) || args[key] < 1) {
        throw new Error(`${key} must be a positive integer; got ${args[key]}`);
      }
    }
    this.vocabularySize = args.vocabularySize;
    this.sequenceLength = args.sequenceLength;
    this.embedDim = args.embedDim;
    this.seed = args.seed ?? 42;
  }

  override build(): void {
    const init = (offset: number) =>
      tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: this.seed + offset });
    this.tokens = this.addWeight(
      'token_embeddings',
      [this.vocabularySize, this.embedDim],
      'float32',
      init(1),
    );
    this.positions = this.addWeight(
      'position_embeddings',
      [this.sequenceLength, this.embedDim],
      'float32',
      init(2),
    );
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape): tf.Shape {
    return [...inputShape, this.embedDim];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const ids = Array.isArray(inputs) ? inputs[0]! : inputs;
    return tf.tidy(() => {
      const time = ids.shape[1]!;
      if (time > this.sequenceLength) {
        throw new Error(
          `sequence of ${time} tokens is longer than sequenceLength ${this.sequenceLength}`,
        );
      }
      const tokenVectors = embeddingLookup(this.tokens.read(), ids);
      // Inputs padded to the full length (what training feeds) take the table as it is: a
      // slice would cost a PadV2 of the whole table in every backward pass.
      const table = this.positions.read();
      const positionVectors =
        time === this.sequenceLength ? table : tf.slice(table, [0, 0], [time, this.embedDim]);
      return tf.add(tokenVectors, positionVectors);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      vocabularySize: this.vocabularySize,
      sequenceLength: this.sequenceLength,
      embedDim: this.embedDim,
      seed: this.seed,
    };
  }
}
tf.serialization.registerClass(TokenAndPositionEmbedding);

export function tokenAndPositionEmbedding(
  args: TokenAndPositionEmbeddingArgs,
): TokenAndPositionEmbedding {
  return new TokenAndPositionEmbedding(args);
}
