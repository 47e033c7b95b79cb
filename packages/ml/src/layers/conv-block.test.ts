// The fused convolution block of 'qudao-cpu' against the same maths composed from stock ops
// on 'cpu' (conv2d, add, relu, maxPool and their gradients): values and the gradients of the
// input, the filter and the bias, over a randomized sweep of shapes, strides, paddings,
// dilations, activations and pools (odd sizes and batch 1 included), within 1e-4. Most inputs
// are multiples of 1/8 so that both sides compute exact sums and break ties in a max pool the
// same way (tfjs routes a window's gradient to its first maximum); a rounding difference would
// otherwise move a gradient from one position to another.
import { compareBackends, describeNative, randomArray } from '@qudao/kernels/testing';
import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { createRng } from '../data/random.ts';
import { checkGradient } from '../testing/gradient-check.ts';
import { type BlockPool, type ConvBlockOptions, convBlock } from './conv-block.ts';

const TOL = 1e-4;
const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);
/** Random values, multiples of 1/8 in [-1, 1] when dyadic. */
const tensor = (shape: number[], seed: number, dyadic = true) => {
  const v = randomArray(size(shape), seed);
  return tf.tensor(dyadic ? v.map((e) => Math.round(e * 8) / 8) : v, shape);
};

/** The block's output and the gradients of sum(output · r) for x, filter and bias. */
function outputsAndGradients(
  xShape: number[],
  filterShape: number[],
  options: ConvBlockOptions,
  seed: number,
  dyadic = true,
  withGradients = true,
): tf.Tensor[] {
  const x = tensor(xShape, seed, dyadic);
  const w = tensor(filterShape, seed + 1, dyadic);
  const b = tensor([filterShape[3]!], seed + 2, dyadic);
  const f = (xs: tf.Tensor, ws: tf.Tensor, bs: tf.Tensor) =>
    convBlock(xs as tf.Tensor4D, ws as tf.Tensor4D, bs as tf.Tensor1D, options);
  const y = f(x, w, b);
  if (!withGradients) return [y];
  const r = tensor(y.shape, seed + 3, dyadic);
  const grads = tf.grads((xs: tf.Tensor, ws: tf.Tensor, bs: tf.Tensor) =>
    tf.sum(tf.mul(f(xs, ws, bs), r)),
  )([x, w, b]);
  return [y, ...grads];
}

const pair = (v: number): [number, number] => [v, v];
const block = (
  kernel: number,
  o: Partial<ConvBlockOptions> & { pool?: BlockPool | null } = {},
): [number, ConvBlockOptions] => [
  kernel,
  {
    strides: [1, 1],
    padding: 'valid',
    dilationRate: [1, 1],
    activation: 'relu',
    pool: null,
    ...o,
  },
];
const pool2: BlockPool = { poolSize: [2, 2], strides: [2, 2], padding: 'valid' };

describeNative('fused convolution block on qudao-cpu vs stock ops on cpu', () => {
  it('the cnn template blocks (Winograd and small-filter paths), batch 1 and odd sizes', async () => {
    const cases: [number[], number, [number, ConvBlockOptions]][] = [
      [[3, 28, 28, 1], 32, block(3, { pool: pool2 })],
      [[1, 28, 28, 1], 32, block(3, { pool: pool2 })],
      [[3, 13, 13, 32], 64, block(3, { pool: pool2 })],
      [[1, 13, 13, 32], 64, block(3, { pool: pool2 })],
      [[2, 5, 5, 64], 64, block(3)],
      [[2, 32, 32, 3], 32, block(3, { pool: pool2 })],
      [[2, 15, 15, 32], 64, block(3, { pool: pool2 })],
      [[2, 6, 6, 64], 64, block(3)],
      // Winograd without a pool, odd output sizes (partial tiles), 'same' padding, linear.
      [[2, 11, 9, 8], 12, block(3, { padding: 'same' })],
      [[1, 9, 12, 5], 8, block(3, { activation: 'linear' })],
      [[2, 10, 7, 6], 9, block(3, { padding: 'same', pool: { ...pool2, padding: 'same' } })],
      [[1, 12, 12, 16], 16, block(3, { padding: 'same', pool: pool2, activation: 'linear' })],
      // Over 256 input or output channels: the GEMMs' depth runs in more than one block.
      [[1, 6, 6, 260], 8, block(3, { pool: pool2 })],
      [[1, 7, 6, 4], 264, block(3, { padding: 'same' })],
    ];
    for (const [i, [xShape, filters, [k, options]]] of cases.entries()) {
      const err = await compareBackends(() =>
        outputsAndGradients(xShape, [k, k, xShape[3]!, filters], options, 10 * i),
      );
      expect(err, `${xShape} -> ${filters}, ${JSON.stringify(options)}`).toBeLessThan(TOL);
    }
  });

  it('a randomized sweep of shapes, strides, paddings, dilations, activations and pools', async () => {
    const rnd = createRng(7);
    const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)]!;
    const pools: (BlockPool | null)[] = [
      null,
      pool2,
      { ...pool2, padding: 'same' },
      { poolSize: [3, 3], strides: [2, 2], padding: 'valid' },
      { poolSize: [2, 2], strides: [1, 1], padding: 'valid' },
      { poolSize: [3, 2], strides: [3, 2], padding: 'same' },
    ];
    for (let i = 0; i < 40; i++) {
      const k = pick([1, 2, 3, 3, 3, 5]);
      const stride = pick([1, 1, 2]);
      // tfjs takes dilations above 1 only with stride 1.
      const dilation = stride === 1 ? pick([1, 1, 2]) : 1;
      const padding = pick(['valid', 'same'] as const);
      const reach = (k - 1) * dilation + 1;
      const h = reach + 1 + Math.floor(rnd() * 10);
      const w = reach + 1 + Math.floor(rnd() * 10);
      const xShape = [pick([1, 2, 3]), h, w, pick([1, 2, 3, 4, 5, 8, 16])];
      const filters = pick([1, 3, 4, 8, 9, 16]);
      const options: ConvBlockOptions = {
        strides: pair(stride),
        padding,
        dilationRate: pair(dilation),
        activation: pick(['linear', 'relu'] as const),
        pool: pick(pools),
      };
      // A 'valid' pool needs a convolution output at least as large as its window.
      const out = (n: number) =>
        padding === 'same' ? Math.ceil(n / stride) : Math.floor((n - reach) / stride) + 1;
      const p = options.pool;
      if (p?.padding === 'valid' && (out(h) < p.poolSize[0] || out(w) < p.poolSize[1])) {
        options.pool = null;
      }
      // tfjs cannot differentiate a dilated conv2d: there only the values are compared (the
      // finite-difference test below checks a dilated block's gradients).
      const err = await compareBackends(() => {
        const all = outputsAndGradients(
          xShape,
          [k, k, xShape[3]!, filters],
          options,
          1000 + 10 * i,
          true,
          dilation === 1,
        );
        return all;
      });
      expect(err, `${xShape} -> ${filters}, k ${k}, ${JSON.stringify(options)}`).toBeLessThan(TOL);
    }
  });

  it('continuous values (rounding differs between the sides)', async () => {
    const cases: [number[], number, [number, ConvBlockOptions]][] = [
      [[2, 13, 13, 32], 64, block(3)],
      [[2, 9, 9, 8], 16, block(3, { activation: 'linear', padding: 'same' })],
      [[2, 5, 5, 64], 64, block(3, { activation: 'linear' })],
      [[1, 10, 10, 16], 16, block(3, { activation: 'linear', pool: pool2 })],
    ];
    for (const [i, [xShape, filters, [k, options]]] of cases.entries()) {
      const err = await compareBackends(() =>
        outputsAndGradients(xShape, [k, k, xShape[3]!, filters], options, 500 + 10 * i, false),
      );
      expect(err, `${xShape} -> ${filters}`).toBeLessThan(TOL);
    }
  });

  it('has gradients that match finite differences (input, filter, bias)', async () => {
    await tf.setBackend('qudao-cpu');
    for (const [xShape, filters, options] of [
      [[1, 6, 6, 4], 8, block(3, { padding: 'same', activation: 'linear', pool: pool2 })[1]],
      [[2, 7, 5, 1], 4, block(3, { padding: 'same', activation: 'linear', pool: pool2 })[1]],
      [[1, 9, 8, 3], 5, block(3, { dilationRate: [2, 2], activation: 'linear' })[1]],
    ] as const) {
      const x = tensor([...xShape], 1, false);
      const w = tensor([3, 3, xShape[3], filters], 2, false);
      const b = tensor([filters], 3, false);
      const r = tensor(
        convBlock(x as tf.Tensor4D, w as tf.Tensor4D, b as tf.Tensor1D, options).shape,
        4,
        false,
      );
      const loss = (xs: tf.Tensor, ws: tf.Tensor, bs: tf.Tensor) =>
        tf.sum(
          tf.mul(convBlock(xs as tf.Tensor4D, ws as tf.Tensor4D, bs as tf.Tensor1D, options), r),
        ) as tf.Scalar;
      // Small steps: a step that swaps a window's maximum would measure another function.
      const opts = { eps: 1e-3, rtol: 2e-2, atol: 2e-3 };
      expect(checkGradient((v) => loss(v, w, b), x, opts).worst).toBeLessThan(1);
      expect(checkGradient((v) => loss(x, v, b), w, opts).worst).toBeLessThan(1);
      expect(checkGradient((v) => loss(x, w, v), b, opts).worst).toBeLessThan(1);
    }
  });

  it('a first block (inputGradient: false) still gives the input gradient when asked', async () => {
    const options = block(3, { pool: pool2, inputGradient: false })[1];
    const err = await compareBackends(() =>
      outputsAndGradients([2, 12, 12, 1], [3, 3, 1, 8], options, 77),
    );
    expect(err).toBeLessThan(TOL);
  });

  it('infers without writing a mask, and the same values as when training', async () => {
    await tf.setBackend('qudao-cpu');
    const x = tensor([2, 13, 13, 32], 5) as tf.Tensor4D;
    const w = tensor([3, 3, 32, 64], 6) as tf.Tensor4D;
    const options = block(3, { pool: pool2 })[1];
    const inferred = convBlock(x, w, null, options).dataSync();
    const trained = tf.grad((v: tf.Tensor) => {
      const y = convBlock(v as tf.Tensor4D, w, null, options);
      expect(y.dataSync()).toEqual(inferred);
      return tf.sum(y);
    })(x);
    expect(trained.shape).toEqual(x.shape);
  });
});
