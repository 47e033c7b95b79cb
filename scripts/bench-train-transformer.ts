// Training throughput of the text-transformer template (Adam, random token ids) on the native
// 'qudao-cpu' backend, next to the same layers in PyTorch (scripts/bench_transformer_torch.py).
//
//   npx tsx scripts/bench-train-transformer.ts [--steps 10] [--runs 2] [--rounds 5] [--profile] [--no-torch] [--stock-adam]
//
// The optimizer is the platform's Adam (createOptimizer: one fused native step per weight on
// qudao-cpu); --stock-adam uses tf.train.adam instead, for before/after figures.
//
// Also run by scripts/bench-train.ts after the CNN.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { seededRandom } from '../packages/kernels/src/cnn.ts';
import { getTemplate } from '../packages/ml/src/models/templates.ts';
import { createOptimizer } from '../packages/ml/src/optimizers/optimizers.ts';
import { printProfile } from './bench-profile.ts';
import {
  printComparison,
  printLoad,
  printRound,
  type Series,
  warnUnlessQuiet,
} from './bench-report.ts';

/** The template's defaults (embedDim 64, 4 heads, ffDim 128, 2 blocks, dropout 0.1) on 128 tokens. */
export const TRANSFORMER = {
  batch: 32,
  sequenceLength: 128,
  vocabularySize: 10000,
  embedDim: 64,
  numHeads: 4,
  ffDim: 128,
  numBlocks: 2,
  dropout: 0.1,
  classes: 2,
};

export interface TransformerBenchOptions {
  steps: number;
  runs: number;
  rounds: number;
  profile: boolean;
  torch: boolean;
  /** tf.train.adam instead of the platform's (fused) Adam. */
  stockAdam?: boolean;
}

type Result = { tokensPerSec: number; msPerStep: number };

async function benchTfjs(o: TransformerBenchOptions, profile: boolean): Promise<Result> {
  const c = TRANSFORMER;
  const template = getTemplate('text-transformer');
  if (!template) throw new Error('the text-transformer template is missing');
  const model = template.build({
    kind: 'text',
    task: 'classification',
    inputShape: [c.sequenceLength],
    vocabularySize: c.vocabularySize,
    head: { units: c.classes, activation: 'softmax' },
    seed: 42,
    options: {
      embedDim: c.embedDim,
      numHeads: c.numHeads,
      ffDim: c.ffDim,
      numBlocks: c.numBlocks,
      dropout: c.dropout,
    },
  });
  const optimizer = o.stockAdam
    ? tf.train.adam(0.001)
    : createOptimizer({ name: 'adam', learningRate: 0.001 });
  model.compile({ optimizer, loss: 'categoricalCrossentropy' });
  const rnd = seededRandom(7);
  // Ids from 2 up: no padding, so both sides average over every token.
  const ids = new Float32Array(c.batch * c.sequenceLength);
  for (let i = 0; i < ids.length; i++) ids[i] = 2 + Math.floor(rnd() * (c.vocabularySize - 2));
  const labels = new Float32Array(c.batch * c.classes);
  for (let i = 0; i < c.batch; i++) labels[i * c.classes + Math.floor(rnd() * c.classes)] = 1;
  const x = tf.tensor2d(ids, [c.batch, c.sequenceLength]);
  const y = tf.tensor2d(labels, [c.batch, c.classes]);
  const step = () => model.trainOnBatch(x, y);
  for (let i = 0; i < 3; i++) await step();
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < o.runs; r++) {
    const t0 = performance.now();
    for (let i = 0; i < o.steps; i++) await step();
    best = Math.min(best, (performance.now() - t0) / o.steps);
  }
  if (profile) await printProfile(tf.getBackend(), 5, step);
  tf.dispose([x, y]);
  model.dispose();
  return { tokensPerSec: (c.batch * c.sequenceLength) / (best / 1000), msPerStep: best };
}

function benchTorch(o: TransformerBenchOptions): Result | string {
  const c = TRANSFORMER;
  const script = join(dirname(fileURLToPath(import.meta.url)), 'bench_transformer_torch.py');
  const res = spawnSync('/usr/bin/python3', [script], {
    env: {
      ...process.env,
      OPENBLAS_NUM_THREADS: '1',
      OMP_NUM_THREADS: '2',
      THREADS: '2',
      BATCH: String(c.batch),
      SEQ_LEN: String(c.sequenceLength),
      VOCAB: String(c.vocabularySize),
      EMBED_DIM: String(c.embedDim),
      HEADS: String(c.numHeads),
      FF_DIM: String(c.ffDim),
      BLOCKS: String(c.numBlocks),
      DROPOUT: String(c.dropout),
      CLASSES: String(c.classes),
      STEPS: String(o.steps),
      RUNS: String(o.runs),
    },
    encoding: 'utf8',
  });
  if (res.error) return `could not run /usr/bin/python3: ${res.error.message}`;
  const line = res.stdout.trim().split('\n').pop() ?? '';
  try {
    const out = JSON.parse(line) as { tokensPerSec?: number; msPerStep?: number; error?: string };
    if (out.error || out.tokensPerSec === undefined) return out.error ?? 'no result';
    return { tokensPerSec: out.tokensPerSec, msPerStep: out.msPerStep ?? 0 };
  } catch {
    return `unexpected output: ${res.stderr.trim().slice(-300) || line}`;
  }
}

/**
 * Alternates the two sides for `rounds` rounds and prints every round of each side, the median
 * and the best of the rounds, and their ratios (see bench-report.ts).
 */
export async function runTransformerBench(o: TransformerBenchOptions): Promise<void> {
  const c = TRANSFORMER;
  console.log(
    `\ntext-transformer training, batch ${c.batch} x ${c.sequenceLength} tokens, vocabulary ` +
      `${c.vocabularySize}, embedDim ${c.embedDim}, ${c.numHeads} heads, ffDim ${c.ffDim}, ` +
      `${c.numBlocks} blocks, dropout ${c.dropout}, Adam; ${o.rounds} rounds, each the best of ` +
      `${o.runs} x ${o.steps} steps${o.stockAdam ? ', tf.train.adam' : ''}`,
  );
  const ours: Series = { name: tf.getBackend(), values: [], higherIsBetter: true };
  const torch: Series = { name: 'PyTorch', values: [], higherIsBetter: true };
  let skipped: string | null = o.torch ? null : 'not asked for (--no-torch)';
  const fmt = (v: number) =>
    `${v.toFixed(0)} tokens/s (${(((c.batch * c.sequenceLength) / v) * 1000).toFixed(1)} ms/step)`;
  for (let round = 0; round < o.rounds; round++) {
    ours.values.push((await benchTfjs(o, o.profile && round === o.rounds - 1)).tokensPerSec);
    if (!skipped) {
      const t = benchTorch(o);
      if (typeof t === 'string') skipped = t;
      else torch.values.push(t.tokensPerSec);
    }
    printRound(round, ours, skipped ? null : torch, fmt);
  }
  printComparison(ours, skipped ? null : torch, fmt);
  if (skipped) console.log(`  PyTorch: skipped (${skipped})`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { registerQudaoCpuBackend } = await import('../packages/kernels/src/index.ts');
  const reg = registerQudaoCpuBackend();
  if (!reg.ok) {
    console.error(`qudao-cpu is not available: ${reg.reason}`);
    process.exit(1);
  }
  await tf.setBackend('qudao-cpu');
  const args = process.argv.slice(2);
  const option = (name: string, fallback: number) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? Number(args[i + 1]) : fallback;
  };
  const before = printLoad('before');
  await runTransformerBench({
    steps: option('steps', 10),
    runs: option('runs', 2),
    rounds: option('rounds', 5),
    profile: args.includes('--profile'),
    torch: !args.includes('--no-torch'),
    stockAdam: args.includes('--stock-adam'),
  });
  warnUnlessQuiet(before, printLoad('after'));
}
