// applyModel: a Sequential model run with its convolution blocks fused on 'qudao-cpu', against
// model.apply on the stock 'cpu' backend (outputs and every weight's gradient), what it fuses
// and what it leaves alone, and that the model it trained still saves and loads as the stock
// layers it is made of.
import { describeNative } from '@qudao/kernels/testing';
import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { perExampleLoss } from '../losses/losses.ts';
import { buildCnn } from '../models/cnn.ts';
import { createOptimizer } from '../optimizers/optimizers.ts';
import { applyModel, planConvBlocks } from './conv-block-model.ts';

const TOL = 1e-4;

function relativeError(a: Float32Array, b: Float32Array): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  return diff / Math.max(scale, 1e-6);
}

/** The output, the loss and every trainable weight's gradient of one batch. */
function run(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor, fused: boolean): Float32Array[] {
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  return tf.tidy(() => {
    const forward = () =>
      fused
        ? applyModel(model, x, { training: true })
        : (model.apply(x, { training: true }) as tf.Tensor);
    const out = forward();
    const { value, grads } = tf.variableGrads(
      () => tf.mean(perExampleLoss('categoricalCrossentropy', y, forward(), {})) as tf.Scalar,
      variables,
    );
    return [out, value, ...variables.map((v) => grads[v.name]!)].map(
      (t) => t.dataSync() as Float32Array,
    );
  });
}

/** The same model and batch on 'qudao-cpu' (fused) and on 'cpu' (model.apply): worst error. */
async function compare(build: () => tf.Sequential, inputShape: number[], batch: number) {
  const data = (backend: string) => {
    const x = tf.randomUniform([batch, ...inputShape], 0, 1, 'float32', 3);
    const y = tf.oneHot(
      tf.tensor1d(
        Array.from({ length: batch }, (_, i) => i % 10),
        'int32',
      ),
      10,
    );
    const model = build();
    const out = run(model, x, tf.cast(y, 'float32'), backend === 'qudao-cpu');
    model.dispose();
    tf.dispose([x, y]);
    return out;
  };
  await tf.setBackend('qudao-cpu');
  const ours = data('qudao-cpu');
  await tf.setBackend('cpu');
  const ref = data('cpu');
  expect(ours.length).toBe(ref.length);
  return Math.max(...ref.map((r, i) => relativeError(ours[i]!, r)));
}

describeNative('applyModel with fused convolution blocks', () => {
  it('the cnn template: outputs and every gradient as model.apply on cpu (28x28x1, 32x32x3)', async () => {
    for (const [shape, batch] of [
      [[28, 28, 1], 3],
      [[28, 28, 1], 1],
      [[32, 32, 3], 2],
    ] as const) {
      const err = await compare(
        () => buildCnn({ inputShape: [...shape], classes: 10, seed: 3 }),
        [...shape],
        batch,
      );
      expect(err, `${shape} batch ${batch}`).toBeLessThan(TOL);
    }
  });

  it('other settings: same padding, strides, no bias, linear, a pool with padding, dropout', async () => {
    // Seeded initialisers: both sides build the same weights.
    const init = (seed: number) => tf.initializers.glorotUniform({ seed });
    const build = () =>
      tf.sequential({
        layers: [
          tf.layers.conv2d({
            inputShape: [15, 13, 2],
            filters: 8,
            kernelSize: 3,
            padding: 'same',
            activation: 'relu',
            kernelInitializer: init(1),
            biasInitializer: tf.initializers.constant({ value: 0.05 }),
          }),
          tf.layers.maxPooling2d({ poolSize: 2, padding: 'same' }),
          tf.layers.conv2d({
            filters: 6,
            kernelSize: 2,
            strides: 2,
            useBias: false,
            kernelInitializer: init(2),
          }),
          tf.layers.dropout({ rate: 0 }),
          tf.layers.conv2d({
            filters: 9,
            kernelSize: 1,
            activation: 'relu',
            kernelInitializer: init(3),
          }),
          tf.layers.averagePooling2d({ poolSize: 2 }),
          tf.layers.flatten(),
          tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: init(4) }),
        ],
      });
    const err = await compare(build, [15, 13, 2], 3);
    expect(err).toBeLessThan(TOL);
  });

  it('fuses Conv2D (+ MaxPooling2D) blocks only, and leaves other models to apply', async () => {
    await tf.setBackend('qudao-cpu');
    const cnn = buildCnn({ inputShape: [28, 28, 1], classes: 10, seed: 1 });
    const steps = planConvBlocks(cnn)!;
    const kinds = steps.map((s) =>
      'layer' in s ? s.layer.getClassName() : `block(${s.options.pool ? 'pool' : ''})`,
    );
    expect(kinds).toEqual(['block(pool)', 'block(pool)', 'block()', 'Flatten', 'Dense', 'Dense']);
    // Only the first block's input is data.
    expect(steps.map((s) => ('layer' in s ? null : s.options.inputGradient))).toEqual([
      false,
      true,
      true,
      null,
      null,
      null,
    ]);
    const tanh = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [8, 8, 1], filters: 2, kernelSize: 3, activation: 'tanh' }),
        tf.layers.flatten(),
      ],
    });
    expect(planConvBlocks(tanh)).toBeNull();
    const input = tf.input({ shape: [8, 8, 1] });
    const functional = tf.model({
      inputs: input,
      outputs: tf.layers.conv2d({ filters: 2, kernelSize: 3 }).apply(input) as tf.SymbolicTensor,
    });
    const x = tf.randomUniform([2, 8, 8, 1]);
    expect(applyModel(functional, x).dataSync()).toEqual(
      (functional.apply(x) as tf.Tensor).dataSync(),
    );
    x.dispose();
    for (const m of [cnn, tanh, functional]) m.dispose();
  });

  it('saves stock layers: a model trained fused loads as plain TensorFlow.js and predicts the same', async () => {
    await tf.setBackend('qudao-cpu');
    const model = buildCnn({ inputShape: [28, 28, 1], classes: 10, seed: 2 });
    const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const optimizer = createOptimizer({ name: 'adam', learningRate: 0.01 });
    const x = tf.randomUniform([8, 28, 28, 1], 0, 1, 'float32', 4);
    const y = tf.oneHot(tf.tensor1d([0, 1, 2, 3, 4, 5, 6, 7], 'int32'), 10).toFloat();
    for (let i = 0; i < 3; i++) {
      tf.tidy(() => {
        const { grads } = tf.variableGrads(
          () =>
            tf.mean(
              perExampleLoss(
                'categoricalCrossentropy',
                y,
                applyModel(model, x, { training: true }),
                {},
              ),
            ) as tf.Scalar,
          variables,
        );
        optimizer.applyGradients(grads);
      });
    }
    let saved: tf.io.ModelArtifacts | undefined;
    await model.save(
      tf.io.withSaveHandler(async (a) => {
        saved = a;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    const classes = (
      saved!.modelTopology as { config: { layers: { class_name: string }[] } }
    ).config.layers.map((l) => l.class_name);
    expect(classes).toEqual([
      'Conv2D',
      'MaxPooling2D',
      'Conv2D',
      'MaxPooling2D',
      'Conv2D',
      'Flatten',
      'Dense',
      'Dense',
    ]);
    await tf.setBackend('cpu');
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved!));
    const stock = (loaded.predict(x) as tf.Tensor).dataSync() as Float32Array;
    await tf.setBackend('qudao-cpu');
    const fused = tf.tidy(() => applyModel(model, x).dataSync() as Float32Array);
    expect(relativeError(fused, stock)).toBeLessThan(TOL);
    tf.dispose([x, y]);
    model.dispose();
    loaded.dispose();
    optimizer.dispose();
  });
});
