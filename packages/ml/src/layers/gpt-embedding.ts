import * as tf from '@tensorflow/tfjs';
import { embeddingLookup } from './embedding-lookup.ts';
import type { LayerArgs } from './layer-utils.ts';

/** Options of `GptEmbedding`. */
export interface GptEmbeddingArgs extends LayerArgs {
  /** Tokens in the vocabulary. */
  vocabularySize: number;
  /** Width of each token's vector (the model width). */
  embedDim: number;
  /** Learned positions (rows of a table) for this many positions; 0: none (rotary models). */
  positions: number;
  /** Standard deviation of the normal initialiser (default 0.02, as GPT-2). */
  stddev?: number;
  seed?: number;
}

/**
 * A GPT's token embedding, tied with its output projection. Applied to token ids
 * [batch, time] it gives token vectors plus learned position vectors [batch, time, width];
 * applied (as the same, shared layer) to hidden states [batch, time, width] it gives the
 * next-token logits h · Eᵀ [batch, time, vocabulary], with the one table E learning from both.
 */
export class GptEmbedding extends tf.layers.Layer {
  static readonly className = 'QudaoGptEmbedding';
  readonly vocabularySize: number;
  readonly embedDim: number;
  readonly positions: number;
  readonly stddev: number;
  readonly seed: number;
  private tokens!: tf.LayerVariable;
  private positionTable: tf.LayerVariable | null = null;

  constructor(args: GptEmbeddingArgs) {
    super(args);
    for (const key of ['vocabularySize', 'embedDim'] as const) {
      if (!Number.isInteger(args[key]) || args[key] < 1) {
        throw new Error(`${key} must be a positive integer; got ${args[key]}`);
      }
    }
    this.vocabularySize = args.vocabularySize;
    this.embedDim = args.embedDim;
    this.positions = args.positions;
    this.stddev = args.stddev ?? 0.02;
    this.seed = args.seed ?? 42;
  }

  override build(): void {
    const init = (offset: number) =>
      tf.initializers.randomNormal({ mean: 0, stddev: this.stddev, seed: this.seed + offset });
    this.tokens = this.addWeight(
      'token_embeddings',
      [this.vocabularySize, this.embedDim],
      'float32',
      init(1),
    );
    if (this.positions > 0) {
      this.positionTable = this.addWeight(
        'position_embeddings',
        [this.positions, this.embedDim],
        'float32',
        init(2),
      );
    }
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return shape.length === 3
      ? [shape[0]!, shape[1]!, this.vocabularySize]
      : [...shape, this.embedDim];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    return tf.tidy(() => {
      if (x.rank === 3) {
        const [batch, time, width] = x.shape as [number, number, number];
        const logits = tf.matMul(x.reshape([batch * time, width]), this.tokens.read(), false, true);
        return logits.reshape([batch, time, this.vocabularySize]);
      }
      const time = x.shape[1]!;
      const vectors = embeddingLookup(this.tokens.read(), x);
      if (!this.positionTable) return vectors;
      if (time > this.positions) {
        throw new Error(
          `a sequence of ${time} tokens is longer than the context of ${this.positions}`,
        );
      }
      const table = this.positionTable.read();
      const used = time === this.positions ? table : tf.slice(table, [0, 0], [time, this.embedDim]);
      return tf.add(vectors, used);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      vocabularySize: this.vocabularySize,
      embedDim: this.embedDim,
      positions: this.positions,
      stddev: this.stddev,
      seed: this.seed,
    };
  }
}
tf.serialization.registerClass(GptEmbedding);
