// The addon's argument checks (native/napi_args.h), called straight from JavaScript with bad
// sizes, sizes whose product overflows 64 bits, negative strides and unknown op codes: each
// call must throw its exact error before any kernel runs. Before these checks, the overflow
// cases wrapped to a size of 0, passed the length checks and wrote far out of bounds, and an
// unknown op returned with the output unwritten.
import { expect, it } from 'vitest';
import { loadAddon, type NativeAddon } from './native.ts';
import { describeNative, refusal } from './test-utils.ts';

const f = (n: number, fill = 0) => new Float32Array(n).fill(fill);
const i = (...v: number[]) => Int32Array.from(v);
const loaded = loadAddon();
const addon = (loaded.ok ? loaded.addon : undefined) as NativeAddon;

type Refused = [label: string, call: () => void, type: typeof RangeError, message: string];

/** Conv parameters [N,H,W,C, KH,KW,O, OH,OW, sh,sw, dh,dw, pt,pl] with some replaced. */
function conv(over: Record<number, number> = {}): Int32Array {
  const p = i(1, 4, 4, 1, 3, 3, 1, 2, 2, 1, 1, 1, 1, 0, 0);
  for (const [k, v] of Object.entries(over)) p[Number(k)] = v;
  return p;
}
/** Pool parameters [N,H,W,C, KH,KW, OH,OW, sh,sw, pt,pl] with some replaced. */
function pool(over: Record<number, number> = {}): Int32Array {
  const p = i(1, 4, 4, 1, 2, 2, 2, 2, 2, 2, 0, 0);
  for (const [k, v] of Object.entries(over)) p[Number(k)] = v;
  return p;
}
const big = 65536; // four of them multiply to 2^64, which wrapped to 0 in int64 arithmetic

const cases: Refused[] = [
  [
    'conv2d: an output of 2^64 floats',
    () =>
      addon.conv2d(
        f(big),
        f(big),
        null,
        f(0),
        conv({ 0: big, 1: 1, 2: 1, 4: 1, 5: 1, 6: big, 7: big, 8: big }),
        0,
        0,
      ),
    RangeError,
    'conv2d: batch * outHeight * outWidth passes 2^31 - 1',
  ],
  [
    'conv2d: a negative stride',
    () => addon.conv2d(f(16), f(9), null, f(4), conv({ 9: -1 }), 0, 0),
    RangeError,
    'conv2d: params.strideHeight must be at least 1, got -1',
  ],
  [
    'conv2d: a negative padding',
    () => addon.conv2d(f(16), f(9), null, f(4), conv({ 13: -2 }), 0, 0),
    RangeError,
    'conv2d: params.padTop must be at least 0, got -2',
  ],
  [
    'conv2d: window positions past 32 bits',
    () => addon.conv2d(f(16), f(9), null, f(4), conv({ 7: 1 << 29, 9: 4 }), 0, 0),
    RangeError,
    'conv2d: the geometry passes 2^31 - 1 (in + pad + out * stride + filter * dilation, per axis)',
  ],
  [
    'conv2d: an unknown activation',
    () => addon.conv2d(f(16), f(9), null, f(4), conv(), 9, 0),
    RangeError,
    'conv2d: unknown activation 9 (known: 0 to 5)',
  ],
  [
    'conv2d: an input of another type',
    () => addon.conv2d(new Int32Array(16) as never, f(9), null, f(4), conv(), 0, 0),
    TypeError,
    'conv2d: x (argument 0) must be a Float32Array, got an Int32Array',
  ],
  [
    'conv2d: a short bias',
    () => addon.conv2d(f(16), f(18), f(1), f(8), conv({ 6: 2 }), 0, 0),
    RangeError,
    'conv2d: bias (argument 2) holds 1 floats, needs 2',
  ],
  [
    'conv2d: no arguments',
    () => (addon.conv2d as unknown as () => void)(),
    TypeError,
    'conv2d: params (argument 4) must be an Int32Array, got undefined',
  ],
  [
    'conv2dBackpropInput: a negative dilation',
    () => addon.conv2dBackpropInput(f(4), f(9), f(16), conv({ 12: -1 })),
    RangeError,
    'conv2dBackpropInput: params.dilationWidth must be at least 1, got -1',
  ],
  [
    'conv2dBackpropFilter: a short output',
    () => addon.conv2dBackpropFilter(f(16), f(4), f(8), conv()),
    RangeError,
    'conv2dBackpropFilter: dw (argument 2) holds 8 floats, needs 9',
  ],
  [
    'matmul: an output of 2^64 floats',
    () => addon.matmul(f(0), f(0), f(0), null, i(1 << 21, 1, 1, 1 << 21, 1 << 22, 0, 0, 0), 0, 0),
    RangeError,
    'matmul: the size of out (argument 2) passes 2^53 elements',
  ],
  [
    'matmul: a negative size',
    () => addon.matmul(f(6), f(6), f(4), null, i(1, 1, 1, -3, 2, 3, 0, 0), 0, 0),
    RangeError,
    'matmul: params.M must be at least 0, got -3',
  ],
  [
    'matmul: a batch that does not repeat a',
    () => addon.matmul(f(12), f(6), f(12), null, i(3, 2, 1, 2, 2, 3, 0, 0), 0, 0),
    RangeError,
    'matmul: params.batch 3 must be a multiple of batchA 2 and batchB 1',
  ],
  [
    'matmul: a transpose flag of 2',
    () => addon.matmul(f(6), f(6), f(4), null, i(1, 1, 1, 2, 2, 3, 2, 0), 0, 0),
    RangeError,
    'matmul: params.transA and params.transB must be 0 or 1',
  ],
  [
    'matmul: an unknown activation',
    () => addon.matmul(f(6), f(6), f(4), null, i(1, 1, 1, 2, 2, 3, 0, 0), 6, 0),
    RangeError,
    'matmul: unknown activation 6 (known: 0 to 5)',
  ],
  [
    'maxPool: an output of 2^64 floats',
    () => addon.maxPool(f(16), f(0), i(4, 1, 1, 4, 1, 1, 1 << 30, 1 << 30, 1, 1, 0, 0)),
    RangeError,
    'maxPool: the size of y (argument 1) passes 2^53 elements',
  ],
  [
    'maxPool: a zero stride',
    () => addon.maxPool(f(16), f(4), pool({ 9: 0 })),
    RangeError,
    'maxPool: params.strideWidth must be at least 1, got 0',
  ],
  [
    'avgPool: an empty window',
    () => addon.avgPool(f(16), f(4), pool({ 4: 0 })),
    RangeError,
    'avgPool: params.filterHeight must be at least 1, got 0',
  ],
  [
    'maxPoolGrad: a negative padding',
    () => addon.maxPoolGrad(f(4), f(16), f(16), pool({ 11: -1 })),
    RangeError,
    'maxPoolGrad: params.padLeft must be at least 0, got -1',
  ],
  [
    'avgPoolGrad: a short gradient',
    () => addon.avgPoolGrad(f(3), f(16), pool()),
    RangeError,
    'avgPoolGrad: dy (argument 0) holds 3 floats, needs 4',
  ],
  [
    'binary: an unknown op',
    () => addon.binary(99, f(4), f(4), f(4), i(1, 4, 1, 1)),
    RangeError,
    'binary: unknown op 99 (known: 0 to 7)',
  ],
  [
    'binary: a fractional op',
    () => addon.binary(2.5, f(4), f(4), f(4), i(1, 4, 1, 1)),
    RangeError,
    'binary: unknown op 2.5 (known: 0 to 7)',
  ],
  [
    'binary: a negative stride (read a[-3] before)',
    () => addon.binary(0, f(1), f(4), f(4), i(1, 4, -1, 1)),
    RangeError,
    'binary: desc strides of a [-1] must not be negative',
  ],
  [
    'binary: a last-axis stride of 2',
    () => addon.binary(0, f(8), f(4), f(4), i(1, 4, 2, 1)),
    RangeError,
    'binary: desc strides of the last axis must be 0 or 1 (rows are contiguous), got 2 and 1',
  ],
  [
    'binary: an output of 2^64 floats',
    () => addon.binary(0, f(1), f(1), f(0), i(4, big, big, big, big, 0, 0, 0, 0, 0, 0, 0, 0)),
    RangeError,
    'binary: the size of out (argument 3) passes 2^53 elements',
  ],
  [
    'binary: rank 0',
    () => addon.binary(0, f(1), f(1), f(1), i(0)),
    RangeError,
    'binary: desc rank must be from 1 to 16, got 0',
  ],
  [
    'binary: a short descriptor',
    () => addon.binary(0, f(4), f(4), f(4), i(2, 2, 2)),
    RangeError,
    'binary: desc (argument 4) holds 3 values, needs 7',
  ],
  [
    'binary: a short input',
    () => addon.binary(0, f(3), f(4), f(4), i(1, 4, 1, 1)),
    RangeError,
    'binary: a (argument 1) holds 3 floats, needs 4',
  ],
  [
    'unary: an unknown op',
    () => addon.unary(17, f(4), f(4), 0),
    RangeError,
    'unary: unknown op 17 (known: 0 to 16)',
  ],
  [
    'unary: a short output',
    () => addon.unary(0, f(4), f(3), 0),
    RangeError,
    'unary: y (argument 2) holds 3 floats, needs 4',
  ],
  [
    'transpose: a negative stride',
    () => addon.transpose(f(4), f(4), i(1, 1, 2, 2, 0, 0, 1, -1)),
    RangeError,
    'transpose: params strides [0, 0, 1, -1] must not be negative',
  ],
  [
    'transpose: a shape of 2^64 elements',
    () => addon.transpose(f(1), f(0), i(big, big, big, big, 0, 0, 0, 0)),
    RangeError,
    'transpose: params shape [65536, 65536, 65536, 65536] has more than 2^53 elements',
  ],
  [
    'transpose: strides that reach past the input',
    () => addon.transpose(f(3), f(4), i(1, 1, 2, 2, 0, 0, 1, 2)),
    RangeError,
    'transpose: x (argument 0) holds 3 floats, needs 4',
  ],
  [
    'reduceSum: a negative size',
    () => addon.reduceSum(f(4), f(4), -1, 4, 1, false),
    RangeError,
    'reduceSum: A (argument 2) must be an integer from 0 to 2^53, got -1',
  ],
  [
    'reduceSum: sizes whose product passes 2^53',
    () => addon.reduceSum(f(4), f(4), 2 ** 20, 2 ** 20, 2 ** 20, false),
    RangeError,
    'reduceSum: the size of x (argument 0) passes 2^53 elements',
  ],
  [
    'softmax: a fractional row count (truncated to 2 before)',
    () => addon.softmax(f(4), f(4), 2.5, 2),
    RangeError,
    'softmax: rows (argument 2) must be an integer from 0 to 2^53, got 2.5',
  ],
  [
    'softmax: NaN columns',
    () => addon.softmax(f(4), f(4), 2, Number.NaN),
    RangeError,
    'softmax: cols (argument 3) must be an integer from 0 to 2^53, got NaN',
  ],
  [
    'softmaxGrad: a short output',
    () => addon.softmaxGrad(f(4), f(4), f(2), 2, 2),
    RangeError,
    'softmaxGrad: dx (argument 2) holds 2 floats, needs 4',
  ],
];

describeNative('native entry points refuse bad arguments', () => {
  it.each(cases)('%s', (_label, call, type, message) => {
    const err = refusal(call);
    expect(err.message).toBe(message);
    expect(err).toBeInstanceOf(type);
  });

  it('leaves the output untouched when it refuses an unknown op', () => {
    const out = f(4, 7);
    expect(refusal(() => addon.binary(8, f(4, 1), f(4, 2), out, i(1, 4, 1, 1))).message).toBe(
      'binary: unknown op 8 (known: 0 to 7)',
    );
    expect(refusal(() => addon.unary(-1, f(4, 1), out, 0)).message).toBe(
      'unary: unknown op -1 (known: 0 to 16)',
    );
    expect([...out]).toEqual([7, 7, 7, 7]);
  });

  it('still runs calls at the limits: empty shapes, broadcast strides, the last valid op', () => {
    const out = f(4, 7);
    addon.binary(7, f(4, 3), f(1, 1), out, i(1, 4, 1, 0)); // ReluGrad, b broadcast
    expect([...out]).toEqual([3, 3, 3, 3]);
    addon.unary(16, f(4), out, 0); // erf(0)
    expect([...out]).toEqual([0, 0, 0, 0]);
    addon.softmax(f(0), f(0), 0, 5);
    addon.transpose(f(0), f(0), i(0, 3, 3, 3, 27, 9, 3, 1));
    addon.matmul(f(4), f(4), f(0), null, i(0, 1, 1, 2, 2, 2, 0, 0), 0, 0);
    const y = f(2);
    addon.transpose(f(3, 5), y, i(1, 1, 1, 2, 0, 0, 0, 2)); // reads x[0] and x[2]
    expect([...y]).toEqual([5, 5]);
  });
});
