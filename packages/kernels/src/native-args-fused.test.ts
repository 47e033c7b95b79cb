// The argument checks of the Adam, fused-layer and thread-pool entry points
// (native/addon_fused.cc), and how the TypeScript side surfaces a refused call: a
// NativeKernelError naming the tfjs kernel, never a crash or a tensor of garbage.
import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { NativeKernelError } from './index.ts';
import { withFallback } from './kernels/util.ts';
import { loadAddon, type NativeAddon } from './native.ts';
import { describeNative, refusal } from './test-utils.ts';

const f = (n: number) => new Float32Array(n);
const dims = (...v: number[]) => Int32Array.from(v);
const loaded = loadAddon();
const addon = (loaded.ok ? loaded.addon : undefined) as NativeAddon;
const adamScalars = [0.01, 0.9, 0.999, 0.1, 0.001, 0.1, 0.001, 1e-7] as const;

const cases: [string, () => void, typeof RangeError, string][] = [
  [
    'adam: a short gradient',
    () => addon.adam(f(4), f(4), f(4), f(3), ...adamScalars),
    RangeError,
    'adam: g (argument 3) holds 3 floats, needs 4',
  ],
  [
    'adam: a learning rate that is not a number',
    () => (addon.adam as (...a: unknown[]) => void)(f(4), f(4), f(4), f(4), '0.01', 0.9),
    TypeError,
    'adam: lr (argument 4) must be a number, got a string',
  ],
  [
    'layerNorm: zero columns',
    () => addon.layerNorm(f(4), f(1), f(1), f(4), 4, 0, 1e-6),
    RangeError,
    'layerNorm: cols (argument 5) must be at least 1, got 0',
  ],
  [
    'layerNorm: a short gamma',
    () => addon.layerNorm(f(8), f(3), f(4), f(8), 2, 4, 1e-6),
    RangeError,
    'layerNorm: gamma (argument 1) holds 3 floats, needs 4',
  ],
  [
    'layerNormGrad: a short dbeta',
    () => addon.layerNormGrad(f(8), f(8), f(4), f(8), f(4), f(2), 2, 4, 1e-6),
    RangeError,
    'layerNormGrad: dbeta (argument 5) holds 2 floats, needs 4',
  ],
  [
    'gelu: a short output',
    () => addon.gelu(f(5), f(4)),
    RangeError,
    'gelu: y (argument 1) holds 4 floats, needs 5',
  ],
  [
    'geluGrad: a short dy',
    () => addon.geluGrad(f(4), f(5), f(5)),
    RangeError,
    'geluGrad: dy (argument 0) holds 4 floats, needs 5',
  ],
  [
    'dropout: a rate of 1',
    () => addon.dropout(f(4), f(4), 1, 0, 1),
    RangeError,
    'dropout: rate (argument 2) must be in [0, 1), got 1',
  ],
  [
    'dropout: a negative seed (wrapped to 2^32 - 1 before)',
    () => addon.dropout(f(4), f(4), 0.5, -1, 2),
    RangeError,
    'dropout: seed (argument 3) must be an integer from 0 to 4294967295, got -1',
  ],
  [
    'attention: no heads',
    () => addon.attention(f(8), f(8), f(8), null, f(8), f(8), dims(1, 2, 0, 2, 4), 1, 0, 0, 1),
    RangeError,
    'attention: dims [batch, time, heads, headDim, rowStride] = [1, 2, 0, 2, 4]: batch and ' +
      'time must be at least 0, heads and headDim at least 1',
  ],
  [
    'attention: a row stride shorter than a row',
    () => addon.attention(f(8), f(8), f(8), null, f(8), f(8), dims(1, 2, 2, 2, 3), 1, 0, 0, 1),
    RangeError,
    'attention: dims rowStride 3 must be at least heads * headDim = 4',
  ],
  [
    'attention: weights past 2^32 elements',
    () => addon.attention(f(8), f(8), f(8), null, f(8), f(8), dims(1, 65537, 1, 1, 1), 1, 0, 0, 1),
    RangeError,
    'attention: batch * heads * time * time passes 2^32 - 1 (the dropout mask hashes 32-bit ' +
      'indices)',
  ],
  [
    'attention: a NaN dropout rate',
    () => addon.attention(f(8), f(8), f(8), null, f(8), f(8), dims(1, 2, 2, 2, 4), 1, NaN, 0, 1),
    RangeError,
    'attention: rate (argument 8) must be in [0, 1), got NaN',
  ],
  [
    'attention: a short mask',
    () => addon.attention(f(8), f(8), f(8), f(1), f(8), f(8), dims(1, 2, 2, 2, 4), 1, 0, 0, 1),
    RangeError,
    'attention: mask (argument 3) holds 1 floats, needs 2',
  ],
  [
    'attentionGrad: a short dq',
    () =>
      addon.attentionGrad(
        f(8),
        f(8),
        f(8),
        f(8),
        f(8),
        f(7),
        f(8),
        f(8),
        dims(1, 2, 2, 2, 4),
        1,
        0,
        0,
        1,
      ),
    RangeError,
    'attentionGrad: dq (argument 5) holds 7 floats, needs 8',
  ],
  [
    'setThreads: zero threads (clamped to 1 before)',
    () => addon.setThreads(0),
    RangeError,
    'setThreads: threads (argument 0) must be an integer from 1 to 2147483647, got 0',
  ],
];

describeNative('fused-layer entry points refuse bad arguments', () => {
  it.each(cases)('%s', (_label, call, type, message) => {
    const err = refusal(call);
    expect(err.message).toBe(message);
    expect(err).toBeInstanceOf(type);
  });
});

describeNative('refused native calls on the TypeScript side', () => {
  it('turns an addon refusal into a NativeKernelError naming the kernel', () => {
    const kernel = withFallback(
      'Softmax',
      () => {
        addon.softmax(f(2), f(4), 2, 2);
        return null;
      },
      addon,
    ) as unknown as (args: unknown) => unknown;
    const err = refusal(() => kernel({ inputs: {}, backend: {} }));
    expect(err).toBeInstanceOf(NativeKernelError);
    expect(err.message).toBe('qudao-cpu Softmax: softmax: x (argument 0) holds 2 floats, needs 4');
    expect((err as NativeKernelError).kernel).toBe('Softmax');
    expect((err as NativeKernelError).cause).toBeInstanceOf(RangeError);
  });

  it('computes batch broadcasts on both sides, where the stock kernel returns garbage', async () => {
    // [2, 1] against [1, 3]: the stock kernel returns a [2, 3, 3, 5] tensor of 45 values.
    const a = tf.tensor(
      Float32Array.from({ length: 24 }, (_, k) => k % 7),
      [2, 1, 3, 4],
    );
    const b = tf.tensor(
      Float32Array.from({ length: 60 }, (_, k) => k % 5),
      [1, 3, 4, 5],
    );
    await tf.setBackend('cpu');
    const full = (t: tf.Tensor) => tf.broadcastTo(t, [2, 3, ...t.shape.slice(-2)]);
    const expected = await tf.matMul(full(a), full(b)).data();
    await tf.setBackend('qudao-cpu');
    const y = tf.matMul(a, b);
    expect(y.shape).toEqual([2, 3, 3, 5]);
    expect([...(await y.data())]).toEqual([...expected]);
    tf.dispose([a, b, y]);
  });
});
