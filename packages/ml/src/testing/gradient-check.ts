import * as tf from '@tensorflow/tfjs';

export interface GradientCheckOptions {
  /** Finite-difference step (default 1e-2). */
  eps?: number;
  /** Relative tolerance (default 2e-2). */
  rtol?: number;
  /** Absolute tolerance (default 2e-3). */
  atol?: number;
  /** Entries to check, spread evenly over the tensor (default 24). */
  samples?: number;
}

export interface GradientCheckResult {
  /** Largest |analytic − numeric| / (atol + rtol·|numeric|) over the checked entries; ≤ 1 passes. */
  worst: number;
  checked: number;
}

/**
 * Compares analytic gradients with central finite differences of `evaluate` at evenly spread
 * entries. float32 arithmetic limits the agreement, so the tolerances allow for rounding and
 * still catch a wrong gradient.
 */
function compare(
  analytic: ArrayLike<number>,
  base: Float32Array,
  evaluate: (values: Float32Array) => number,
  options: GradientCheckOptions,
): GradientCheckResult {
  const eps = options.eps ?? 1e-2;
  const rtol = options.rtol ?? 2e-2;
  const atol = options.atol ?? 2e-3;
  const n = base.length;
  const count = Math.min(n, options.samples ?? 24);
  let worst = 0;
  for (let s = 0; s < count; s++) {
    const i = Math.floor((s * n) / count);
    const at = (delta: number) => {
      const values = base.slice();
      values[i] = values[i]! + delta;
      return evaluate(values);
    };
    const numeric = (at(eps) - at(-eps)) / (2 * eps);
    worst = Math.max(worst, Math.abs(analytic[i]! - numeric) / (atol + rtol * Math.abs(numeric)));
  }
  return { worst, checked: count };
}

/** Checks the gradient of the scalar function `f` with respect to its input `x`. */
export function checkGradient(
  f: (x: tf.Tensor) => tf.Scalar,
  x: tf.Tensor,
  options: GradientCheckOptions = {},
): GradientCheckResult {
  const analytic = tf.tidy(() => tf.grad(f)(x).dataSync());
  return compare(
    analytic,
    x.dataSync() as Float32Array,
    (values) => tf.tidy(() => f(tf.tensor(values, x.shape, 'float32')).dataSync()[0]!),
    options,
  );
}

/**
 * Checks the gradient of `f` with respect to each trainable weight of a built `layer`: analytic
 * through `tf.variableGrads`, numeric by writing perturbed values into the weight.
 */
export function checkLayerWeightGradients(
  layer: tf.layers.Layer,
  f: () => tf.Scalar,
  options: GradientCheckOptions = {},
): Record<string, GradientCheckResult> {
  const out: Record<string, GradientCheckResult> = {};
  for (const weight of layer.trainableWeights) {
    const variable = weight.read() as tf.Variable;
    const original = variable.clone();
    const { value, grads } = tf.variableGrads(f, [variable]);
    const analytic = grads[variable.name]!.dataSync();
    value.dispose();
    tf.dispose(grads);
    out[weight.originalName] = compare(
      analytic,
      original.dataSync() as Float32Array,
      (values) => {
        weight.write(tf.tensor(values, original.shape, 'float32'));
        return tf.tidy(() => f().dataSync()[0]!);
      },
      options,
    );
    weight.write(original);
    original.dispose();
  }
  return out;
}
