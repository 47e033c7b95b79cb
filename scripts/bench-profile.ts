// Per-kernel timing for the bench scripts: wraps every kernel of a backend (synchronous
// kernels, so wall time is exact) and prints where a training step's time goes.
import * as tf from '@tensorflow/tfjs';

export interface KernelTiming {
  calls: number;
  ms: number;
}

const wrapped = new Map<string, Map<string, KernelTiming>>();

/** Times every kernel of `backend` from now on; returns the live table (wraps only once). */
export function instrumentKernels(backend: string): Map<string, KernelTiming> {
  const existing = wrapped.get(backend);
  if (existing) {
    existing.clear();
    return existing;
  }
  const timings = new Map<string, KernelTiming>();
  for (const config of tf.getKernelsForBackend(backend)) {
    const inner = config.kernelFunc;
    const name = config.kernelName;
    (config as { kernelFunc: tf.KernelFunc }).kernelFunc = ((a: Parameters<tf.KernelFunc>[0]) => {
      const t0 = performance.now();
      const out = inner(a);
      const t = timings.get(name) ?? { calls: 0, ms: 0 };
      t.calls++;
      t.ms += performance.now() - t0;
      timings.set(name, t);
      return out;
    }) as tf.KernelFunc;
  }
  wrapped.set(backend, timings);
  return timings;
}

/** Runs `step` `steps` times with kernels timed and prints the top kernels per step. */
export async function printProfile(
  backend: string,
  steps: number,
  step: () => Promise<unknown>,
): Promise<void> {
  const timings = instrumentKernels(backend);
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) await step();
  const total = (performance.now() - t0) / steps;
  const rows = [...timings.entries()].sort((a, b) => b[1].ms - a[1].ms);
  const inKernels = rows.reduce((s, [, t]) => s + t.ms, 0) / steps;
  console.log(`\nprofile: ${total.toFixed(2)} ms/step, ${inKernels.toFixed(2)} ms in kernels`);
  console.log(`${'kernel'.padEnd(24)} ${'ms/step'.padStart(8)} ${'calls/step'.padStart(10)}`);
  for (const [name, t] of rows.slice(0, 25)) {
    const ms = (t.ms / steps).toFixed(3).padStart(8);
    console.log(`${name.padEnd(24)} ${ms} ${String(t.calls / steps).padStart(10)}`);
  }
  console.log(`${'(outside kernels)'.padEnd(24)} ${(total - inKernels).toFixed(3).padStart(8)}`);
  timings.clear();
}
