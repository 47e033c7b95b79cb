// Training throughput of the cnn template (batch 64, Adam) on the native 'qudao-cpu'
// TensorFlow.js backend, next to PyTorch on the same machine, for 28x28x1 and 32x32x3 images.
//
//   npx tsx scripts/bench-train.ts [--steps 20] [--runs 2] [--rounds 5] [--shapes 28x28x1,32x32x3]
//     [--profile] [--no-torch] [--no-transformer] [--stock-adam] [--composed]
//
// Our side is what `qudao train` runs: the template's layers, the platform's Adam
// (createOptimizer: one fused native step per weight) and fit's step (trainBatch: the model
// through applyModel, its convolution blocks fused). --composed runs the stock layers instead
// (model.apply: Conv2D, Add, Relu, MaxPool and their gradients as separate kernels) and
// --stock-adam uses tf.train.adam, both for before/after figures.
//
// Then the text-transformer template (scripts/bench-train-transformer.ts).
//
// PyTorch runs with Debian's /usr/bin/python3, torch.set_num_threads(2), OPENBLAS_NUM_THREADS=1
// (on 2 it fights torch's OpenMP threads and PyTorch gets slower; install libopenblas0-pthread,
// Debian's reference libblas3 is ~10x slower) and denormals flushed; it is skipped with a message when torch is not installed. The sides
// alternate for --rounds rounds; a round's figure is each side's best of --runs runs of --steps
// steps. Printed: the load average before and after, every round of each side, the median and
// the best of the rounds with their ratios, and a loud warning when the machine was not quiet
// (1-minute load average 0.5 or more), which makes every ratio unreliable.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { seededRandom } from '../packages/kernels/src/cnn.ts';
import { nativeInfo, registerQudaoCpuBackend } from '../packages/kernels/src/index.ts';
import { perExampleLoss } from '../packages/ml/src/losses/losses.ts';
import { buildCnn } from '../packages/ml/src/models/cnn.ts';
import { createOptimizer } from '../packages/ml/src/optimizers/optimizers.ts';
import { trainBatch } from '../packages/ml/src/training/fit.ts';
import { printProfile } from './bench-profile.ts';
import {
  printComparison,
  printLoad,
  printRound,
  type Series,
  warnUnlessQuiet,
} from './bench-report.ts';
import { runTransformerBench } from './bench-train-transformer.ts';

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1]! : fallback;
};
const BATCH = 64;
const STEPS = Number(option('steps', '20'));
const RUNS = Number(option('runs', '2'));
const ROUNDS = Number(option('rounds', '5'));
const WARMUP = 5;
type Shape = [number, number, number];
const SHAPES = option('shapes', '28x28x1,32x32x3')
  .split(',')
  .map((s) => s.split('x').map(Number) as Shape);

/** A random batch of images with one-hot labels over 10 classes. */
function batchOf(shape: Shape, seed: number): { x: tf.Tensor4D; y: tf.Tensor2D } {
  const rnd = seededRandom(seed);
  const xs = new Float32Array(BATCH * shape[0] * shape[1] * shape[2]);
  for (let i = 0; i < xs.length; i++) xs[i] = rnd();
  const ys = new Float32Array(BATCH * 10);
  for (let i = 0; i < BATCH; i++) ys[i * 10 + Math.floor(rnd() * 10)] = 1;
  return { x: tf.tensor4d(xs, [BATCH, ...shape]), y: tf.tensor2d(ys, [BATCH, 10]) };
}

/** One round of our side: images per second of the best of RUNS runs. */
async function benchTfjs(shape: Shape, profile: boolean): Promise<number> {
  await tf.setBackend('qudao-cpu');
  const model = buildCnn({ inputShape: shape, classes: 10, seed: 42 });
  const optimizer = flag('stock-adam')
    ? tf.train.adam(0.001)
    : createOptimizer({ name: 'adam', learningRate: 0.001 });
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const { x, y } = batchOf(shape, 1);
  const loss = { loss: 'categoricalCrossentropy' as const };
  const step = flag('composed')
    ? () =>
        tf.tidy(() => {
          const { value, grads } = tf.variableGrads(() => {
            const out = model.apply(x, { training: true }) as tf.Tensor;
            return tf.mean(perExampleLoss('categoricalCrossentropy', y, out, {})) as tf.Scalar;
          }, variables);
          optimizer.applyGradients(grads);
          value.dataSync();
        })
    : () => trainBatch(model, optimizer, variables, x, y, null, loss).pred.dispose();
  for (let i = 0; i < WARMUP; i++) step();
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    for (let i = 0; i < STEPS; i++) step();
    best = Math.min(best, (performance.now() - t0) / STEPS);
  }
  if (profile) await printProfile('qudao-cpu', 10, async () => step());
  tf.dispose([x, y]);
  optimizer.dispose();
  model.dispose();
  return BATCH / (best / 1000);
}

/** One round of PyTorch's side, or why it could not run. */
function benchTorch(shape: Shape): number | string {
  const script = join(dirname(fileURLToPath(import.meta.url)), 'bench_train_torch.py');
  const res = spawnSync('/usr/bin/python3', [script], {
    env: {
      ...process.env,
      OPENBLAS_NUM_THREADS: '1',
      OMP_NUM_THREADS: '2',
      THREADS: '2',
      STEPS: String(STEPS),
      RUNS: String(RUNS),
      SHAPE: `${shape[2]},${shape[0]},${shape[1]}`,
    },
    encoding: 'utf8',
  });
  if (res.error) return `could not run /usr/bin/python3: ${res.error.message}`;
  const line = res.stdout.trim().split('\n').pop() ?? '';
  try {
    const out = JSON.parse(line) as { imagesPerSec?: number; error?: string };
    if (out.error || out.imagesPerSec === undefined) return out.error ?? 'no result';
    return out.imagesPerSec;
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
const before = printLoad('before');
const fmt = (v: number) => `${v.toFixed(0)} img/s (${((BATCH / v) * 1000).toFixed(2)} ms/step)`;
for (const shape of SHAPES) {
  console.log(
    `\ncnn training ${shape.join('x')}, batch ${BATCH}, Adam${flag('stock-adam') ? ' (tf.train.adam)' : ''}` +
      `${flag('composed') ? ', stock layers (unfused)' : ', fused convolution blocks'}; ` +
      `${ROUNDS} rounds, each the best of ${RUNS} x ${STEPS} steps; native ${info?.simd}, ` +
      `${info?.threads} threads`,
  );
  const ours: Series = { name: 'qudao-cpu', values: [], higherIsBetter: true };
  const torch: Series = { name: 'PyTorch', values: [], higherIsBetter: true };
  let skipped: string | null = flag('no-torch') ? 'not asked for (--no-torch)' : null;
  for (let round = 0; round < ROUNDS; round++) {
    ours.values.push(await benchTfjs(shape, flag('profile') && round === ROUNDS - 1));
    if (!skipped) {
      const t = benchTorch(shape);
      if (typeof t === 'string') skipped = t;
      else torch.values.push(t);
    }
    printRound(round, ours, skipped ? null : torch, fmt);
  }
  printComparison(ours, skipped ? null : torch, fmt);
  if (skipped) console.log(`  PyTorch: skipped (${skipped})`);
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
console.log('');
warnUnlessQuiet(before, printLoad('after'));
