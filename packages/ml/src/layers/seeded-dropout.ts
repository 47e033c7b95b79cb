import * as tf from '@tensorflow/tfjs';
import { dropout } from './fused-ops.ts';
import { callSeed, type LayerArgs } from './layer-utils.ts';

/** Options of `SeededDropout`. */
export interface SeededDropoutArgs extends LayerArgs {
  /** Fraction of the inputs to zero while training, 0 ≤ rate < 1. */
  rate: number;
  /** Seed of the masks; each training call draws a new one from it (default 42). */
  seed?: number;
}

/**
 * Dropout whose masks are reproducible from a seed and differ from step to step (the stock
 * layer with a seed repeats one mask forever; without one, runs do not reproduce).
 */
export class SeededDropout extends tf.layers.Layer {
  static readonly className = 'QudaoSeededDropout';
  readonly rate: number;
  readonly seed: number;
  private calls = 0;

  constructor(args: SeededDropoutArgs) {
    super(args);
    if (!(args.rate >= 0 && args.rate < 1))
      throw new Error(`dropout rate must be in [0, 1); got ${args.rate}`);
    this.rate = args.rate;
    this.seed = args.seed ?? 42;
    this.supportsMasking = true;
  }

  // biome-ignore lint/suspicious/noExplicitAny: the Layer API passes untyped kwargs
  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, any>): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    if (!kwargs.training || this.rate === 0) return tf.clone(x);
    return dropout(x, this.rate, callSeed(this.seed, this.calls++));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed };
  }
}
tf.serialization.registerClass(SeededDropout);

export function seededDropoutLayer(args: SeededDropoutArgs): SeededDropout {
  return new SeededDropout(args);
}
