// Next-token training of a language model (the `gpt` template) on a token stream, and its
// held-out score in bits per character. Separate from `fit`, which trains on labelled rows:
// here an example is a random window of the corpus and every position is a prediction.
import * as tf from '@tensorflow/tfjs';
import type { BpeTokenizer } from '../data/bpe-tokenizer.ts';
import type { TextCorpus } from '../data/corpora.ts';
import { createRng } from '../data/random.ts';
import { softmaxCrossEntropy } from '../layers/lm-ops.ts';
import { createOptimizer, setLearningRate } from '../optimizers/optimizers.ts';
import { learningRateAt } from '../optimizers/schedules.ts';
import { TrainingDivergedError } from './fit.ts';
import { TrainingCancelledError } from './train.ts';

/** A corpus as one token stream: each document's tokens, then the end-of-text token. */
export interface TokenStream {
  tokens: Int32Array;
  /** Characters (code points) of the text the tokens encode, separators excluded. */
  characters: number;
}

export function encodeCorpus(tokenizer: BpeTokenizer, corpus: TextCorpus): TokenStream {
  const eot = tokenizer.endOfText;
  const parts: number[][] = [];
  let length = 0;
  let characters = 0;
  for (const doc of corpus.documents) {
    const ids = tokenizer.encode(doc.text);
    if (eot !== undefined) ids.push(eot);
    parts.push(ids);
    length += ids.length;
    for (const _ of doc.text) characters++;
  }
  const tokens = new Int32Array(length);
  let at = 0;
  for (const p of parts) {
    tokens.set(p, at);
    at += p.length;
  }
  return { tokens, characters };
}

/** Options of `trainLanguageModel`. */
export interface LanguageModelTrainOptions {
  /** Tokens per training window (at most the model's context). */
  context: number;
  batchSize: number;
  /** Optimizer steps. */
  steps: number;
  learningRate: number;
  /** Linear warm-up steps before the cosine decay (default 5% of the steps). */
  warmupSteps?: number;
  /** The rate at the end of the cosine decay (default learningRate / 10). */
  minLearningRate?: number;
  /** AdamW's decoupled weight decay (default 0.1, as GPT-2 and nanoGPT). */
  weightDecay?: number;
  /** Rescale gradients whose global L2 norm passes this (default 1). */
  clipNorm?: number;
  /** Seeds the window positions. */
  seed: number;
  onStep?: (progress: LanguageModelStep) => void;
  signal?: AbortSignal;
}

export interface LanguageModelStep {
  step: number;
  steps: number;
  /** Mean cross-entropy of this step, nats per token. */
  loss: number;
  learningRate: number;
  tokensPerSecond: number;
}

export interface LanguageModelTrainResult {
  steps: number;
  seconds: number;
  tokensPerSecond: number;
  /** Mean training loss of the last 10% of the steps, nats per token. */
  finalLoss: number;
  losses: number[];
}

/** Random windows [batch, context] of inputs and the next tokens as targets. */
export function sampleWindows(
  tokens: Int32Array,
  context: number,
  batchSize: number,
  rng: () => number,
): { x: Int32Array; y: Int32Array } {
  const span = tokens.length - context - 1;
  if (span < 0) {
    throw new RangeError(`the corpus has ${tokens.length} tokens; a window needs ${context + 1}`);
  }
  const x = new Int32Array(batchSize * context);
  const y = new Int32Array(batchSize * context);
  for (let b = 0; b < batchSize; b++) {
    const start = Math.floor(rng() * (span + 1));
    x.set(tokens.subarray(start, start + context), b * context);
    y.set(tokens.subarray(start + 1, start + context + 1), b * context);
  }
  return { x, y };
}

/** Mean next-token cross-entropy (nats) of `model` on windows x → y, [batch, context]. */
export function languageModelLoss(
  model: tf.LayersModel,
  x: tf.Tensor2D,
  y: tf.Tensor1D,
  training: boolean,
): tf.Scalar {
  return tf.tidy(() => {
    const logits = model.apply(x, { training }) as tf.Tensor3D;
    const [b, t, v] = logits.shape;
    return tf.mean(softmaxCrossEntropy(logits.reshape([b * t, v]), y)) as tf.Scalar;
  });
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Trains `model` (token ids [batch, time] → logits [batch, time, vocabulary]) to predict the
 * next token on random windows of `tokens`: AdamW, warm-up then cosine decay, global-norm
 * clipping. Yields to the event loop between steps so a server stays responsive.
 */
export async function trainLanguageModel(
  model: tf.LayersModel,
  tokens: Int32Array,
  options: LanguageModelTrainOptions,
): Promise<LanguageModelTrainResult> {
  const optimizer = createOptimizer({
    name: 'adamw',
    learningRate: options.learningRate,
    weightDecay: options.weightDecay ?? 0.1,
  });
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const rng = createRng(options.seed);
  const warmup = options.warmupSteps ?? Math.ceil(options.steps * 0.05);
  const schedule = {
    type: 'cosine' as const,
    warmupEpochs: warmup,
    minLearningRate: options.minLearningRate ?? options.learningRate / 10,
  };
  const clipNorm = options.clipNorm ?? 1;
  const losses: number[] = [];
  const started = performance.now();
  try {
    for (let step = 1; step <= options.steps; step++) {
      if (options.signal?.aborted) throw new TrainingCancelledError();
      const lr = learningRateAt(options.learningRate, schedule, step - 1, options.steps);
      setLearningRate(optimizer, lr);
      const { x, y } = sampleWindows(tokens, options.context, options.batchSize, rng);
      const loss = tf.tidy(() => {
        const xs = tf.tensor2d(x, [options.batchSize, options.context], 'int32');
        const ys = tf.tensor1d(y, 'int32');
        const { value, grads } = tf.variableGrads(
          () => languageModelLoss(model, xs, ys, true),
          variables,
        );
        optimizer.applyGradients(clipByGlobalNorm(grads, clipNorm));
        return value.dataSync()[0]!;
      });
      if (!Number.isFinite(loss)) throw new TrainingDivergedError(1, step);
      losses.push(loss);
      const seconds = (performance.now() - started) / 1000;
      options.onStep?.({
        step,
        steps: options.steps,
        loss,
        learningRate: lr,
        tokensPerSecond: (step * options.batchSize * options.context) / seconds,
      });
      await yieldToEventLoop();
    }
  } finally {
    optimizer.dispose();
  }
  const seconds = (performance.now() - started) / 1000;
  const tail = losses.slice(-Math.max(1, Math.floor(losses.length / 10)));
  return {
    steps: losses.length,
    seconds,
    tokensPerSecond: (losses.length * options.batchSize * options.context) / seconds,
    finalLoss: tail.reduce((a, b) => a + b, 0) / tail.length,
    losses,
  };
}

function clipByGlobalNorm(grads: tf.NamedTensorMap, clipNorm: number): tf.NamedTensorMap {
  const norm = Math.sqrt(
    tf.tidy(() => tf.addN(Object.values(grads).map((g) => tf.sum(tf.square(g)))).dataSync()[0]!),
  );
  if (!(norm > clipNorm)) return grads;
  return Object.fromEntries(Object.entries(grads).map(([k, g]) => [k, tf.mul(g, clipNorm / norm)]));
}

/** Held-out score of a language model. */
export interface LanguageModelScore {
  /** Total cross-entropy in nats over the scored tokens. */
  nats: number;
  tokens: number;
  bitsPerToken: number;
  /** Bits per character of the text: nats / ln 2 / characters. */
  bitsPerCharacter: number;
}

/**
 * Scores every token of `stream` after the first, each exactly once, with windows of
 * `context` tokens that overlap by half: a window scores only its second half (the first
 * window all of it), so every scored token but the first context/2 sees at least context/2
 * tokens before it, as it would in generation.
 */
export function evaluateLanguageModel(
  model: tf.LayersModel,
  stream: TokenStream,
  options: { context: number; batchSize?: number },
): LanguageModelScore {
  const { tokens } = stream;
  const context = options.context;
  const stride = Math.max(1, Math.floor(context / 2));
  const batchSize = options.batchSize ?? 8;
  const targets = tokens.length - 1;
  // [start, length, first scored position in the window]
  const windows: [number, number, number][] = [];
  for (let s = 0; ; s += stride) {
    const first = s === 0 ? 0 : context - stride;
    const length = Math.min(context, targets - s);
    if (length <= first) break;
    windows.push([s, length, first]);
  }
  let nats = 0;
  let scored = 0;
  for (let i = 0; i < windows.length; i += batchSize) {
    const group = windows.slice(i, i + batchSize);
    // Windows of another length (the last one) run on their own: a batch has one length.
    const batches = group.every((w) => w[1] === group[0]![1]) ? [group] : group.map((w) => [w]);
    for (const batch of batches) {
      const length = batch[0]![1];
      const x = new Int32Array(batch.length * length);
      const y = new Int32Array(batch.length * length);
      batch.forEach(([s], b) => {
        x.set(tokens.subarray(s, s + length), b * length);
        y.set(tokens.subarray(s + 1, s + length + 1), b * length);
      });
      const losses = tf.tidy(() => {
        const logits = model.apply(tf.tensor2d(x, [batch.length, length], 'int32'), {
          training: false,
        }) as tf.Tensor3D;
        const [b, t, v] = logits.shape;
        return softmaxCrossEntropy(logits.reshape([b * t, v]), tf.tensor1d(y, 'int32'), {
          gradient: false,
        }).dataSync();
      });
      batch.forEach(([, , first], b) => {
        for (let j = first; j < length; j++) nats += losses[b * length + j]!;
        scored += length - first;
      });
    }
  }
  return {
    nats,
    tokens: scored,
    bitsPerToken: nats / Math.LN2 / Math.max(scored, 1),
    bitsPerCharacter: nats / Math.LN2 / Math.max(stream.characters, 1),
  };
}
