import * as tf from '@tensorflow/tfjs';
import { type LayerArgs, NO_MASK, tokenPresence } from './layer-utils.ts';

/**
 * Mean over time of `[x, tokenIds]` → [batch, width], counting only real tokens (id ≠ 0), so
 * padding does not dilute short texts. With `x` alone it is a plain mean over time.
 */
export class MaskedMeanPooling extends tf.layers.Layer {
  static readonly className = 'QudaoMaskedMeanPooling';

  constructor(args: LayerArgs = {}) {
    super(args);
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [shape[0]!, shape[2]!];
  }

  /** Attention and pooling consume the padding mask; nothing downstream needs one. */
  override computeMask(): tf.Tensor {
    return NO_MASK;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const list = Array.isArray(inputs) ? inputs : [inputs];
    return tf.tidy(() => {
      const x = list[0] as tf.Tensor3D;
      if (!list[1]) return tf.mean(x, 1);
      const present = tokenPresence(list[1]).expandDims(2); // [batch, time, 1]
      const sum = tf.sum(tf.mul(x, present), 1);
      return tf.div(sum, tf.maximum(tf.sum(present, 1), 1));
    });
  }
}
tf.serialization.registerClass(MaskedMeanPooling);

export function maskedMeanPooling(args: LayerArgs = {}): MaskedMeanPooling {
  return new MaskedMeanPooling(args);
}
