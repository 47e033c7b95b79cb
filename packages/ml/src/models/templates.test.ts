import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel, saveModel } from '../artifacts/artifacts.ts';
import { createRng } from '../data/random.ts';
import { initBackend } from '../runtime/backend.ts';
import { LayerSpecError } from './layer-spec.ts';
import { TemplateOptionError } from './template-options.ts';
import {
  buildTemplate,
  type DataSpec,
  getTemplate,
  templateMismatch,
  templateNames,
} from './templates.ts';

const text: DataSpec = {
  kind: 'text',
  task: 'classification',
  inputShape: [12],
  vocabularySize: 50,
};
const tabular: DataSpec = { kind: 'tabular', task: 'regression', inputShape: [5] };
const image: DataSpec = { kind: 'image', task: 'classification', inputShape: [28, 28, 1] };

/** Toy texts: class 1 when token 7 occurs anywhere, padded with 0 at the end. */
function toyTexts(n: number, seed: number) {
  const ids = new Float32Array(n * 12);
  const labels = new Float32Array(n * 2);
  const rnd = createRng(seed);
  for (let i = 0; i < n; i++) {
    const len = 4 + Math.floor(rnd() * 8);
    const positive = i % 2 === 1;
    for (let t = 0; t < len; t++) ids[i * 12 + t] = 8 + Math.floor(rnd() * 40);
    if (positive) ids[i * 12 + Math.floor(rnd() * len)] = 7;
    labels[i * 2 + (positive ? 1 : 0)] = 1;
  }
  return { x: tf.tensor2d(ids, [n, 12]), y: tf.tensor2d(labels, [n, 2]) };
}

describe('model templates', () => {
  let dir: string;
  beforeAll(async () => {
    await initBackend();
    dir = await mkdtemp(path.join(tmpdir(), 'qudao-templates-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('lists every template of the product', () => {
    expect(templateNames()).toEqual(
      expect.arrayContaining([
        'cnn',
        'mlp',
        'text-lstm',
        'text-gru',
        'text-transformer',
        'linear-regression',
        'logistic-regression',
        'layers',
      ]),
    );
  });

  it.each([
    ['cnn', image, [2, 28, 28, 1], 10],
    ['cnn', { ...image, inputShape: [32, 32, 3] }, [2, 32, 32, 3], 10],
    ['mlp', tabular, [2, 5], 1],
    ['linear-regression', tabular, [2, 5], 1],
    ['logistic-regression', { ...tabular, task: 'classification' }, [2, 5], 3],
    ['text-lstm', text, [2, 12], 2],
    ['text-gru', text, [2, 12], 2],
    ['text-transformer', text, [2, 12], 2],
  ] as const)('%s builds for its data and predicts the head shape', (name, data, xShape, units) => {
    const template = getTemplate(name)!;
    expect(templateMismatch(template, data as DataSpec)).toBeNull();
    const head = { units, activation: units === 1 ? 'linear' : 'softmax' } as const;
    const model = buildTemplate(template, {
      ...(data as DataSpec),
      head,
      seed: 1,
      options:
        name === 'text-transformer'
          ? { embedDim: 8, numHeads: 2 }
          : name.startsWith('text')
            ? { embedDim: 8, units: 8 }
            : {},
    });
    const out = tf.tidy(() => (model.predict(tf.zeros([...xShape])) as tf.Tensor).shape);
    expect(out).toEqual([2, units]);
    model.dispose();
  });

  it('refuses a template that does not fit the data, and bad options', () => {
    expect(templateMismatch(getTemplate('cnn')!, tabular)).toMatch(
      /trains on image data; this dataset is tabular/,
    );
    expect(
      templateMismatch(getTemplate('linear-regression')!, { ...tabular, task: 'classification' }),
    ).toMatch(/does regression/);
    const head = { units: 2, activation: 'softmax' } as const;
    const build = (options: Record<string, unknown>) =>
      buildTemplate(getTemplate('text-transformer')!, { ...text, head, seed: 1, options });
    expect(() => build({ heads: 2 })).toThrow(TemplateOptionError);
    expect(() => build({ numHeads: 0 })).toThrow(/numHeads" must be an integer between 1 and 64/);
    expect(() => build({ embedDim: 10, numHeads: 4 })).toThrow(/must divide by numHeads/);
  });

  it('builds a model from a JSON layer spec and names the faulty layer', () => {
    const layers = getTemplate('layers')!;
    const head = { units: 1, activation: 'linear' } as const;
    const model = buildTemplate(layers, {
      ...tabular,
      head,
      seed: 3,
      options: {
        layers: [
          { type: 'dense', units: 4, activation: 'relu' },
          { type: 'dropout', rate: 0.1 },
        ],
      },
    });
    expect(model.layers.map((l) => l.getClassName())).toEqual([
      'Dense',
      'QudaoSeededDropout',
      'Dense',
    ]);
    expect(() =>
      buildTemplate(layers, {
        ...tabular,
        head,
        seed: 3,
        options: { layers: [{ type: 'dense', units: 4 }, { type: 'magic' }] },
      }),
    ).toThrow(/layer 2 has unknown type "magic"/);
    expect(() =>
      buildTemplate(layers, { ...tabular, head, seed: 3, options: { layers: [] } }),
    ).toThrow(LayerSpecError);
  });

  it('text-transformer learns a toy task and reloads from its saved artifact with identical outputs', async () => {
    const model = buildTemplate(getTemplate('text-transformer')!, {
      ...text,
      head: { units: 2, activation: 'softmax' },
      seed: 4,
      options: { embedDim: 16, numHeads: 2, ffDim: 32, numBlocks: 1, dropout: 0 },
    });
    model.compile({
      optimizer: tf.train.adam(0.02),
      loss: 'categoricalCrossentropy',
      metrics: ['accuracy'],
    });
    const train = toyTexts(128, 1);
    await model.fit(train.x, train.y, { epochs: 10, batchSize: 32, shuffle: false, verbose: 0 });
    const test = toyTexts(100, 2);
    const [, accuracy] = model.evaluate(test.x, test.y) as tf.Scalar[];
    expect(accuracy!.dataSync()[0]).toBeGreaterThan(0.85);
    await saveModel(model, path.join(dir, 'transformer'));
    const loaded = await loadModel(path.join(dir, 'transformer'));
    const a = (model.predict(test.x) as tf.Tensor).dataSync();
    const b = (loaded.predict(test.x) as tf.Tensor).dataSync();
    expect(Array.from(b)).toEqual(Array.from(a));
  });
});
