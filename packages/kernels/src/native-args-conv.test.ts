// The argument checks of the fused convolution blocks' entry points (native/addon_conv.cc):
// each refused call throws the exact error before any kernel runs; the kernel wrapper turns
// its own refusals into NativeKernelErrors.
import * as tf from '@tensorflow/tfjs';
import type { NamedTensorMap } from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { FUSED_KERNELS, NativeKernelError } from './index.ts';
import { loadAddon, type NativeAddon } from './native.ts';
import { describeNative, refusal } from './test-utils.ts';

const f = (n: number) => new Float32Array(n);
const u8 = (n: number) => new Uint8Array(n);
const loaded = loadAddon();
const addon = (loaded.ok ? loaded.addon : undefined) as NativeAddon;

/**
 * A block on [batch, 6, 6, 2] → 3x3 filter → 4 channels [batch, 4, 4, 4], then a 2x2 stride-2
 * pool → [batch, 2, 2, 4] (pool 1) or none (pool 0).
 */
const params = (o: { batch?: number; act?: number; pool?: number; poolSize?: number } = {}) => {
  const { batch = 1, act = 1, pool = 1, poolSize = 2 } = o;
  const out = Math.floor((4 - poolSize) / 2) + 1;
  return Int32Array.from([
    ...[batch, 6, 6, 2, 3, 3, 4, 4, 4, 1, 1, 1, 1, 0, 0],
    ...[act, pool, poolSize, poolSize, out, out, 2, 2, 0, 0],
  ]);
};
const x = () => f(72);
const w = () => f(72);

const cases: [string, () => void, typeof RangeError, string][] = [
  [
    'convBlock: a parameter block of the convolution only',
    () => addon.convBlock(x(), w(), null, f(16), u8(16), params().subarray(0, 15)),
    RangeError,
    'convBlock: params (argument 5) holds 15 values, needs 25',
  ],
  [
    'convBlock: an activation the block lacks (sigmoid)',
    () => addon.convBlock(x(), w(), null, f(16), u8(16), params({ act: 4 })),
    RangeError,
    'convBlock: params.activation must be 0 (linear) or 1 (relu), got 4',
  ],
  [
    'convBlock: a pool flag of 2',
    () => addon.convBlock(x(), w(), null, f(16), u8(16), params({ pool: 2 })),
    RangeError,
    'convBlock: params.pool must be 0 or 1, got 2',
  ],
  [
    'convBlock: a pool of zero rows',
    () => addon.convBlock(x(), w(), null, f(16), u8(16), params({ poolSize: 0 })),
    RangeError,
    'convBlock: params.poolHeight must be at least 1, got 0',
  ],
  [
    'convBlock: a pool window of 256 positions (the mask holds a byte)',
    () => {
      const p = params();
      p.set([16, 16], 17);
      addon.convBlock(x(), w(), null, f(16), u8(16), p);
    },
    RangeError,
    'convBlock: params.poolHeight * params.poolWidth must be under 255 (the mask stores window ' +
      'positions in a byte)',
  ],
  [
    'convBlock: a short output (the pool output has 16 values)',
    () => addon.convBlock(x(), w(), null, f(15), u8(16), params()),
    RangeError,
    'convBlock: y (argument 3) holds 15 floats, needs 16',
  ],
  [
    'convBlock: a short mask',
    () => addon.convBlock(x(), w(), null, f(16), u8(15), params()),
    RangeError,
    'convBlock: mask (argument 4) holds 15 bytes, needs 16',
  ],
  [
    'convBlock: a Float32Array mask',
    () => (addon.convBlock as (...a: unknown[]) => void)(x(), w(), null, f(16), f(16), params()),
    TypeError,
    'convBlock: mask (argument 4) must be a Uint8Array, got a Float32Array',
  ],
  [
    'convBlock: without a pool the output is the convolution (64 values)',
    () => addon.convBlock(x(), w(), f(4), f(16), null, params({ pool: 0 })),
    RangeError,
    'convBlock: y (argument 3) holds 16 floats, needs 64',
  ],
  [
    'convBlock: a short bias',
    () => addon.convBlock(x(), w(), f(3), f(16), null, params()),
    RangeError,
    'convBlock: bias (argument 2) holds 3 floats, needs 4',
  ],
  [
    'convBlockGrad: a pooled block without its mask',
    () => addon.convBlockGrad(f(16), x(), w(), null, null, null, f(72), f(4), params()),
    TypeError,
    'convBlockGrad: mask (argument 4) must be a Uint8Array, got null',
  ],
  [
    'convBlockGrad: ReLU without a pool needs y',
    () => addon.convBlockGrad(f(64), x(), w(), null, null, null, f(72), f(4), params({ pool: 0 })),
    TypeError,
    'convBlockGrad: y (argument 3) must be a Float32Array, got null',
  ],
  [
    'convBlockGrad: a short dx',
    () => addon.convBlockGrad(f(16), x(), w(), null, u8(16), f(71), null, null, params()),
    RangeError,
    'convBlockGrad: dx (argument 5) holds 71 floats, needs 72',
  ],
  [
    'convBlockGrad: a batch that does not fit the arrays',
    () =>
      addon.convBlockGrad(f(16), x(), w(), null, u8(16), null, f(72), f(4), params({ batch: 2 })),
    RangeError,
    'convBlockGrad: dy (argument 0) holds 16 floats, needs 32',
  ],
];

describeNative('fused convolution block entry points refuse bad arguments', () => {
  it.each(cases)('%s', (_label, call, type, message) => {
    const err = refusal(call);
    expect(err.message).toBe(message);
    expect(err).toBeInstanceOf(type);
  });

  it('runs the accepted calls: a linear block without a pool, no mask, no bias', () => {
    const y = f(64);
    const xs = Float32Array.from({ length: 72 }, (_, i) => (i % 5) - 2);
    const ws = Float32Array.from({ length: 72 }, (_, i) => (i % 3) - 1);
    addon.convBlock(xs, ws, null, y, null, params({ act: 0, pool: 0 }));
    // y[0, 0, 0, o] = sum over the 3x3x2 window at the origin of x * w[., ., ., o].
    let expected = 0;
    for (let kh = 0; kh < 3; kh++)
      for (let kw = 0; kw < 3; kw++)
        for (let c = 0; c < 2; c++)
          expected += xs[(kh * 6 + kw) * 2 + c]! * ws[((kh * 3 + kw) * 2 + c) * 4]!;
    expect(y[0]).toBe(expected);
  });

  it('the kernel refuses a mask handle from another block (NativeKernelError)', async () => {
    await tf.setBackend('qudao-cpu');
    const inputs = {
      dy: tf.zeros([1, 2, 2, 4]),
      x: tf.zeros([1, 6, 6, 2]),
      filter: tf.zeros([3, 3, 2, 4]),
      y: tf.zeros([1, 2, 2, 4]),
      mask: tf.zeros([1]),
    };
    const attrs = { strides: 1, pad: 'valid', activation: 'relu', poolSize: 2, poolStrides: 2 };
    const err = refusal(() =>
      tf
        .engine()
        .runKernel(FUSED_KERNELS.convBlockGrad, inputs as unknown as NamedTensorMap, attrs),
    );
    expect(err).toBeInstanceOf(NativeKernelError);
    expect(err.message).toBe(
      'qudao-cpu QudaoConvBlockGrad: convBlockGrad: the mask handle does not come from a ' +
        'convBlock with a pool',
    );
    tf.dispose(Object.values(inputs));
  });
});
