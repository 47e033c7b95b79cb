// Throughput of the `gpt` template against the same model in PyTorch, in one run:
// training tokens/s (batch 16, context 128, dropout 0.1, AdamW, clipping), generation tokens/s
// with a key/value cache at 1 and at 16 concurrent streams, and time to first token p50 at
// concurrency 1 and 16. Targets: ours >= 1.5x PyTorch on training and on generation.
//
//   npx tsx scripts/bench-gpt.ts [--rounds 3] [--steps 10] [--no-torch] [--smoke]
//
// Sizes (both sides): vocabulary 2048, 4 layers, width 128, 4 heads, MLP 512, learned
// positions, tied output embedding. Generation: 32-token prompts, 96 new tokens at batch 1 (the context is 128),
// 64 per stream at 16 streams, sampling at temperature 1. Ours runs the platform's
// BatchedDecoder (continuous batching: prompts prefilled as streams join, one decode row per
// stream); PyTorch a preallocated KV cache with the 16 prompts prefilled as one batch.
//
// PyTorch: Debian's /usr/bin/python3 (torch 1.13), torch.set_num_threads(2), OpenBLAS on 1
// thread (on 2 it fights torch's OpenMP threads: 2.7x slower generation, 20% slower training
// here), denormals flushed; its GEMM GFLOP/s is printed (a reference BLAS instead of OpenBLAS
// would make it 10x slower: install libopenblas0-pthread).
// The sides alternate over rounds; each round's figures are printed, then the median and best of each and the ratios. The load average is printed before and
// after, with a warning when it is 0.5 or more: a shared machine's figures are not figures.
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { nativeInfo } from '../packages/kernels/src/index.ts';
import { BpeTokenizer } from '../packages/ml/src/data/bpe-tokenizer.ts';
import { loadBuiltinCorpus } from '../packages/ml/src/data/corpora.ts';
import { createRng } from '../packages/ml/src/data/random.ts';
import { LanguageModel } from '../packages/ml/src/generation/language-model.ts';
import { createGpt, resolveGptConfig } from '../packages/ml/src/models/gpt.ts';
import { initBackend } from '../packages/ml/src/runtime/backend.ts';
import { trainLanguageModel } from '../packages/ml/src/training/language-model.ts';

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const SMOKE = flag('smoke');
const ROUNDS = option('rounds', SMOKE ? 1 : 3);
const STEPS = option('steps', SMOKE ? 2 : 10);
const SIZES = { vocabSize: 2048, context: 128, layers: 4, width: 128, heads: 4, dropout: 0.1 };
const BATCH = 16;
const PROMPT = 32;
const GEN1 = SMOKE ? 8 : 96; // 32 + 96 = the 128-token context
const GEN16 = SMOKE ? 4 : 64;

interface Figures {
  trainTokensPerSec: number;
  genTokensPerSec1: number;
  genTokensPerSec16: number;
  ttftMs1: number;
  ttftMs16: number;
}

const load = () => loadavg()[0]!;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const p50 = median;

async function trainOurs(): Promise<number> {
  const model = createGpt(SIZES);
  const tokens = Int32Array.from({ length: 200_000 }, (_, i) => (i * 7919) % SIZES.vocabSize);
  // Three warm-up steps, then the timed ones (fresh optimizer state both times, as PyTorch's).
  await trainLanguageModel(model, tokens, {
    context: 128,
    batchSize: BATCH,
    steps: 3,
    learningRate: 1e-3,
    seed: 1,
  });
  const r = await trainLanguageModel(model, tokens, {
    context: 128,
    batchSize: BATCH,
    steps: STEPS,
    learningRate: 1e-3,
    warmupSteps: 0,
    seed: 2,
  });
  model.dispose();
  return r.tokensPerSecond;
}

async function generateOurs(lm: LanguageModel, streams: number, newTokens: number) {
  const decoder = lm.createDecoder({ slots: streams });
  const rng = createRng(streams);
  const t0 = performance.now();
  const all = Array.from({ length: streams }, (_, i) =>
    decoder.join(
      Array.from({ length: PROMPT }, () => Math.floor(rng() * (SIZES.vocabSize - 1))),
      { maxTokens: newTokens, seed: i },
    ),
  );
  while (decoder.step() > 0);
  const seconds = (performance.now() - t0) / 1000;
  const generated = all.reduce((n, s) => n + s.tokens.length, 0);
  return { tokensPerSec: generated / seconds, ttftMs: p50(all.map((s) => s.timeToFirstTokenMs)) };
}

async function oursRound(lm: LanguageModel): Promise<Figures> {
  const trainTokensPerSec = await trainOurs();
  await generateOurs(lm, 1, 8);
  const one = await generateOurs(lm, 1, GEN1);
  const sixteen = await generateOurs(lm, 16, GEN16);
  return {
    trainTokensPerSec,
    genTokensPerSec1: one.tokensPerSec,
    genTokensPerSec16: sixteen.tokensPerSec,
    ttftMs1: one.ttftMs,
    ttftMs16: sixteen.ttftMs,
  };
}

function torchRound(): Figures | string {
  const script = join(dirname(fileURLToPath(import.meta.url)), 'bench_gpt_torch.py');
  const res = spawnSync('/usr/bin/python3', [script], {
    env: {
      ...process.env,
      OPENBLAS_NUM_THREADS: '1',
      OMP_NUM_THREADS: '2',
      THREADS: '2',
      STEPS: String(STEPS),
      GEN1: String(GEN1),
      GEN16: String(GEN16),
      PROMPT: String(PROMPT),
      BATCH: String(BATCH),
    },
    encoding: 'utf8',
  });
  if (res.error) return `could not run /usr/bin/python3: ${res.error.message}`;
  try {
    const out = JSON.parse(res.stdout.trim().split('\n').pop() ?? '') as Figures & {
      error?: string;
    };
    return out.error ?? out;
  } catch {
    return `no result (${res.stderr.trim().split('\n').pop() ?? 'no output'})`;
  }
}

const FIELDS: [keyof Figures, string, boolean][] = [
  ['trainTokensPerSec', 'training tokens/s', true],
  ['genTokensPerSec1', 'generation tokens/s, 1 stream', true],
  ['genTokensPerSec16', 'generation tokens/s, 16 streams', true],
  ['ttftMs1', 'time to first token p50 ms, concurrency 1', false],
  ['ttftMs16', 'time to first token p50 ms, concurrency 16', false],
];

await initBackend();
const before = load();
console.log(`backend ${tf.getBackend()}, native ${JSON.stringify(nativeInfo())}`);
console.log(`load average before: ${before.toFixed(2)}`);
if (before >= 0.5)
  console.warn(
    '!!! WARNING: load average >= 0.5: the machine is busy, these figures are not reliable !!!',
  );
// The real tokenizer of the must-show run (moby-dick, 2048 tokens): generation decodes text.
const corpus = await loadBuiltinCorpus('moby-dick');
const tokenizer = BpeTokenizer.train(
  corpus.documents.map((d) => d.text),
  { vocabSize: SIZES.vocabSize },
);
const config = resolveGptConfig(SIZES);
const lm = LanguageModel.fromModel(createGpt(config), config, tokenizer);
const ours: Figures[] = [];
const theirs: Figures[] = [];
let torchSkipped: string | null = flag('no-torch') ? 'skipped (--no-torch)' : null;
for (let r = 1; r <= ROUNDS; r++) {
  const a = await oursRound(lm);
  ours.push(a);
  console.log(`round ${r} ours   ${FIELDS.map(([k]) => `${k} ${a[k].toFixed(1)}`).join('  ')}`);
  if (!torchSkipped) {
    const b = torchRound();
    if (typeof b === 'string') torchSkipped = b;
    else {
      theirs.push(b);
      const gemm = (b as Figures & { gemmGflops?: number }).gemmGflops;
      console.log(
        `round ${r} torch  ${FIELDS.map(([k]) => `${k} ${b[k].toFixed(1)}`).join('  ')}  (its GEMM ${gemm?.toFixed(1)} GFLOP/s)`,
      );
    }
  }
}
console.log('');
for (const [key, label, higher] of FIELDS) {
  const o = ours.map((f) => f[key]);
  const best = (xs: number[]) => (higher ? Math.max(...xs) : Math.min(...xs));
  let line = `${label}: ours median ${median(o).toFixed(1)} best ${best(o).toFixed(1)}`;
  if (theirs.length) {
    const t = theirs.map((f) => f[key]);
    const ratio = higher ? median(o) / median(t) : median(t) / median(o);
    line += `; PyTorch median ${median(t).toFixed(1)} best ${best(t).toFixed(1)}; ours/PyTorch ${ratio.toFixed(2)}x`;
    if (key.endsWith('PerSec'))
      line += ratio >= 1.5 ? ' (target 1.5x met)' : ' (target 1.5x NOT met)';
  }
  console.log(line);
}
if (torchSkipped) console.log(`PyTorch: ${torchSkipped}`);
const after = load();
console.log(`load average after: ${after.toFixed(2)}`);
if (after >= 0.5)
  console.warn(
    '!!! WARNING: load average >= 0.5: the machine is busy, these figures are not reliable !!!',
  );
