import * as tf from '@tensorflow/tfjs';
import { type LayerArgs, NO_MASK, paddingMask, seededDropout } from './layer-utils.ts';

/** Options of `MultiHeadSelfAttention`. */
export interface MultiHeadSelfAttentionArgs extends LayerArgs {
  /** Number of attention heads. */
  numHeads: number;
  /** Size of each head's query, key and value projections (default: model width / numHeads). */
  keyDim?: number;
  /** Dropout rate on the attention weights while training (default 0). */
  dropout?: number;
  /** Seed of the weight initialisers and of the attention dropout (default 42). */
  seed?: number;
}

/**
 * Multi-head scaled dot-product self-attention (Vaswani et al. 2017), written on TensorFlow.js
 * ops so its gradients come from the ops' own (tested against finite differences).
 *
 * Input: `x` of shape [batch, time, width], or `[x, tokenIds]` where `tokenIds` [batch, time]
 * marks padding with id 0; padded positions are never attended to. Output: [batch, time, width].
 */
export class MultiHeadSelfAttention extends tf.layers.Layer {
  static readonly className = 'QudaoMultiHeadSelfAttention';
  readonly numHeads: number;
  readonly keyDim: number | undefined;
  readonly dropout: number;
  readonly seed: number;
  private calls = 0;
  private wq!: tf.LayerVariable;
  private wk!: tf.LayerVariable;
  private wv!: tf.LayerVariable;
  private wo!: tf.LayerVariable;
  private bq!: tf.LayerVariable;
  private bk!: tf.LayerVariable;
  private bv!: tf.LayerVariable;
  private bo!: tf.LayerVariable;

  constructor(args: MultiHeadSelfAttentionArgs) {
    super(args);
    if (!Number.isInteger(args.numHeads) || args.numHeads < 1) {
      throw new Error(`numHeads must be a positive integer; got ${args.numHeads}`);
    }
    this.numHeads = args.numHeads;
    this.keyDim = args.keyDim;
    this.dropout = args.dropout ?? 0;
    this.seed = args.seed ?? 42;
    this.supportsMasking = true;
  }

  private headDim(width: number): number {
    const dim = this.keyDim ?? width / this.numHeads;
    if (!Number.isInteger(dim) || dim < 1) {
      throw new Error(
        `the model width ${width} does not divide into ${this.numHeads} heads; pass keyDim or change numHeads`,
      );
    }
    return dim;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const width = shape[shape.length - 1];
    if (typeof width !== 'number') throw new Error('pass a complete width (last dimension)');
    const inner = this.numHeads * this.headDim(width);
    const init = (offset: number) => tf.initializers.glorotUniform({ seed: this.seed + offset });
    const zeros = tf.initializers.zeros();
    this.wq = this.addWeight('query_kernel', [width, inner], 'float32', init(1));
    this.wk = this.addWeight('key_kernel', [width, inner], 'float32', init(2));
    this.wv = this.addWeight('value_kernel', [width, inner], 'float32', init(3));
    this.wo = this.addWeight('output_kernel', [inner, width], 'float32', init(4));
    this.bq = this.addWeight('query_bias', [inner], 'float32', zeros);
    this.bk = this.addWeight('key_bias', [inner], 'float32', zeros);
    this.bv = this.addWeight('value_bias', [inner], 'float32', zeros);
    this.bo = this.addWeight('output_bias', [width], 'float32', zeros);
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
  }

  /** Attention and pooling consume the padding mask; nothing downstream needs one. */
  override computeMask(): tf.Tensor {
    return NO_MASK;
  }

  // biome-ignore lint/suspicious/noExplicitAny: the Layer API passes untyped kwargs
  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, any>): tf.Tensor {
    const list = Array.isArray(inputs) ? inputs : [inputs];
    const training = Boolean(kwargs.training);
    const seed = training && this.dropout > 0 ? this.seed + 1000 + this.calls++ : 0;
    return tf.tidy(() => {
      const x = list[0] as tf.Tensor3D;
      const [batch, time, width] = x.shape;
      const dim = this.headDim(width);
      const heads = this.numHeads;
      const inner = heads * dim;
      const flat = x.reshape([batch * time, width]);
      // All heads at once: one [width, heads*dim] projection each for queries, keys and
      // values, then [batch*heads, time, dim] batched matmuls. (Slicing each head's columns
      // out of the projections cost a Slice and, in the gradient, a PadV2 per weight and head.)
      const split = (w: tf.LayerVariable, b: tf.LayerVariable) =>
        tf
          .add(tf.matMul(flat, w.read()), b.read())
          .reshape([batch, time, heads, dim])
          .transpose([0, 2, 1, 3])
          .reshape([batch * heads, time, dim]);
      const q = split(this.wq, this.bq);
      const k = split(this.wk, this.bk);
      const v = split(this.wv, this.bv);
      let logits: tf.Tensor = tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(dim));
      if (list[1]) {
        const mask = paddingMask(list[1]).reshape([batch, 1, 1, time]);
        logits = tf.add(logits.reshape([batch, heads, time, time]), mask);
      }
      let weights: tf.Tensor = tf.softmax(logits.reshape([batch * heads, time, time]));
      if (seed) weights = seededDropout(weights, this.dropout, seed);
      const context = tf
        .matMul(weights, v)
        .reshape([batch, heads, time, dim])
        .transpose([0, 2, 1, 3])
        .reshape([batch * time, inner]);
      const out = tf.add(tf.matMul(context, this.wo.read()), this.bo.read());
      return out.reshape([batch, time, width]);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      numHeads: this.numHeads,
      keyDim: this.keyDim ?? null,
      dropout: this.dropout,
      seed: this.seed,
    };
  }
}
tf.serialization.registerClass(MultiHeadSelfAttention);

/** Factory in the style of `tf.layers.*`. */
export function multiHeadSelfAttention(args: MultiHeadSelfAttentionArgs): MultiHeadSelfAttention {
  return new MultiHeadSelfAttention(args);
}
