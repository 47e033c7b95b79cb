import * as tf from '@tensorflow/tfjs';

/**
 * Runs a model once in inference mode. A Sequential model runs as a plain chain of its
 * layers' `call`s, without tfjs-layers' `predict`/`apply` bookkeeping (input checks, symbolic
 * graph execution, batching into 32s): for a single image that bookkeeping is a third of the
 * whole call. Other models fall back to `apply`. The caller has checked the input against the
 * model's signature; call it inside `tf.tidy`.
 */
export function inferOnce(model: tf.LayersModel, x: tf.Tensor): tf.Tensor {
  if (model instanceof tf.Sequential) {
    let h = x;
    for (const layer of model.layers) h = layer.call(h, { training: false }) as tf.Tensor;
    return h;
  }
  return model.apply(x, { training: false }) as tf.Tensor;
}
