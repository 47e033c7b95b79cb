import * as tf from '@tensorflow/tfjs';
import { attentionPacked } from './fused-ops.ts';
import { callSeed, type LayerArgs, NO_MASK, paddingMask } from './layer-utils.ts';

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
 * Multi-head scaled dot-product self-attention (Vaswani et al. 2017). The core (scores, mask,
 * softmax, dropout, weighted values) is `attention` in fused-ops.ts: one native kernel each
 * way on 'qudao-cpu', stock ops with their own gradients elsewhere (both tested against
 * finite differences).
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
    const dropping = training && this.dropout > 0;
    const seed = dropping ? callSeed(this.seed + 1000, this.calls++) : 0;
    return tf.tidy(() => {
      const x = list[0] as tf.Tensor3D;
      const [batch, time, width] = x.shape;
      const dim = this.headDim(width);
      const heads = this.numHeads;
      const inner = heads * dim;
      const flat = x.reshape([batch * time, width]);
      // All heads and all three projections at once: x times the query, key and value
      // kernels side by side ([width, 3*heads*dim]) gives [batch, time, 3*heads*dim], which
      // `attentionPacked` reads head by head in place (one fused kernel on qudao-cpu).
      const kernel = tf.concat([this.wq.read(), this.wk.read(), this.wv.read()], 1);
      const bias = tf.concat([this.bq.read(), this.bk.read(), this.bv.read()]);
      const qkv = tf.fused.matMul({ a: flat, b: kernel, bias }).reshape([batch, time, 3 * inner]);
      const mask = list[1] ? paddingMask(list[1]) : null;
      const context = attentionPacked(qkv as tf.Tensor3D, mask, {
        numHeads: heads,
        scale: 1 / Math.sqrt(dim),
        rate: dropping ? this.dropout : 0,
        seed,
      }).reshape([batch * time, inner]);
      const out = tf.fused.matMul({ a: context, b: this.wo.read(), bias: this.bo.read() });
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
