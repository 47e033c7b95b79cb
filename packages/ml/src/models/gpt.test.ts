import { DecoderEngine } from '@qudao/kernels';
import { nativeReady } from '@qudao/kernels/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { GptBlock } from '../layers/gpt-block.ts';
import { initBackend } from '../runtime/backend.ts';
import { checkGradient, checkLayerWeightGradients } from '../testing/gradient-check.ts';
import { createGpt, type GptConfigInput, gptWeightsOf, resolveGptConfig } from './gpt.ts';

/** A small GPT with weights large enough that every part of the network moves the logits. */
function randomGpt(input: Partial<GptConfigInput> = {}) {
  const config = resolveGptConfig({
    vocabSize: 37,
    context: 40,
    layers: 2,
    width: 16,
    heads: 2,
    dropout: 0,
    ...input,
  });
  const model = createGpt(config);
  model.setWeights(
    model.getWeights().map((w, i) => tf.randomNormal(w.shape, 0, 0.4, 'float32', 100 + i)),
  );
  return { config, model };
}

function worstError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / (1e-3 + Math.abs(b[i]!)));
  }
  return worst;
}

const ids = Int32Array.from([3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3, 2, 3, 8, 4, 6, 2]);

describe('gpt template', () => {
  beforeAll(() => initBackend());

  it('builds with the configured sizes and refuses a width that does not split', () => {
    const { model, config } = randomGpt({ ffDim: 24 });
    expect(config.ffDim).toBe(24);
    const out = model.predict(tf.tensor2d(ids, [1, ids.length], 'int32')) as tf.Tensor;
    expect(out.shape).toEqual([1, ids.length, 37]);
    // Token embedding (tied: no separate output matrix), positions, 12 per block, final norm.
    expect(model.getWeights()).toHaveLength(2 + 2 * 12 + 2);
    expect(() =>
      resolveGptConfig({ vocabSize: 9, context: 8, layers: 1, width: 10, heads: 4 }),
    ).toThrow(/width must divide by heads/);
  });

  for (const positions of ['learned', 'rotary'] as const) {
    it(`decode engine = model forward (${positions} positions), native and TypeScript, with a KV cache`, () => {
      const { model, config } = randomGpt({ positions });
      const full = (
        model.predict(tf.tensor2d(ids, [1, ids.length], 'int32')) as tf.Tensor
      ).dataSync();
      const weights = gptWeightsOf(model, config);
      const V = config.vocabSize;
      for (const prefer of ['native', 'typescript'] as const) {
        const engine = new DecoderEngine(weights, 3, config.context, prefer);
        expect(engine.native).toBe(prefer === 'native' && nativeReady);
        // The prompt at once (prefill), into slot 2.
        const n = ids.length;
        const all = engine.run(
          ids,
          new Int32Array(n).fill(2),
          Int32Array.from({ length: n }, (_, i) => i),
          [...Array(n).keys()],
        );
        expect(worstError(all.logits, full), prefer).toBeLessThan(1e-4);
        // Ten tokens of prompt, then one token a step from the cache, into slot 0.
        engine.run(
          ids.subarray(0, 10),
          new Int32Array(10),
          Int32Array.from({ length: 10 }, (_, i) => i),
          [],
        );
        for (let t = 10; t < n; t++) {
          const step = engine.run(ids.subarray(t, t + 1), Int32Array.of(0), Int32Array.of(t), [0]);
          expect(
            worstError(step.logits, full.subarray(t * V, (t + 1) * V)),
            `${prefer} step ${t}`,
          ).toBeLessThan(1e-4);
        }
      }
    });
  }

  it('a stream computes the same logits alone and in a batch with other streams', () => {
    const { model, config } = randomGpt();
    const engine = new DecoderEngine(gptWeightsOf(model, config), 4, config.context);
    const prefill = (slot: number, tokens: Int32Array) =>
      engine.run(
        tokens,
        new Int32Array(tokens.length).fill(slot),
        Int32Array.from({ length: tokens.length }, (_, i) => i),
        [],
      );
    prefill(0, ids.subarray(0, 5));
    const alone = engine.run(Int32Array.of(7), Int32Array.of(0), Int32Array.of(5), [0]).logits;
    prefill(1, ids.subarray(0, 5));
    prefill(2, ids.subarray(3, 12));
    prefill(3, ids.subarray(1, 3));
    const batch = engine.run(
      Int32Array.of(2, 7, 4),
      Int32Array.of(3, 1, 2),
      Int32Array.of(2, 5, 9),
      [0, 1, 2],
    );
    expect(Array.from(batch.logits.subarray(37, 74))).toEqual(Array.from(alone));
  });

  it('refuses rows outside the cache, the vocabulary or the learned positions', () => {
    const { model, config } = randomGpt();
    const weights = gptWeightsOf(model, config);
    const engine = new DecoderEngine(weights, 2, 8);
    expect(() => engine.run(Int32Array.of(1), Int32Array.of(2), Int32Array.of(0), [])).toThrow(
      /slot 2/,
    );
    expect(() => engine.run(Int32Array.of(1), Int32Array.of(0), Int32Array.of(8), [])).toThrow(
      /position 8/,
    );
    expect(() => engine.run(Int32Array.of(37), Int32Array.of(0), Int32Array.of(0), [])).toThrow(
      /vocabulary/,
    );
    expect(() => new DecoderEngine(weights, 1, 41)).toThrow(/learned positions/);
  });

  for (const rotaryBase of [0, 100]) {
    it(`GptBlock gradients match finite differences (rotary ${rotaryBase})`, () => {
      const block = new GptBlock({ numHeads: 2, ffDim: 12, rotaryBase, seed: 3 });
      const x = tf.randomNormal([2, 5, 8], 0, 1, 'float32', 4);
      const projection = tf.randomNormal([2, 5, 8], 0, 1, 'float32', 5);
      block.apply(x);
      block.setWeights(
        block.getWeights().map((w, i) => tf.randomNormal(w.shape, 0, 0.5, 'float32', 50 + i)),
      );
      const f = (input: tf.Tensor) =>
        tf.sum(tf.mul(block.apply(input) as tf.Tensor, projection)) as tf.Scalar;
      expect(checkGradient(f, x, { eps: 1e-2 }).worst).toBeLessThan(1);
      const perWeight = checkLayerWeightGradients(block, () => f(x), { eps: 1e-2 });
      expect(Object.keys(perWeight)).toHaveLength(12);
      for (const [name, result] of Object.entries(perWeight))
        expect(result.worst, name).toBeLessThan(1);
    });
  }

  it('the tied embedding gets gradient from the input lookup and the output projection', () => {
    const { model } = randomGpt({ layers: 1 });
    const x = tf.tensor2d(ids.subarray(0, 6), [1, 6], 'int32');
    const table = model.getLayer('embedding').trainableWeights[0]!;
    const f = () => tf.sum(tf.square(model.apply(x) as tf.Tensor)) as tf.Scalar;
    const result = checkLayerWeightGradients(model.getLayer('embedding'), f, { samples: 30 });
    expect(result[table.originalName]!.worst).toBeLessThan(1);
    // Rows of tokens that never occur in the input still learn (through the output logits).
    const { grads } = tf.variableGrads(f, [table.read() as tf.Variable]);
    const g = grads[(table.read() as tf.Variable).name]!.arraySync() as number[][];
    expect(g[20]!.some((v) => v !== 0)).toBe(true);
  });
});
