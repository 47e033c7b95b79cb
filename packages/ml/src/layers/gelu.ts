import * as tf from '@tensorflow/tfjs';
import { gelu } from './fused-ops.ts';
import type { LayerArgs } from './layer-utils.ts';

/**
 * GELU activation (exact Gaussian CDF), the same function as `activation: 'gelu'` of tfjs-layers
 * but one native kernel each way on 'qudao-cpu' instead of six ops and their gradients.
 */
export class Gelu extends tf.layers.Layer {
  static readonly className = 'QudaoGelu';

  constructor(args: LayerArgs = {}) {
    super(args);
    this.supportsMasking = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return gelu(Array.isArray(inputs) ? inputs[0]! : inputs);
  }
}
tf.serialization.registerClass(Gelu);
