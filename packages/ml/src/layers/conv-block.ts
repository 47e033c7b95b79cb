// A convolution block as one op: Conv2D + bias + activation (linear or ReLU) + an optional max
// pool. On a backend with the fused kernel ('qudao-cpu') that is one native call forward and
// one backward, which never stores the convolution's output; elsewhere the same maths is
// composed from stock ops. tfjs-core's own fusion (tf.fused.conv2d) does not help here: it
// declines to fuse while a gradient is recorded, so training ran Conv2D, Add, Relu, MaxPool
// and four backward kernels per block.
import { FUSED_KERNELS as K } from '@qudao/kernels/portable';
import * as tf from '@tensorflow/tfjs';
import type { NamedAttrMap, NamedTensorMap } from '@tensorflow/tfjs-core';
import { hasFusedKernel } from './fused-ops.ts';

/** The max pool after a block's activation. */
export interface BlockPool {
  poolSize: [number, number];
  strides: [number, number];
  padding: 'valid' | 'same';
}

/** The geometry and activation of a block (a Conv2D layer's settings). */
export interface ConvBlockOptions {
  strides: [number, number];
  padding: 'valid' | 'same';
  dilationRate: [number, number];
  activation: 'linear' | 'relu';
  pool: BlockPool | null;
  /**
   * False when the block's input is data, never differentiated (a model's first layer): the
   * backward pass then skips the input gradient. Asking for it anyway still works.
   */
  inputGradient?: boolean;
}

/**
 * maxPool?(activation(conv2d(x, kernel) + bias)) in NHWC: x [batch, height, width, channels],
 * kernel [kh, kw, channels, filters], bias [filters] or null.
 */
export function convBlock(
  x: tf.Tensor4D,
  kernel: tf.Tensor4D,
  bias: tf.Tensor1D | null,
  options: ConvBlockOptions,
): tf.Tensor4D {
  const { strides, padding, dilationRate, activation, pool } = options;
  if (x.dtype === 'float32' && kernel.dtype === 'float32' && hasFusedKernel(K.convBlock)) {
    const attrs: NamedAttrMap = {
      strides,
      pad: padding,
      dilations: dilationRate,
      activation,
      ...(pool
        ? { poolSize: pool.poolSize, poolStrides: pool.strides, poolPad: pool.padding }
        : {}),
      // The mask only while a gradient is recorded (inference needs none).
      withMask: tf.engine().state.gradientDepth > 0,
      inputGradient: options.inputGradient !== false,
    };
    const inputs = bias ? { x, filter: kernel, bias } : { x, filter: kernel };
    const [y, mask] = tf
      .engine()
      .runKernel(K.convBlock, inputs as unknown as NamedTensorMap, attrs) as tf.Tensor[];
    // The backward pass holds its own reference to the mask (tfjs saves a clone).
    mask!.dispose();
    return y as tf.Tensor4D;
  }
  return tf.tidy(() => {
    let y: tf.Tensor4D = tf.conv2d(x, kernel, strides, padding, 'NHWC', dilationRate);
    if (bias) y = tf.add(y, bias);
    if (activation === 'relu') y = tf.relu(y);
    if (pool) y = tf.maxPool(y, pool.poolSize, pool.strides, pool.padding);
    return y;
  });
}
