// The cnn template's training step (batch 64, Adam) on the native `qudao-cpu` backend next to
// the backends that run without it: `wasm` (chosen when the addon cannot be built, with our
// training kernels added) and TensorFlow.js's plain-JavaScript `cpu`, in one run.
//
//   npx tsx scripts/bench-backends.ts [--steps 3] [--rounds 2]
//
// The stock backend is slow, so a few steps suffice; each side reports its best step of each
// round, the rounds alternate, and the ratio is of the best figures. Run it through
// ../shared/tools/when-quiet: a loaded machine flatters the side with fewer threads.
import { loadavg } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { randomBatch } from '../packages/kernels/src/cnn.ts';
import { registerQudaoCpuBackend } from '../packages/kernels/src/index.ts';
import { buildCnn } from '../packages/ml/src/models/cnn.ts';
import { createOptimizer } from '../packages/ml/src/optimizers/optimizers.ts';
import { loadWasmBackend } from '../packages/ml/src/runtime/wasm-backend.ts';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const BATCH = 64;
const STEPS = option('steps', 3);
const ROUNDS = option('rounds', 2);

async function bestStepMs(backend: string): Promise<number> {
  await tf.setBackend(backend);
  const model = buildCnn({ inputShape: [28, 28, 1], classes: 10, seed: 42 });
  model.compile({
    optimizer: createOptimizer({ name: 'adam', learningRate: 0.001 }),
    loss: 'categoricalCrossentropy',
  });
  const { xs, ys } = randomBatch(BATCH, 1);
  const x = tf.tensor4d(xs, [BATCH, 28, 28, 1]);
  const y = tf.tensor2d(ys, [BATCH, 10]);
  await model.trainOnBatch(x, y); // warm-up
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < STEPS; i++) {
    const t0 = performance.now();
    await model.trainOnBatch(x, y);
    best = Math.min(best, performance.now() - t0);
  }
  tf.dispose([x, y]);
  model.dispose();
  return best;
}

const registered = registerQudaoCpuBackend();
if (!registered.ok) {
  console.error(`qudao-cpu is not available: ${registered.reason}`);
  process.exit(1);
}
const load = () => loadavg()[0]!.toFixed(2);
console.log(`load average before: ${load()}`);
const wasmFailure = await loadWasmBackend();
if (wasmFailure) console.log(`wasm: ${wasmFailure}`);
const backends = wasmFailure
  ? (['qudao-cpu', 'cpu'] as const)
  : (['qudao-cpu', 'wasm', 'cpu'] as const);
const best: Record<string, number> = {};
for (let round = 1; round <= ROUNDS; round++) {
  for (const backend of backends) {
    const ms = await bestStepMs(backend);
    best[backend] = Math.min(best[backend] ?? Number.POSITIVE_INFINITY, ms);
    console.log(
      `round ${round} ${backend.padEnd(9)} ${ms.toFixed(1).padStart(8)} ms/step  ${Math.round((BATCH * 1000) / ms)} img/s`,
    );
  }
}
const ours = best['qudao-cpu']!;
for (const backend of backends.slice(1)) {
  console.log(
    `best: qudao-cpu ${Math.round((BATCH * 1000) / ours)} img/s, ${backend} ${((BATCH * 1000) / best[backend]!).toFixed(1)} img/s: qudao-cpu is ${(best[backend]! / ours).toFixed(0)}x faster`,
  );
}
console.log(`load average after: ${load()}`);
