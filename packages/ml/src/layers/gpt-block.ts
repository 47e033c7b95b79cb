import * as tf from '@tensorflow/tfjs';
import { attention, attentionPacked, dropout, gelu, layerNorm } from './fused-ops.ts';
import { callSeed, type LayerArgs } from './layer-utils.ts';
import { rotaryEmbedding } from './lm-ops.ts';

/** Options of `GptBlock`. */
export interface GptBlockArgs extends LayerArgs {
  numHeads: number;
  /** Hidden width of the GELU feed-forward network (GPT-2: 4 × width). */
  ffDim: number;
  /** Dropout on the attention weights and on both residual branches while training. */
  dropout?: number;
  /** Rotary base when positions are rotary; 0 (default) for none (learned positions). */
  rotaryBase?: number;
  /** Blocks in the model: residual projections start at 0.02 / sqrt(2 · layers) (GPT-2). */
  layers?: number;
  epsilon?: number;
  seed?: number;
}

/**
 * One pre-LayerNorm decoder block (GPT-2): x + Drop(Attn(LN(x))), then + Drop(MLP(LN(x))),
 * with causal multi-head self-attention (one fused kernel each way on 'qudao-cpu', the upper
 * triangle never computed) and a GELU feed-forward network. The queries, keys and values come
 * from one [width, 3·width] kernel, the layout the fused kernel and the decode engine read.
 */
export class GptBlock extends tf.layers.Layer {
  static readonly className = 'QudaoGptBlock';
  readonly numHeads: number;
  readonly ffDim: number;
  readonly dropout: number;
  readonly rotaryBase: number;
  readonly layers: number;
  readonly epsilon: number;
  readonly seed: number;
  private calls = 0;
  private w: Record<string, tf.LayerVariable> = {};

  constructor(args: GptBlockArgs) {
    super(args);
    this.numHeads = args.numHeads;
    this.ffDim = args.ffDim;
    this.dropout = args.dropout ?? 0;
    this.rotaryBase = args.rotaryBase ?? 0;
    this.layers = args.layers ?? 1;
    this.epsilon = args.epsilon ?? 1e-5;
    this.seed = args.seed ?? 42;
    if (!(this.dropout >= 0 && this.dropout < 1)) {
      throw new Error(`dropout must be in [0, 1); got ${this.dropout}`);
    }
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const width = shape[shape.length - 1];
    if (typeof width !== 'number') throw new Error('pass a complete width (last dimension)');
    if (width % this.numHeads !== 0) {
      throw new Error(`the width ${width} does not divide into ${this.numHeads} heads`);
    }
    const normal = (stddev: number, offset: number) =>
      tf.initializers.randomNormal({ mean: 0, stddev, seed: this.seed + offset });
    const residual = 0.02 / Math.sqrt(2 * this.layers);
    const add = (name: string, shape: number[], init: ReturnType<typeof tf.initializers.zeros>) => {
      this.w[name] = this.addWeight(name, shape, 'float32', init);
    };
    const ones = tf.initializers.ones();
    const zeros = tf.initializers.zeros();
    add('ln1_gamma', [width], ones);
    add('ln1_beta', [width], zeros);
    add('qkv_kernel', [width, 3 * width], normal(0.02, 1));
    add('qkv_bias', [3 * width], zeros);
    add('out_kernel', [width, width], normal(residual, 2));
    add('out_bias', [width], zeros);
    add('ln2_gamma', [width], ones);
    add('ln2_beta', [width], zeros);
    add('ff_in_kernel', [width, this.ffDim], normal(0.02, 3));
    add('ff_in_bias', [this.ffDim], zeros);
    add('ff_out_kernel', [this.ffDim, width], normal(residual, 4));
    add('ff_out_bias', [width], zeros);
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
  }

  // biome-ignore lint/suspicious/noExplicitAny: the Layer API passes untyped kwargs
  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, any>): tf.Tensor {
    const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor3D;
    const rate = kwargs.training ? this.dropout : 0;
    const call = rate > 0 ? this.calls++ : 0;
    const seed = (k: number) => callSeed(this.seed + 1000 * k, call);
    const r = (name: string) => this.w[name]!.read();
    return tf.tidy(() => {
      const [batch, time, width] = x.shape;
      const heads = this.numHeads;
      const rows = batch * time;
      const flat = x.reshape([rows, width]);
      const h = layerNorm(flat, r('ln1_gamma'), r('ln1_beta'), this.epsilon);
      const qkv = tf.fused
        .matMul({ a: h, b: r('qkv_kernel'), bias: r('qkv_bias') })
        .reshape([batch, time, 3 * width]) as tf.Tensor3D;
      const opts = {
        numHeads: heads,
        scale: Math.sqrt(heads / width),
        rate,
        seed: seed(1),
        causal: true,
      };
      let context: tf.Tensor3D;
      if (this.rotaryBase > 0) {
        const [q, k, v] = tf.split(qkv, 3, -1) as [tf.Tensor3D, tf.Tensor3D, tf.Tensor3D];
        const rq = rotaryEmbedding(q, heads, this.rotaryBase);
        const rk = rotaryEmbedding(k, heads, this.rotaryBase);
        context = attention(rq, rk, v, null, opts);
      } else context = attentionPacked(qkv, null, opts);
      let a = tf.fused.matMul({
        a: context.reshape([rows, width]),
        b: r('out_kernel'),
        bias: r('out_bias'),
      });
      if (rate > 0) a = dropout(a, rate, seed(2));
      const x1 = tf.add(flat, a);
      const h2 = layerNorm(x1, r('ln2_gamma'), r('ln2_beta'), this.epsilon);
      const f = gelu(tf.fused.matMul({ a: h2, b: r('ff_in_kernel'), bias: r('ff_in_bias') }));
      let m = tf.fused.matMul({ a: f, b: r('ff_out_kernel'), bias: r('ff_out_bias') });
      if (rate > 0) m = dropout(m, rate, seed(3));
      return tf.add(x1, m).reshape([batch, time, width]);
    });
  }

  /** The weights by name (qkv_kernel, …), as the decode engine reads them. */
  namedWeights(): Record<string, tf.Tensor> {
    return Object.fromEntries(Object.entries(this.w).map(([k, v]) => [k, v.read()]));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      numHeads: this.numHeads,
      ffDim: this.ffDim,
      dropout: this.dropout,
      rotaryBase: this.rotaryBase,
      layers: this.layers,
      epsilon: this.epsilon,
      seed: this.seed,
    };
  }
}
tf.serialization.registerClass(GptBlock);
