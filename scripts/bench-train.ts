// Training throughput of the CNN template (batch 64, Adam) on the native 'qudao-cpu'
// TensorFlow.js backend, next to PyTorch on the same machine.
//
//   npx tsx scripts/bench-train.ts [--steps 20] [--runs 3] [--rounds 2] [--profile] [--no-torch]
//     [--no-transformer] [--stock-adam]
//
// The model is the platform's `cnn` template (packages/ml/src/models/cnn.ts) with the
// platform's Adam (createOptimizer: one fused native step per weight on qudao-cpu);
// --stock-adam compiles it with tf.train.adam instead, for before/after figures.
//
// Then the text-transformer template (scripts/bench-train-transformer.ts), 10 steps a run.
//
// PyTorch runs with Debian's /usr/bin/python3, torch.set_num_threads(2) and
// OPENBLAS_NUM_THREADS=1; it is skipped with a message when torch is not installed. The two
// sides alternate for --rounds rounds and each reports its best, since shared machines are noisy.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { randomBatch } from '../packages/kernels/src/cnn.ts';
import { nativeInfo, registerQudaoCpuBackend } from '../packages/kernels/src/index.ts';
import { buildCnn } from '../packages/ml/src/models/cnn.ts';
import { createOptimizer } from '../packages/ml/src/optimizers/optimizers.ts';
import { printProfile } from './bench-profile.ts';
import { runTransformerBench } from './bench-train-transformer.ts';

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const BATCH = 64;
const STEPS = option('steps', 20);
const RUNS = option('runs', 3);
const ROUNDS = option('rounds', 2);
const WARMUP = 5;

async function benchTfjs(profile: boolean): Promise<{ imagesPerSec: number; msPerStep: number }> {
  await tf.setBackend('qudao-cpu');
  const model = buildCnn({ inputShape: [28, 28, 1], classes: 10, seed: 42 });
  const optimizer = flag('stock-adam')
    ? tf.train.adam(0.001)
    : createOptimizer({ name: 'adam', learningRate: 0.001 });
  model.compile({ optimizer, loss: 'categoricalCrossentropy' });
  const { xs, ys } = randomBatch(BATCH, 1);
  const x = tf.tensor4d(xs, [BATCH, 28, 28, 1]);
  const y = tf.tensor2d(ys, [BATCH, 10]);
  for (let i = 0; i < WARMUP; i++) await model.trainOnBatch(x, y);
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    for (let i = 0; i < STEPS; i++) await model.trainOnBatch(x, y);
    best = Math.min(best, (performance.now() - t0) / STEPS);
  }
  if (profile) await printProfile('qudao-cpu', 10, () => model.trainOnBatch(x, y));
  tf.dispose([x, y]);
  model.dispose();
  return { imagesPerSec: BATCH / (best / 1000), msPerStep: best };
}

function benchTorch(): { imagesPerSec: number; msPerStep: number } | string {
  const script = join(dirname(fileURLToPath(import.meta.url)), 'bench_train_torch.py');
  const res = spawnSync('/usr/bin/python3', [script], {
    env: {
      ...process.env,
      OPENBLAS_NUM_THREADS: '1',
      OMP_NUM_THREADS: '2',
      THREADS: '2',
      STEPS: String(STEPS),
      RUNS: String(RUNS),
    },
    encoding: 'utf8',
  });
  if (res.error) return `could not run /usr/bin/python3: ${res.error.message}`;
  const line = res.stdout.trim().split('\n').pop() ?? '';
  try {
    const out = JSON.parse(line) as { imagesPerSec?: number; msPerStep?: number; error?: string };
    if (out.error || out.imagesPerSec === undefined) return out.error ?? 'no result';
    return { imagesPerSec: out.imagesPerSec, msPerStep: out.msPerStep ?? 0 };
  } catch {
    return `unexpected output: ${res.stderr.trim().slice(-300) || line}`;
  }
}

const reg = registerQudaoCpuBackend();
if (!reg.ok) {
  console.error(`qudao-cpu is not available: ${reg.reason}`);
  process.exit(1);
}
const info = nativeInfo();
console.log(
  `CNN training, batch ${BATCH}, Adam; best of ${RUNS} x ${STEPS} steps; ` +
    `native ${info?.simd}, ${info?.threads} threads`,
);
type Result = { imagesPerSec: number; msPerStep: number };
const best = (a: Result | undefined, b: Result) => (!a || b.imagesPerSec > a.imagesPerSec ? b : a);
let ours: Result | undefined;
let torch: Result | string | undefined;
for (let round = 0; round < ROUNDS; round++) {
  ours = best(ours, await benchTfjs(flag('profile') && round === ROUNDS - 1));
  if (flag('no-torch')) continue;
  const t = benchTorch();
  torch = typeof t === 'string' ? t : best(typeof torch === 'object' ? torch : undefined, t);
  if (typeof t === 'string') break;
}
const fmt = (r: Result) => `${r.imagesPerSec.toFixed(0)} img/s (${r.msPerStep.toFixed(2)} ms/step)`;
console.log(`qudao-cpu (tfjs): ${fmt(ours!)}`);
if (typeof torch === 'string') {
  console.log(`PyTorch: skipped (${torch})`);
} else if (torch) {
  console.log(`PyTorch:          ${fmt(torch)}`);
  console.log(
    `ratio qudao-cpu / PyTorch: ${(ours!.imagesPerSec / torch.imagesPerSec).toFixed(2)}x`,
  );
}
if (!flag('no-transformer')) {
  await runTransformerBench({
    steps: Math.max(3, Math.round(STEPS / 2)),
    runs: RUNS,
    rounds: ROUNDS,
    profile: flag('profile'),
    torch: !flag('no-torch'),
  });
}
