// Run in a child process by portable-path.test.ts with QUDAO_SIMD=generic: the portable GEMM
// micro-kernel (what CPUs without AVX2/FMA run) on the shapes the templates use, against the
// stock 'cpu' kernels. Prints one JSON line: {"simd": ..., "worst": max relative error}.
import * as tf from '@tensorflow/tfjs';
import { nativeInfo } from '../index.ts';
import { compareBackends, randomArray } from '../test-utils.ts';

const t = (shape: number[], seed: number) =>
  tf.tensor(
    randomArray(
      shape.reduce((a, b) => a * b, 1),
      seed,
    ),
    shape,
  );

const worst = await compareBackends(() => {
  const x = t([3, 13, 11, 5], 1) as tf.Tensor4D;
  const w = t([3, 3, 5, 7], 2) as tf.Tensor4D;
  const a = t([37, 29], 3) as tf.Tensor2D;
  const b = t([29, 41], 4) as tf.Tensor2D;
  return [
    tf.matMul(a, b),
    tf.matMul(b, a, true, true),
    tf.conv2d(x, w, [2, 1], 'same'),
    ...tf.grads((p: tf.Tensor, q: tf.Tensor) =>
      tf.sum(tf.square(tf.conv2d(p as tf.Tensor4D, q as tf.Tensor4D, 1, 'valid'))),
    )([x, w]),
  ];
});
console.log(JSON.stringify({ simd: nativeInfo()?.simd, worst }));
