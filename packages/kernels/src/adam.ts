// One fused Adam step per variable on 'qudao-cpu': the native kernel updates the variable and
// its two moment variables in place, instead of ~15 element-wise kernel calls and 3 new
// tensors per variable. Used by the Adam optimizer of packages/ml (`FusedAdamOptimizer`).
//
// In place is only safe when nobody else can see the arrays: each of the three must be the
// only data of its tensor (refCount 1) and must never have left the backend (readSync) or been
// viewed by a stock kernel's output. Arrays that were not made here, or that escaped since, are
// first replaced by a private copy (`variable.assign`), so tfjs's bookkeeping stays as usual.
import * as tf from '@tensorflow/tfjs';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type { BufferPool } from './buffer-pool.ts';
import type { NativeAddon } from './native.ts';

/** The scalars of one Adam step, as tf.train.adam uses them (see `adamUpdate`). */
export interface AdamStep {
  learningRate: number;
  beta1: number;
  beta2: number;
  /** 1 - beta1^t and 1 - beta2^t (bias corrections). */
  c1: number;
  c2: number;
  epsilon: number;
}

type Backend = MathBackendCPU & { pool: BufferPool };

/** The variable's Float32Array, made private to it first when it may be shared. */
function exclusiveValues(backend: Backend, variable: tf.Variable): Float32Array | null {
  if (variable.dtype !== 'float32') return null;
  let entry = backend.data.get(variable.dataId);
  let values = entry?.values;
  if (!entry || !(values instanceof Float32Array)) return null;
  if (entry.refCount === 1 && backend.pool.isSolo(values)) return values;
  const copy = new Float32Array(values);
  const t = tf
    .engine()
    .makeTensorFromTensorInfo(backend.makeTensorInfo(variable.shape, 'float32', copy));
  variable.assign(t);
  t.dispose();
  entry = backend.data.get(variable.dataId);
  values = entry?.values;
  if (!entry || values !== copy || entry.refCount !== 1) return null;
  backend.pool.claimSolo(copy);
  return copy;
}

/**
 * One Adam step on `variable` with moments `m`, `v` and gradient `grad`, in place. Returns
 * false (changing nothing) when it declines: another dtype, mismatched sizes, or a gradient
 * that is not a float32 array.
 */
export function adamUpdate(
  backend: Backend,
  addon: NativeAddon,
  variable: tf.Variable,
  m: tf.Variable,
  v: tf.Variable,
  grad: tf.Tensor,
  s: AdamStep,
): boolean {
  const n = variable.size;
  if (m.size !== n || v.size !== n || grad.size !== n || grad.dtype !== 'float32') return false;
  const g = backend.data.get(grad.dataId)?.values;
  if (!(g instanceof Float32Array)) return false;
  const vars = [variable, m, v].map((x) => exclusiveValues(backend, x));
  const [w, mv, vv] = vars;
  if (!w || !mv || !vv) return false;
  if (n === 0) return true;
  addon.adam(
    w,
    mv,
    vv,
    g,
    s.learningRate,
    s.beta1,
    s.beta2,
    1 - s.beta1,
    1 - s.beta2,
    s.c1,
    s.c2,
    s.epsilon,
  );
  return true;
}
