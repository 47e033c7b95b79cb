// Every native kernel against the stock 'cpu' kernel, forward and backward, over a randomized
// sweep of shapes, strides, paddings and dilations.
import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { seededRandom } from './cnn.ts';
import { compareBackends, describeNative, randomArray, runOn } from './test-utils.ts';

const TOL = 1e-4;

type Pad = 'valid' | 'same';

function t4(values: Float32Array, shape: number[]): tf.Tensor4D {
  return tf.tensor4d(values, shape as [number, number, number, number]);
}

interface ConvCase {
  n: number;
  h: number;
  w: number;
  c: number;
  o: number;
  kh: number;
  kw: number;
  stride: [number, number];
  dil: [number, number];
  pad: Pad;
}

function convCases(count: number, seed: number, allowDilation: boolean): ConvCase[] {
  const rnd = seededRandom(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
  const cases: ConvCase[] = [];
  while (cases.length < count) {
    const c: ConvCase = {
      n: pick([1, 1, 2, 3]),
      h: pick([1, 3, 5, 7, 8, 11]),
      w: pick([1, 4, 5, 9, 12]),
      c: pick([1, 2, 3, 8, 17]),
      o: pick([1, 3, 8, 16, 33]),
      kh: pick([1, 2, 3, 5]),
      kw: pick([1, 3, 4]),
      stride: [pick([1, 1, 2, 3]), pick([1, 2])],
      dil: [1, 1],
      pad: pick(['valid', 'same'] as Pad[]),
    };
    if (allowDilation && rnd() < 0.35) {
      c.stride = [1, 1];
      c.dil = [pick([1, 2]), pick([2, 3])];
    }
    const effH = (c.kh - 1) * c.dil[0] + 1;
    const effW = (c.kw - 1) * c.dil[1] + 1;
    if (c.pad === 'valid' && (effH > c.h || effW > c.w)) continue;
    cases.push(c);
  }
  return cases;
}

const label = (c: ConvCase) =>
  `x[${c.n},${c.h},${c.w},${c.c}] f[${c.kh},${c.kw},${c.o}] s${c.stride} d${c.dil} ${c.pad}`;

describeNative('native conv2d', () => {
  it('forward matches the stock kernel', async () => {
    for (const [i, c] of convCases(40, 1, true).entries()) {
      const x = randomArray(c.n * c.h * c.w * c.c, 100 + i);
      const w = randomArray(c.kh * c.kw * c.c * c.o, 200 + i);
      const err = await compareBackends(() =>
        tf.conv2d(
          t4(x, [c.n, c.h, c.w, c.c]),
          t4(w, [c.kh, c.kw, c.c, c.o]),
          c.stride,
          c.pad,
          'NHWC',
          c.dil,
        ),
      );
      expect(err, label(c)).toBeLessThan(TOL);
    }
  });

  it('gradients (backprop input and filter) match', async () => {
    for (const [i, c] of convCases(30, 2, false).entries()) {
      const x = randomArray(c.n * c.h * c.w * c.c, 300 + i);
      const w = randomArray(c.kh * c.kw * c.c * c.o, 400 + i);
      const err = await compareBackends(() => {
        const g = tf.grads((xt: tf.Tensor, wt: tf.Tensor) => {
          const y = tf.conv2d(xt as tf.Tensor4D, wt as tf.Tensor4D, c.stride, c.pad);
          return tf.sum(tf.mul(y, tf.sin(y)));
        });
        return g([t4(x, [c.n, c.h, c.w, c.c]), t4(w, [c.kh, c.kw, c.c, c.o])]);
      });
      expect(err, label(c)).toBeLessThan(TOL);
    }
  });

  it('explicit padding and the CNN layer shapes', async () => {
    const shapes: [number[], number[]][] = [
      [
        [3, 28, 28, 1],
        [3, 3, 1, 32],
      ],
      [
        [3, 13, 13, 32],
        [3, 3, 32, 64],
      ],
      [
        [5, 5, 5, 64],
        [3, 3, 64, 64],
      ],
    ];
    for (const [i, [xs, ws]] of shapes.entries()) {
      const x = randomArray(
        xs.reduce((a, b) => a * b),
        500 + i,
      );
      const w = randomArray(
        ws.reduce((a, b) => a * b),
        600 + i,
      );
      const err = await compareBackends(() => {
        const g = tf.grads((xt: tf.Tensor, wt: tf.Tensor) =>
          tf.sum(tf.square(tf.conv2d(xt as tf.Tensor4D, wt as tf.Tensor4D, 1, 'valid'))),
        );
        return g([t4(x, xs), t4(w, ws)]);
      });
      expect(err, `${xs} ${ws}`).toBeLessThan(TOL);
    }
    // one input channel (the grayscale first layer) takes its own im2col path
    const single: [number[], number[], [number, number], [number, number], Pad][] = [
      [[2, 7, 9, 1], [3, 2, 1, 5], [2, 3], [1, 1], 'same'],
      [[1, 8, 5, 1], [2, 3, 1, 4], [1, 1], [2, 1], 'same'],
      [[3, 6, 6, 1], [3, 3, 1, 2], [3, 2], [1, 1], 'valid'],
      [[1, 5, 11, 1], [1, 4, 1, 3], [1, 1], [1, 3], 'valid'],
    ];
    for (const [i, [xs, ws, s, d, pad]] of single.entries()) {
      const xv = randomArray(
        xs.reduce((a, b) => a * b),
        720 + i,
      );
      const wv = randomArray(
        ws.reduce((a, b) => a * b),
        730 + i,
      );
      const err1 = await compareBackends(() => {
        const y = tf.conv2d(t4(xv, xs), t4(wv, ws), s, pad, 'NHWC', d);
        if (d[0] !== 1 || d[1] !== 1) return [y];
        const g = tf.grads((p: tf.Tensor, q: tf.Tensor) =>
          tf.sum(tf.mul(tf.conv2d(p as tf.Tensor4D, q as tf.Tensor4D, s, pad), y)),
        )([t4(xv, xs), t4(wv, ws)]);
        return [y, ...g];
      });
      expect(err1, `${xs} ${ws} s${s} d${d} ${pad}`).toBeLessThan(TOL);
    }
    const x = randomArray(2 * 7 * 6 * 3, 700);
    const w = randomArray(3 * 2 * 3 * 4, 701);
    const pad: [[number, number], [number, number], [number, number], [number, number]] = [
      [0, 0],
      [1, 2],
      [0, 1],
      [0, 0],
    ];
    const err = await compareBackends(() =>
      tf.conv2d(t4(x, [2, 7, 6, 3]), t4(w, [3, 2, 3, 4]), [2, 1], pad),
    );
    expect(err).toBeLessThan(TOL);
  });

  it('fused conv2d with bias and activations, forward and backward', async () => {
    const acts = ['linear', 'relu', 'relu6', 'leakyrelu', 'sigmoid', 'elu', 'prelu'] as const;
    for (const [i, c] of convCases(acts.length * 2, 3, false).entries()) {
      const activation = acts[i % acts.length];
      const x = randomArray(c.n * c.h * c.w * c.c, 800 + i);
      const w = randomArray(c.kh * c.kw * c.c * c.o, 900 + i);
      const b = randomArray(c.o, 1000 + i);
      const alpha = randomArray(c.o, 1100 + i, 0, 0.5);
      const err = await compareBackends(() => {
        const f = (xt: tf.Tensor, wt: tf.Tensor, bt: tf.Tensor) =>
          tf.fused.conv2d({
            x: xt as tf.Tensor4D,
            filter: wt as tf.Tensor4D,
            strides: c.stride,
            pad: c.pad,
            bias: bt,
            activation,
            leakyreluAlpha: 0.15,
            preluActivationWeights: activation === 'prelu' ? tf.tensor1d(alpha) : undefined,
          });
        const inputs = [t4(x, [c.n, c.h, c.w, c.c]), t4(w, [c.kh, c.kw, c.c, c.o]), tf.tensor1d(b)];
        const y = f(inputs[0], inputs[1], inputs[2]);
        const g = tf.grads((xt: tf.Tensor, wt: tf.Tensor, bt: tf.Tensor) =>
          tf.sum(tf.mul(f(xt, wt, bt), tf.cos(y))),
        )(inputs);
        return [y, ...g];
      });
      expect(err, `${activation} ${label(c)}`).toBeLessThan(TOL);
    }
  });
});

describeNative('native matmul', () => {
  it('batched matMul with transposes and broadcasting, forward and backward', async () => {
    const rnd = seededRandom(7);
    const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
    for (let i = 0; i < 40; i++) {
      const m = pick([1, 2, 5, 7, 16, 33, 64]);
      const n = pick([1, 3, 10, 16, 17, 64]);
      const k = pick([1, 4, 9, 31, 64, 300]);
      const ta = rnd() < 0.5;
      const tb = rnd() < 0.5;
      const ba = pick([[], [1], [3], [2, 3]]);
      const bb = ba.length === 0 ? [] : pick([ba, [1], [...ba.slice(0, -1), 1]]);
      const aShape = [...ba, ...(ta ? [k, m] : [m, k])];
      const bShape = [...bb, ...(tb ? [n, k] : [k, n])];
      const a = randomArray(
        aShape.reduce((p, q) => p * q, 1),
        1200 + i,
      );
      const b = randomArray(
        bShape.reduce((p, q) => p * q, 1),
        1300 + i,
      );
      const err = await compareBackends(() => {
        const at = tf.tensor(a, aShape);
        const bt = tf.tensor(b, bShape);
        // The stock kernel gets batch broadcasts on both sides wrong ([2, 3] against [2, 1]):
        // its reference is the product of the operands broadcast to the full batch shape.
        const outer = tf.broadcast_util.assertAndGetBroadcastShape(ba, bb);
        const full = (t: tf.Tensor) => tf.broadcastTo(t, [...outer, ...t.shape.slice(-2)]);
        const y =
          tf.getBackend() === 'cpu' && ba.join() !== bb.join()
            ? tf.matMul(full(at), full(bt), ta, tb)
            : tf.matMul(at, bt, ta, tb);
        // tfjs's own matMul gradient does not reduce broadcast batch axes.
        if (ba.join() !== bb.join()) return [y];
        const g = tf.grads((p: tf.Tensor, q: tf.Tensor) =>
          tf.sum(tf.mul(tf.matMul(p, q, ta, tb), y)),
        )([at, bt]);
        return [y, ...g];
      });
      expect(err, `${aShape} ${bShape} ${ta} ${tb}`).toBeLessThan(TOL);
    }
  });

  it('fused matMul with bias and activations', async () => {
    const acts = ['linear', 'relu', 'relu6', 'leakyrelu', 'sigmoid', 'elu'] as const;
    for (const [i, activation] of acts.entries()) {
      const [m, k, n] = [5 + i, 13, 9 + 2 * i];
      const a = randomArray(m * k, 1400 + i);
      const b = randomArray(k * n, 1500 + i);
      const bias = randomArray(n, 1600 + i);
      const err = await compareBackends(() => {
        const f = (p: tf.Tensor, q: tf.Tensor, r: tf.Tensor) =>
          tf.fused.matMul({ a: p as tf.Tensor2D, b: q as tf.Tensor2D, bias: r, activation });
        const inputs = [tf.tensor2d(a, [m, k]), tf.tensor2d(b, [k, n]), tf.tensor1d(bias)];
        const y = f(inputs[0], inputs[1], inputs[2]);
        const g = tf.grads((p: tf.Tensor, q: tf.Tensor, r: tf.Tensor) =>
          tf.sum(tf.mul(f(p, q, r), y)),
        )(inputs);
        return [y, ...g];
      });
      expect(err, activation).toBeLessThan(TOL);
    }
  });
});

describeNative('native pooling', () => {
  it('maxPool and avgPool, forward and backward, including ties after relu', async () => {
    const rnd = seededRandom(11);
    const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
    for (let i = 0; i < 30; i++) {
      const shape = [
        pick([1, 2, 3]),
        pick([1, 4, 5, 7, 26]),
        pick([2, 3, 6, 11]),
        pick([1, 3, 32]),
      ];
      const f: [number, number] = [pick([1, 2, 3]), pick([1, 2, 3])];
      const s: [number, number] = [pick([1, 2, 3]), pick([1, 2])];
      const pad = pick(['valid', 'same'] as Pad[]);
      if (pad === 'valid' && (f[0] > shape[1] || f[1] > shape[2])) continue;
      const max = rnd() < 0.6;
      const x = randomArray(
        shape.reduce((p, q) => p * q),
        1700 + i,
      );
      const err = await compareBackends(() => {
        const pool = (xt: tf.Tensor) =>
          max
            ? tf.maxPool(tf.relu(xt) as tf.Tensor4D, f, s, pad)
            : tf.avgPool(xt as tf.Tensor4D, f, s, pad);
        const xt = t4(x, shape);
        const y = pool(xt);
        const g = tf.grad((p: tf.Tensor) => tf.sum(tf.mul(pool(p), tf.cos(y))))(xt);
        return [y, g];
      });
      expect(err, `${max ? 'max' : 'avg'} ${shape} f${f} s${s} ${pad}`).toBeLessThan(TOL);
    }
  });
});

describeNative('native element-wise ops', () => {
  const pairs: [number[], number[]][] = [
    [[8, 26, 26, 32], [32]],
    [[7], [7]],
    [
      [3, 1, 5],
      [1, 4, 1],
    ],
    [[2, 3, 4], []],
    [[], [5, 2]],
    [[1], [6, 1]],
    [
      [4, 5, 6],
      [4, 1, 6],
    ],
    [
      [2, 1, 3, 1],
      [2, 5, 1, 7],
    ],
  ];

  it('binary ops with broadcasting', async () => {
    const ops = [tf.add, tf.sub, tf.mul, tf.div];
    for (const [i, [as, bs]] of pairs.entries()) {
      const a = randomArray(
        as.reduce((p, q) => p * q, 1),
        1800 + i,
      );
      const b = randomArray(
        bs.reduce((p, q) => p * q, 1),
        1900 + i,
        0.5,
        2,
      );
      const err = await compareBackends(() => {
        const at = tf.tensor(a, as);
        const bt = tf.tensor(b, bs);
        return ops.flatMap((op) => [
          tf.maximum(at, bt),
          tf.minimum(at, bt),
          tf.squaredDifference(at, bt),
          op(at, bt),
          ...tf.grads((p: tf.Tensor, q: tf.Tensor) => tf.sum(tf.square(op(p, q))))([at, bt]),
        ]);
      });
      expect(err, `${as} ${bs}`).toBeLessThan(TOL);
    }
  });

  it('binary ops on float32 tensors cast from bool and int32 (stored as Uint8Array/Int32Array)', async () => {
    const { fallbackCounts } = await import('./kernels/util.ts');
    const x = randomArray(32 * 40 * 24, 2050);
    const r = randomArray(32 * 40 * 24, 2051, 0, 1);
    const ids = Int32Array.from(randomArray(32 * 40, 2052, 0, 5), Math.floor);
    const before = fallbackCounts.get('Multiply') ?? 0;
    const err = await compareBackends(() => {
      const xt = tf.tensor(x, [32, 40, 24]);
      const mask = tf.cast(tf.greaterEqual(tf.tensor(r, [32, 40, 24]), 0.1), 'float32');
      const pad = tf.cast(tf.tensor(ids, [32, 40, 1], 'int32'), 'float32');
      return [tf.mul(xt, mask), tf.mul(mask, 1.25), tf.mul(xt, pad), tf.add(pad, mask)];
    });
    expect(err).toBeLessThan(TOL);
    expect(fallbackCounts.get('Multiply') ?? 0).toBe(before);
  });

  it('gather (embedding rows, with gradient) and comparisons', async () => {
    const table = randomArray(50 * 12, 2060);
    const ids = Int32Array.from(randomArray(7 * 9, 2061, 0, 50), Math.floor);
    const x = randomArray(6 * 7 * 5, 2062);
    const y = randomArray(6 * 7 * 5, 2063);
    const err = await compareBackends(() => {
      const tt = tf.tensor(table, [50, 12]);
      const it = tf.tensor(ids, [7, 9], 'int32');
      const xt = tf.tensor(x, [6, 7, 5]);
      const yt = tf.tensor(y, [6, 7, 5]);
      return [
        tf.gather(tt, it),
        tf.gather(tf.reshape(tt, [50, 3, 4]), tf.tensor1d([0, 49, 3, 3], 'int32')),
        tf.gather(tt, tf.scalar(5, 'int32')),
        tf.grad((p: tf.Tensor) => tf.sum(tf.square(tf.gather(p, it))))(tt),
        tf.cast(tf.greaterEqual(xt, 0.1), 'float32'),
        tf.cast(tf.greaterEqual(xt, yt), 'float32'),
        tf.cast(tf.greater(xt, yt), 'float32'),
        tf.cast(tf.lessEqual(xt, 0), 'float32'),
        tf.cast(tf.less(xt, tf.tensor1d([0, 0.1, 0.2, 0.3, 0.4])), 'float32'),
        tf.cast(tf.greaterEqual(tf.scalar(0.5), xt), 'float32'),
      ];
    });
    expect(err).toBeLessThan(TOL);
  });

  it('split along every axis (sizes and counts), and concat gradients', async () => {
    const x = randomArray(3 * 5 * 6 * 7, 2072);
    const err = await compareBackends(() => {
      const x4 = tf.tensor(x, [3, 5, 6, 7]);
      const x2 = tf.tensor(x.subarray(0, 42 * 15), [42, 15]);
      const w = [0, 1, 2].map((i) => tf.tensor(x.subarray(i * 20, i * 20 + 20), [4, 5]));
      return [
        ...tf.split(x4, 3, 0),
        ...tf.split(x4, [2, -1, 1], 1),
        ...tf.split(x4, 2, 2),
        ...tf.split(x4, [1, 6], 3),
        ...tf.split(x2, 3, -1),
        ...tf.split(tf.tensor(x.subarray(0, 1), [1, 1]), 1, 1),
        ...tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) =>
          tf.sum(tf.square(tf.concat([a, b, c], 1))),
        )(w),
      ];
    });
    expect(err).toBeLessThan(TOL);
  });

  it('transpose, ranks 1 to 4, with gradient', async () => {
    const x = randomArray(3 * 17 * 4 * 16, 2070);
    const err = await compareBackends(() => {
      const x4 = tf.tensor(x, [3, 17, 4, 16]);
      const x3 = tf.tensor(x, [12, 17, 16]);
      return [
        tf.transpose(x4, [0, 2, 1, 3]),
        tf.transpose(x4, [3, 1, 0, 2]),
        tf.transpose(x4, [2, 3, 0, 1]),
        tf.transpose(x3, [1, 0, 2]),
        tf.transpose(x3, [2, 0, 1]),
        tf.transpose(tf.tensor(x.subarray(0, 35), [5, 7])),
        tf.transpose(tf.tensor(x.subarray(0, 6), [2, 1, 3]), [2, 1, 0]),
        tf.transpose(tf.tensor(x.subarray(0, 9), [9]), [0]),
        tf.grad((p: tf.Tensor) => tf.sum(tf.square(tf.transpose(p, [0, 2, 1, 3]))))(x4),
      ];
    });
    expect(err).toBeLessThan(TOL);
    // Large enough to split over the thread pool: the attention layer's head split and merge.
    const big = randomArray(32 * 128 * 4 * 16, 2071);
    const errBig = await compareBackends(() => {
      const b4 = tf.tensor(big, [32, 128, 4, 16]);
      const b3 = tf.tensor(big, [128, 1024, 2]);
      return [
        tf.transpose(b4, [0, 2, 1, 3]),
        tf.transpose(b4, [3, 0, 2, 1]),
        tf.transpose(b3, [2, 0, 1]),
        tf.transpose(tf.tensor(big, [512, 512])),
      ];
    });
    expect(errBig).toBeLessThan(TOL);
  });

  it('unary ops', async () => {
    const x = randomArray(3 * 50 * 70, 2000, -3, 3);
    const pos = randomArray(3 * 50 * 70, 2001, 0.1, 4);
    const err = await compareBackends(() => {
      const xt = tf.tensor(x, [3, 50, 70]);
      const pt = tf.tensor(pos, [3, 50, 70]);
      return [
        tf.relu(xt),
        tf.relu6(tf.mul(xt, 3)),
        tf.step(xt, 0.3),
        tf.neg(xt),
        tf.square(xt),
        tf.sqrt(pt),
        tf.rsqrt(pt),
        tf.exp(xt),
        tf.log(pt),
        tf.abs(xt),
        tf.sigmoid(xt),
        tf.tanh(xt),
        tf.reciprocal(pt),
        tf.leakyRelu(xt, 0.1),
        tf.elu(xt),
        tf.erf(xt),
        ...tf.grads((p: tf.Tensor) => tf.sum(tf.mul(tf.relu(p), tf.sigmoid(p))))([xt]),
        // GELU (Dense activation 'gelu') and its gradient, through Erf
        ...tf.grads((p: tf.Tensor) =>
          tf.sum(tf.square(tf.layers.activation({ activation: 'gelu' }).apply(p) as tf.Tensor)),
        )([xt]),
        // second order through the fused ReLU gradient
        tf.grad((p: tf.Tensor) =>
          tf.sum(tf.mul(tf.grad((q: tf.Tensor) => tf.sum(tf.square(tf.relu(q))))(p), p)),
        )(xt),
      ];
    });
    expect(err).toBeLessThan(TOL);
  });

  it('sum and mean over axes, softmax', async () => {
    const x = randomArray(4 * 6 * 5 * 3, 2100);
    const err = await compareBackends(() => {
      const xt = tf.tensor(x, [4, 6, 5, 3]);
      return [
        tf.sum(xt),
        tf.sum(xt, [0, 1, 2]),
        tf.sum(xt, 1, true),
        tf.sum(xt, [1, 2]),
        tf.sum(xt, [0, 2]),
        tf.sum(xt, -1),
        tf.mean(xt, [0, 1]),
        tf.mean(xt, 3, true),
        tf.softmax(xt),
        tf.softmax(tf.reshape(xt, [24, 15])),
        tf.grad((p: tf.Tensor) => tf.sum(tf.mul(tf.softmax(p), tf.cos(p))))(xt),
      ];
    });
    expect(err).toBeLessThan(TOL);
    const big = randomArray(64 * 26 * 26 * 32, 2200);
    const errBig = await compareBackends(() => tf.sum(tf.tensor(big, [64, 26, 26, 32]), [0, 1, 2]));
    expect(errBig).toBeLessThan(TOL);
  });

  it('softmax over attention-sized rows: wide logits, masked entries, NaN rows', async () => {
    // [batch·heads, t, t] scores; a quarter of the entries masked with -1e9 as the padding
    // mask does, logits up to ±30, rows of 128 and odd lengths (the vector loop's tail).
    const n = 64 * 128 * 128;
    const x = randomArray(n, 2300, -30, 30);
    for (let i = 0; i < n; i += 4) x[i] = -1e9;
    const err = await compareBackends(() => [
      tf.softmax(tf.tensor(x, [64, 128, 128])),
      tf.softmax(tf.tensor(x.subarray(0, 37 * 131), [37, 131])),
      tf.softmax(tf.tensor(x.subarray(0, 50 * 7), [50, 7])),
    ]);
    expect(err).toBeLessThan(1e-6);
    // The fused gradient (softmax-grad.ts) against tfjs's formula.
    const xs = randomArray(16 * 128 * 128, 2302, -4, 4);
    const w = randomArray(16 * 128 * 128, 2303);
    const errGrad = await compareBackends(() => {
      const xt = tf.tensor(xs, [16, 128, 128]);
      const wt = tf.tensor(w, [16, 128, 128]);
      const small = tf.tensor(xs.subarray(0, 5 * 13), [5, 13]);
      const ws = tf.tensor(w.subarray(0, 5 * 13), [5, 13]);
      const f = (p: tf.Tensor) => tf.sum(tf.mul(tf.softmax(p), wt));
      const g1 = (p: tf.Tensor) => tf.sum(tf.mul(tf.softmax(p), ws));
      return [tf.grad(f)(xt), tf.grad(g1)(small)];
    });
    expect(errGrad).toBeLessThan(1e-5);
    // Relative accuracy on the small probabilities too.
    const vals = randomArray(1000, 2301, -80, 0);
    const [ours] = await runOn('qudao-cpu', () => tf.softmax(tf.tensor(vals, [1, 1000])));
    const [stock] = await runOn('cpu', () => tf.softmax(tf.tensor(vals, [1, 1000])));
    let rel = 0;
    for (let i = 0; i < 1000; i++) {
      const s = stock!.values[i]!;
      if (s > 1e-30) rel = Math.max(rel, Math.abs(ours!.values[i]! - s) / s);
    }
    expect(rel).toBeLessThan(1e-5);
    const withNaN = Float32Array.from([1, Number.NaN, 2, 0, 1, 2]);
    const [nanOut] = await runOn('qudao-cpu', () => tf.softmax(tf.tensor(withNaN, [2, 3])));
    expect(Array.from(nanOut!.values.subarray(0, 3)).every(Number.isNaN)).toBe(true);
    expect(Number.isNaN(nanOut!.values[3]!)).toBe(false);
  });
});
