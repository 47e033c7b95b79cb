import * as tf from '@tensorflow/tfjs';
import { embeddingLookup } from './embedding-lookup.ts';
import { type LayerArgs, NO_MASK, PAD_ID } from './layer-utils.ts';

/** Options of `TokenEmbedding`. */
export interface TokenEmbeddingArgs extends LayerArgs {
  /** Number of token ids, including 0 (padding) and 1 (unknown word). */
  vocabularySize: number;
  /** Width of each token's vector. */
  embedDim: number;
  /** Pass a mask (id ≠ 0) to the next layers, so recurrent layers skip padding (default true). */
  maskZero?: boolean;
  seed?: number;
}

/**
 * Token ids [batch, time] → vectors [batch, time, embedDim], like `tf.layers.embedding` but with
 * the fast sparse gradient of `embeddingLookup`.
 */
export class TokenEmbedding extends tf.layers.Layer {
  static readonly className = 'QudaoTokenEmbedding';
  readonly vocabularySize: number;
  readonly embedDim: number;
  readonly maskZero: boolean;
  readonly seed: number;
  private table!: tf.LayerVariable;

  constructor(args: TokenEmbeddingArgs) {
    super(args);
    this.vocabularySize = args.vocabularySize;
    this.embedDim = args.embedDim;
    this.maskZero = args.maskZero ?? true;
    this.seed = args.seed ?? 42;
  }

  override build(): void {
    this.table = this.addWeight(
      'embeddings',
      [this.vocabularySize, this.embedDim],
      'float32',
      tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: this.seed }),
    );
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape): tf.Shape {
    return [...inputShape, this.embedDim];
  }

  override computeMask(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    if (!this.maskZero) return NO_MASK;
    const ids = Array.isArray(inputs) ? inputs[0]! : inputs;
    return tf.notEqual(ids, PAD_ID);
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const ids = Array.isArray(inputs) ? inputs[0]! : inputs;
    return tf.tidy(() => embeddingLookup(this.table.read(), ids));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      vocabularySize: this.vocabularySize,
      embedDim: this.embedDim,
      maskZero: this.maskZero,
      seed: this.seed,
    };
  }
}
tf.serialization.registerClass(TokenEmbedding);
