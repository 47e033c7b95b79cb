import { compareBackends, describeNative } from '@qudao/kernels/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { BpeTokenizer } from '../data/bpe-tokenizer.ts';
import type { TextCorpus } from '../data/corpora.ts';
import { createRng } from '../data/random.ts';
import { softmaxCrossEntropy } from '../layers/lm-ops.ts';
import { createGpt } from '../models/gpt.ts';
import { initBackend } from '../runtime/backend.ts';
import { checkGradient } from '../testing/gradient-check.ts';
import {
  encodeCorpus,
  evaluateLanguageModel,
  sampleWindows,
  trainLanguageModel,
} from './language-model.ts';

describeNative('softmaxCrossEntropy on qudao-cpu vs the stock composition', () => {
  it('values and gradient within 1e-4 (large logits, many classes)', async () => {
    for (const [rows, classes] of [
      [1, 2],
      [7, 33],
      [64, 1024],
    ] as [number, number][]) {
      const worst = await compareBackends(() => {
        const rng = createRng(rows);
        const logits = tf.tensor2d(
          Float32Array.from({ length: rows * classes }, () => (rng() - 0.5) * 40),
          [rows, classes],
        );
        const labels = tf.tensor1d(
          Int32Array.from({ length: rows }, () => Math.floor(rng() * classes)),
          'int32',
        );
        const dy = tf.tensor1d(Float32Array.from({ length: rows }, () => rng()));
        const f = (x: tf.Tensor) =>
          tf.sum(tf.mul(softmaxCrossEntropy(x as tf.Tensor2D, labels), dy));
        return [softmaxCrossEntropy(logits, labels), tf.grad(f)(logits)];
      });
      expect(worst, `${rows} x ${classes}`).toBeLessThan(1e-4);
    }
  });
});

describe('language-model training', () => {
  beforeAll(() => initBackend());

  it('softmaxCrossEntropy has the gradient of finite differences', () => {
    const logits = tf.randomNormal([3, 5], 0, 2, 'float32', 1);
    const labels = tf.tensor1d([4, 0, 2], 'int32');
    const f = (x: tf.Tensor) => tf.sum(softmaxCrossEntropy(x as tf.Tensor2D, labels)) as tf.Scalar;
    expect(checkGradient(f, logits).worst).toBeLessThan(1);
    expect(() =>
      tf.grad((l: tf.Tensor) =>
        tf.sum(softmaxCrossEntropy(logits as tf.Tensor2D, l as tf.Tensor1D)),
      )(labels),
    ).toThrow();
  });

  it('windows are next-token pairs from the stream', () => {
    const tokens = Int32Array.from({ length: 50 }, (_, i) => i);
    const { x, y } = sampleWindows(tokens, 8, 3, createRng(1));
    for (let b = 0; b < 3; b++) {
      for (let t = 0; t < 8; t++) expect(y[b * 8 + t]).toBe(x[b * 8 + t]! + 1);
    }
    expect(() => sampleWindows(tokens, 50, 1, createRng(1))).toThrow(/a window needs 51/);
  });

  it('a small GPT learns a patterned corpus: held-out bits per character fall far below chance', async () => {
    const verses = Array.from({ length: 60 }, (_, i) => ({
      id: String(i),
      text: `${['the whale', 'the sea', 'the ship'][i % 3]} is ${['white', 'deep', 'lost'][i % 3]}.\n`,
    }));
    const corpus: TextCorpus = { kind: 'corpus', name: 't', language: 'en', documents: verses };
    const train = { ...corpus, documents: verses.slice(0, 50) };
    const held = { ...corpus, documents: verses.slice(50) };
    const tokenizer = BpeTokenizer.train(
      train.documents.map((d) => d.text),
      { vocabSize: 270 },
    );
    const stream = encodeCorpus(tokenizer, train);
    const heldStream = encodeCorpus(tokenizer, held);
    expect(heldStream.characters).toBe(held.documents.reduce((n, d) => n + d.text.length, 0));
    const model = createGpt({
      vocabSize: tokenizer.vocabSize,
      context: 16,
      layers: 2,
      width: 32,
      heads: 2,
      dropout: 0,
    });
    const before = evaluateLanguageModel(model, heldStream, { context: 16 });
    const result = await trainLanguageModel(model, stream.tokens, {
      context: 16,
      batchSize: 8,
      steps: 80,
      learningRate: 1e-2,
      seed: 1,
    });
    const after = evaluateLanguageModel(model, heldStream, { context: 16 });
    expect(result.steps).toBe(80);
    expect(result.finalLoss).toBeLessThan(result.losses[0]! / 3);
    expect(before.bitsPerToken).toBeGreaterThan(7);
    expect(after.bitsPerCharacter).toBeLessThan(before.bitsPerCharacter / 4);
    expect(after.tokens).toBe(heldStream.tokens.length - 1);
  });
});
