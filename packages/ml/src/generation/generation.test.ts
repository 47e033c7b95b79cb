import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from '../artifacts/artifacts.ts';
import { BpeTokenizer } from '../data/bpe-tokenizer.ts';
import { createRng } from '../data/random.ts';
import { createGpt, resolveGptConfig } from '../models/gpt.ts';
import { initBackend } from '../runtime/backend.ts';
import { GenerationError } from './batched-decoder.ts';
import { LanguageModel } from './language-model.ts';
import { drawToken, sampleToken, samplingSchema } from './sampling.ts';
import { StopSequenceFilter } from './stop-sequences.ts';

const corpus = [
  'the whale and the sea',
  'the ship and the whale',
  'Ahab and the sea',
  '鲸鱼与大海',
];

function smallModel(seed = 1): LanguageModel {
  const tokenizer = BpeTokenizer.train(corpus, { vocabSize: 300 });
  const config = resolveGptConfig({
    vocabSize: tokenizer.vocabSize,
    context: 48,
    layers: 2,
    width: 16,
    heads: 2,
    dropout: 0,
    seed,
  });
  const model = createGpt(config);
  model.setWeights(
    model.getWeights().map((w, i) => tf.randomNormal(w.shape, 0, 0.5, 'float32', seed * 1000 + i)),
  );
  return LanguageModel.fromModel(model, config, tokenizer);
}

describe('sampling', () => {
  const logits = Float32Array.from([1, 3, 2, 0.5, 3]);
  const s = (o: object) => samplingSchema.parse(o);

  it('temperature 0, top-k 1 and a tiny top-p all pick the most likely token (ties: smaller id)', () => {
    const rng = createRng(1);
    expect(sampleToken(logits, s({ temperature: 0 }), rng)).toBe(1);
    for (let i = 0; i < 20; i++) expect(sampleToken(logits, s({ topK: 1 }), rng)).toBe(1);
    for (let i = 0; i < 20; i++) expect(sampleToken(logits, s({ topP: 0.01 }), rng)).toBe(1);
  });

  it('draws in proportion to softmax(logits / temperature), within top-k and top-p', () => {
    const counts = new Array(5).fill(0);
    const rng = createRng(2);
    for (let i = 0; i < 20_000; i++) counts[sampleToken(logits, s({ temperature: 1 }), rng)]++;
    const z = Array.from(logits, Math.exp).reduce((a, b) => a + b, 0);
    counts.forEach((c, i) => {
      expect(Math.abs(c / 20_000 - Math.exp(logits[i]!) / z)).toBeLessThan(0.015);
    });
    const topK = new Set<number>();
    for (let i = 0; i < 500; i++) topK.add(sampleToken(logits, s({ topK: 3 }), rng));
    expect([...topK].sort()).toEqual([1, 2, 4]);
    // p(1) = p(4) ≈ 0.38 each: a nucleus of 0.5 holds both and nothing else.
    const nucleus = new Set<number>();
    for (let i = 0; i < 500; i++) nucleus.add(sampleToken(logits, s({ topP: 0.5 }), rng));
    expect([...nucleus].sort()).toEqual([1, 4]);
  });

  it('a draw from softmax probabilities (the batched path) = a draw from the logits', () => {
    const probs = (t: number) => {
      const e = Array.from(logits, (l) => Math.exp(l / t));
      const z = e.reduce((a, b) => a + b, 0);
      return Float32Array.from(e, (v) => v / z);
    };
    for (const o of [{ temperature: 1 }, { temperature: 0.7, topK: 3 }, { topP: 0.9 }]) {
      const [a, b] = [createRng(5), createRng(5)];
      const p = probs(s(o).temperature);
      for (let i = 0; i < 300; i++) {
        expect(drawToken(p, s(o), a), JSON.stringify(o)).toBe(sampleToken(logits, s(o), b));
      }
    }
  });
});

describe('StopSequenceFilter', () => {
  it('cuts at the first stop sequence and never shows a part of one', () => {
    const f = new StopSequenceFilter(['\n\n', 'END']);
    expect(f.push('Call me')).toBe('Call me');
    expect(f.push(' Ishmael.\n')).toBe(' Ishmael.');
    // The newline may no longer start '\n\n', but 'E' may start 'END'.
    expect(f.push('E')).toBe('\n');
    expect(f.push('x')).toBe('Ex');
    expect(f.push(' EN')).toBe(' ');
    expect(f.push('D more')).toBe('');
    expect(f.stopped).toBe(true);
    expect(f.value).toBe('Call me Ishmael.\nEx ');
    const g = new StopSequenceFilter(['END']);
    expect(g.push('a EN')).toBe('a ');
    expect(g.flush()).toBe('EN');
  });
});

describe('LanguageModel generation', () => {
  beforeAll(() => initBackend());

  it('the same seed gives the same text; another seed another text', async () => {
    const lm = smallModel();
    const a = await lm.generate('the whale', { maxTokens: 20, seed: 7, temperature: 1 });
    const b = await lm.generate('the whale', { maxTokens: 20, seed: 7, temperature: 1 });
    const c = await lm.generate('the whale', { maxTokens: 20, seed: 8, temperature: 1 });
    expect(a.text).toBe(b.text);
    expect(a.tokens).toEqual(b.tokens);
    expect(c.tokens).not.toEqual(a.tokens);
    expect(a.completionTokens).toBe(a.tokens.length);
    expect(a.promptTokens).toBe(lm.tokenizer.encode('the whale').length);
  });

  it('greedy generation follows the argmax of the full model forward pass', async () => {
    const lm = smallModel(2);
    const prompt = lm.tokenizer.encode('the sea');
    const done = await lm.generate(prompt, { maxTokens: 8, temperature: 0 });
    const seq = [...prompt];
    for (let i = 0; i < done.tokens.length; i++) {
      const logits = tf.tidy(() =>
        (lm.model.predict(tf.tensor2d(seq, [1, seq.length], 'int32')) as tf.Tensor)
          .slice([0, seq.length - 1, 0], [1, 1, -1])
          .argMax(-1)
          .dataSync(),
      );
      expect(done.tokens[i]).toBe(logits[0]);
      seq.push(done.tokens[i]!);
    }
  });

  it('finishes by max tokens, by a stop sequence, and at the end of the context', async () => {
    const lm = smallModel(3);
    const long = await lm.generate('the', { maxTokens: 5, temperature: 0.8, seed: 1 });
    expect(long.finishReason === 'length' || long.finishReason === 'stop').toBe(true);
    if (long.finishReason === 'length') expect(long.completionTokens).toBe(5);
    const free = await lm.generate('the', { maxTokens: 30, temperature: 0.8, seed: 3 });
    const stop = free.text.slice(2, 4);
    const cut = await lm.generate('the', {
      maxTokens: 30,
      temperature: 0.8,
      seed: 3,
      stop: [stop],
    });
    expect(cut.finishReason).toBe('stop');
    expect(cut.text).toBe(free.text.slice(0, free.text.indexOf(stop)));
    const prompt = Array(46).fill(lm.tokenizer.encode('the')[0]!);
    const edge = await lm.generate(prompt, { maxTokens: 10, temperature: 0, seed: 1 });
    expect(edge.completionTokens).toBeLessThanOrEqual(2);
    expect(() => lm.createDecoder({ slots: 1 }).join(Array(48).fill(5))).toThrow(GenerationError);
  });

  it('continuous batching: streams that join and leave mid-run generate what they would alone', async () => {
    const lm = smallModel(4);
    const prompts = ['the whale', 'Ahab', 'the ship and', '鲸鱼', 'sea'];
    const alone = await Promise.all(
      prompts.map((p, i) =>
        lm.generate(p, { maxTokens: 6 + i, seed: i, temperature: 0.9, topK: 20 }),
      ),
    );
    const decoder = lm.createDecoder({ slots: 2 });
    const streams = [
      decoder.join(prompts[0]!, { maxTokens: 6, seed: 0, temperature: 0.9, topK: 20 }),
    ];
    decoder.step();
    decoder.step();
    // Four more join a running batch of two slots: they wait, then take freed slots.
    for (let i = 1; i < prompts.length; i++) {
      streams.push(
        decoder.join(prompts[i]!, { maxTokens: 6 + i, seed: i, temperature: 0.9, topK: 20 }),
      );
    }
    expect(decoder.waitingCount).toBe(4);
    const cancelled = decoder.join('the', { maxTokens: 50 });
    cancelled.cancel();
    let maxActive = 0;
    while (decoder.step() > 0) maxActive = Math.max(maxActive, decoder.activeCount);
    expect(maxActive).toBe(2);
    const done = await Promise.all(streams.map((s) => s.done));
    done.forEach((d, i) => {
      expect(d.tokens, prompts[i]).toEqual(alone[i]!.tokens);
    });
    expect((await cancelled.done).finishReason).toBe('cancelled');
  });

  it('a session steps one token at a time and streams text', () => {
    const lm = smallModel(5);
    const session = lm.startSession('the', { maxTokens: 6, seed: 2 });
    let text = '';
    let steps = 0;
    while (!session.finished) {
      text += session.step();
      steps++;
    }
    expect(text).toBe(session.stream.text);
    expect(steps).toBe(
      session.stream.tokens.length + (session.stream.finishReason === 'stop' ? 1 : 0),
    );
  });

  it('embeds texts as the mean of the final hidden states: deterministic, distinct per text', () => {
    const lm = smallModel(6);
    const { vectors, tokens } = lm.embed(['the whale', 'the sea', 'the whale']);
    expect(vectors).toHaveLength(3);
    expect(vectors[0]).toHaveLength(16);
    expect(Array.from(vectors[2]!)).toEqual(Array.from(vectors[0]!));
    expect(Array.from(vectors[1]!)).not.toEqual(Array.from(vectors[0]!));
    const count = (t: string) => lm.tokenizer.encode(t).length;
    expect(tokens).toBe(2 * count('the whale') + count('the sea'));
  });

  it('saves and loads with its tokenizer; TensorFlow.js Layers reads the model', async () => {
    const lm = smallModel(7);
    const dir = mkdtempSync(path.join(tmpdir(), 'gpt-'));
    const saved = await lm.save(dir);
    expect(saved.hash).toMatch(/^[0-9a-f]{64}$/);
    const back = await LanguageModel.load(dir);
    expect(back.tokenizer.fingerprint()).toBe(lm.tokenizer.fingerprint());
    const a = await lm.generate('the whale', { maxTokens: 10, seed: 3 });
    const b = await back.generate('the whale', { maxTokens: 10, seed: 3 });
    expect(b.text).toBe(a.text);
    const layers = await loadModel(dir);
    expect(layers.layers.map((l) => l.getClassName())).toContain('QudaoGptBlock');
  });
});
