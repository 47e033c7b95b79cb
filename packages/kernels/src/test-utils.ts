// Helpers for the tests that need the native addon, and for those that compare 'qudao-cpu'
// with the stock 'cpu' backend.
import * as tf from '@tensorflow/tfjs';
import { describe, it } from 'vitest';
import { seededRandom } from './cnn.ts';
import { registerQudaoCpuBackend } from './index.ts';

export const registration = registerQudaoCpuBackend();
export const nativeReady = registration.ok;
export const skipReason = registration.ok ? '' : registration.reason;

/** QUDAO_REQUIRE_NATIVE=1 (CI): a missing addon fails the native tests instead of skipping them. */
export const nativeRequired = process.env.QUDAO_REQUIRE_NATIVE === '1';

/**
 * `describe` for tests that need the native addon. Without it they are skipped with a warning,
 * or, under QUDAO_REQUIRE_NATIVE=1, replaced by one failing test that gives the reason (a
 * build that broke must not pass as "skipped").
 */
export function describeNative(name: string, fn: () => void): void {
  if (nativeReady) {
    describe(name, fn);
  } else if (nativeRequired) {
    describe(name, () => {
      it('needs the native addon (QUDAO_REQUIRE_NATIVE=1)', () => {
        throw new Error(
          `QUDAO_REQUIRE_NATIVE=1 but the native addon is unavailable: ${skipReason}`,
        );
      });
    });
  } else {
    console.warn(`[@qudao/kernels] skipping "${name}": ${skipReason}`);
    describe.skip(name, fn);
  }
}

/** The error `call` throws; throws itself (failing the test) when the call returns. */
export function refusal(call: () => void): Error {
  try {
    call();
  } catch (err) {
    return err as Error;
  }
  throw new Error('the call was accepted');
}

export function randomArray(size: number, seed: number, lo = -1, hi = 1): Float32Array {
  const rnd = seededRandom(seed);
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) out[i] = lo + (hi - lo) * rnd();
  return out;
}

type Outputs = tf.Tensor | tf.Tensor[] | Record<string, tf.Tensor>;

function flatten(o: Outputs): tf.Tensor[] {
  if (o instanceof tf.Tensor) return [o];
  if (Array.isArray(o)) return o;
  return Object.keys(o)
    .sort()
    .map((k) => o[k]);
}

/** Runs fn under a backend and returns every output's values and shape. */
export async function runOn(
  backend: string,
  fn: () => Outputs,
): Promise<{ values: Float32Array; shape: number[] }[]> {
  await tf.setBackend(backend);
  return tf
    .tidy(() => flatten(fn()))
    .map((t) => {
      const r = { values: Float32Array.from(t.dataSync()), shape: t.shape };
      t.dispose();
      return r;
    });
}

/** max |a - b| / max(|b|), the error measure used for every comparison. */
export function relativeError(a: Float32Array, b: Float32Array): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < b.length; i++) {
    if (Number.isNaN(a[i]) || Number.isNaN(b[i])) {
      if (Number.isNaN(a[i]) !== Number.isNaN(b[i])) return Number.POSITIVE_INFINITY;
      continue;
    }
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return diff / Math.max(scale, 1e-6);
}

/** Runs fn on 'qudao-cpu' and on 'cpu' and returns the worst relative error over outputs. */
export async function compareBackends(fn: () => Outputs): Promise<number> {
  const ours = await runOn('qudao-cpu', fn);
  const ref = await runOn('cpu', fn);
  if (ours.length !== ref.length) throw new Error('different number of outputs');
  let worst = 0;
  for (let i = 0; i < ref.length; i++) {
    if (ours[i].shape.join() !== ref[i].shape.join()) {
      throw new Error(`shape ${ours[i].shape} differs from ${ref[i].shape}`);
    }
    worst = Math.max(worst, relativeError(ours[i].values, ref[i].values));
  }
  return worst;
}
