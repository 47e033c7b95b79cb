// Inference latency of the cnn template (28x28x1), single image and batch 64, on the native
// 'qudao-cpu' backend (`inferOnce`, what serving calls: the compiled inference plan of
// packages/kernels/src/inference-plan.ts, inside `tf.tidy`, result read back, warm) next to
// PyTorch (eval mode, torch.no_grad(); scripts/bench_infer_torch.py) in the same run.
//
//   npx tsx scripts/bench-infer.ts [--iters 300] [--rounds 5] [--no-torch]
//
// The sides alternate for --rounds rounds. Printed: the load average before and after, each
// side's p50 and p99 in every round, the median and the best of the rounds with their ratios
// (PyTorch latency / ours: above 1, ours faster), and a loud warning when the machine was not
// quiet (1-minute load average 0.5 or more), which makes every ratio unreliable. Batch 64
// runs a quarter of --iters (at least 20).
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { createCnn, randomBatch } from '../packages/kernels/src/cnn.ts';
import { nativeInfo, registerQudaoCpuBackend } from '../packages/kernels/src/index.ts';
import { inferOnce } from '../packages/ml/src/runtime/infer.ts';
import {
  printComparison,
  printLoad,
  printRound,
  type Series,
  warnUnlessQuiet,
} from './bench-report.ts';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const ITERS = option('iters', 300);
const ROUNDS = option('rounds', 5);
const BATCHES = [1, 64];

type Latency = { p50: number; p99: number };
type Side = Record<number, Latency>;

const percentile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

function benchTfjs(model: tf.LayersModel): Side {
  const out: Side = {};
  for (const batch of BATCHES) {
    const x = tf.tensor4d(randomBatch(batch, 3).xs, [batch, 28, 28, 1]);
    // What a serving endpoint does: predict, read the probabilities, free everything.
    const infer = () => tf.tidy(() => inferOnce(model, x).dataSync());
    const n = batch === 1 ? ITERS : Math.max(20, ITERS >> 2);
    for (let i = 0; i < Math.max(10, n / 10); i++) infer();
    const ms: number[] = [];
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      infer();
      ms.push(performance.now() - t0);
    }
    ms.sort((a, b) => a - b);
    out[batch] = { p50: percentile(ms, 0.5), p99: percentile(ms, 0.99) };
    x.dispose();
  }
  return out;
}

function benchTorch(): Side | string {
  const script = join(dirname(fileURLToPath(import.meta.url)), 'bench_infer_torch.py');
  const res = spawnSync('/usr/bin/python3', [script], {
    env: {
      ...process.env,
      OPENBLAS_NUM_THREADS: '1',
      OMP_NUM_THREADS: '2',
      THREADS: '2',
      ITERS: String(ITERS),
      BATCHES: BATCHES.join(','),
    },
    encoding: 'utf8',
  });
  if (res.error) return `could not run /usr/bin/python3: ${res.error.message}`;
  const line = res.stdout.trim().split('\n').pop() ?? '';
  try {
    const parsed = JSON.parse(line) as Record<string, Latency> & { error?: string };
    if (parsed.error) return parsed.error;
    return Object.fromEntries(BATCHES.map((b) => [b, parsed[String(b)]!]));
  } catch {
    return `unexpected output: ${res.stderr.trim().slice(-300) || line}`;
  }
}

const reg = registerQudaoCpuBackend();
if (!reg.ok) {
  console.error(`qudao-cpu is not available: ${reg.reason}`);
  process.exit(1);
}
await tf.setBackend('qudao-cpu');
const info = nativeInfo();
const before = printLoad('before');
console.log(
  `cnn inference (28x28x1), ${ITERS} single-image calls and ${Math.max(20, ITERS >> 2)} ` +
    `batch-64 calls a round, ${ROUNDS} rounds; native ${info?.simd}, ${info?.threads} threads`,
);
const model = createCnn();
const ours: Side[] = [];
const torch: Side[] = [];
let skipped: string | null = args.includes('--no-torch') ? 'not asked for (--no-torch)' : null;
for (let round = 0; round < ROUNDS; round++) {
  ours.push(benchTfjs(model));
  if (skipped) continue;
  const t = benchTorch();
  if (typeof t === 'string') skipped = t;
  else torch.push(t);
}
const ms = (v: number) => `${v.toFixed(3)} ms`;
for (const batch of BATCHES) {
  for (const q of ['p50', 'p99'] as const) {
    console.log(`\nbatch ${batch}, ${q} latency`);
    const series = (name: string, sides: Side[]): Series => ({
      name,
      values: sides.map((s) => s[batch]![q]),
      higherIsBetter: false,
    });
    const o = series('qudao-cpu', ours);
    const t = skipped ? null : series('PyTorch', torch);
    for (let round = 0; round < ROUNDS; round++) printRound(round, o, t, ms);
    printComparison(o, t, ms);
  }
}
if (skipped) console.log(`\nPyTorch: skipped (${skipped})`);
console.log('ratios: PyTorch latency / ours (above 1: ours faster)\n');
model.dispose();
warnUnlessQuiet(before, printLoad('after'));
