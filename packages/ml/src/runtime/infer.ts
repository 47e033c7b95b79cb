import { BACKEND_NAME, compileInference, type InferencePlan } from '@qudao/kernels';
import * as tf from '@tensorflow/tfjs';

/** Compiled plans of the models served so far (null: the model does not compile). */
const plans = new WeakMap<tf.LayersModel, InferencePlan | null>();

/**
 * Runs a model once in inference mode.
 *
 * On 'qudao-cpu' a Sequential model of known layers (the cnn and mlp templates) runs as a
 * compiled plan: native calls on buffers allocated once, without the tfjs engine in between
 * (see packages/kernels/src/inference-plan.ts). Otherwise a Sequential model runs as a plain
 * chain of its layers' `call`s, without tfjs-layers' `predict`/`apply` bookkeeping (input
 * checks, symbolic graph execution, batching into 32s), and other models through `apply`.
 * The caller has checked the input against the model's signature; call it inside `tf.tidy`.
 */
export function inferOnce(model: tf.LayersModel, x: tf.Tensor): tf.Tensor {
  if (tf.getBackend() === BACKEND_NAME) {
    let plan = plans.get(model);
    if (plan === undefined) {
      plan = compileInference(model);
      plans.set(model, plan);
    }
    const y = plan?.predict(x);
    if (y) return y;
  }
  if (model instanceof tf.Sequential) {
    let h = x;
    for (const layer of model.layers) h = layer.call(h, { training: false }) as tf.Tensor;
    return h;
  }
  return model.apply(x, { training: false }) as tf.Tensor;
}
