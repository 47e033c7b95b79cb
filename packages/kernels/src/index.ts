// @qudao/kernels: native CPU kernels for TensorFlow.js, registered as the 'qudao-cpu' backend.
import { BACKEND_NAME, registerBackend } from './backend.ts';
import { loadAddon, type NativeInfo } from './native.ts';

export { BACKEND_NAME } from './backend.ts';
export { FUSED_KERNELS } from './constants.ts';
export { dropoutBits, dropoutMask, dropoutScale } from './dropout-mask.ts';
export { fallbackCounts, NativeKernelError } from './kernels/util.ts';
export type { NativeInfo } from './native.ts';

export type RegisterResult = { ok: true } | { ok: false; reason: string };

let registered: RegisterResult | undefined;

/**
 * Registers the 'qudao-cpu' TensorFlow.js backend. Idempotent; never throws. When the native
 * addon is missing or fails to load, returns the reason and the stock 'cpu' backend stays in use.
 * Select it with `await tf.setBackend('qudao-cpu')`.
 */
export function registerQudaoCpuBackend(): RegisterResult {
  if (registered) return registered;
  const loaded = loadAddon();
  if (!loaded.ok) {
    registered = { ok: false, reason: loaded.reason };
    return registered;
  }
  try {
    registerBackend(loaded.addon);
    registered = { ok: true };
  } catch (err) {
    registered = {
      ok: false,
      reason: `registering ${BACKEND_NAME} failed: ${(err as Error).message}`,
    };
  }
  return registered;
}

/** SIMD builds and thread count of the native kernels, or null when the addon is not available. */
export function nativeInfo(): NativeInfo | null {
  const loaded = loadAddon();
  return loaded.ok ? loaded.addon.info() : null;
}

/** Sets the size of the native thread pool (the calling thread counts as one). */
export function setNativeThreads(n: number): void {
  const loaded = loadAddon();
  if (!loaded.ok) return;
  if (!Number.isInteger(n) || n < 1)
    throw new RangeError(`threads must be a positive integer, got ${n}`);
  loaded.addon.setThreads(n);
}

/**
 * Runs the calling thread's parallel kernels on a pool of their own (true) or on the shared one
 * (false). The background pool's threads start on its first parallel kernel, from this thread, so
 * they take this thread's OS priority: a thread that lowers its priority (a training thread of a
 * serving process) and then calls this keeps its helpers low too, and never makes a prediction's
 * kernels wait on them.
 */
export function setNativeBackground(on: boolean): void {
  const loaded = loadAddon();
  if (loaded.ok) loaded.addon.setBackground(on ? 1 : 0);
}

export {
  DecoderEngine,
  type DecoderRun,
  type GptBlockWeights,
  type GptWeights,
} from './decoder-engine.ts';
export { compileInference, type InferencePlan } from './inference-plan.ts';
