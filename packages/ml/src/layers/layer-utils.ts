import { dropoutBits } from '@qudao/kernels/portable';
import * as tf from '@tensorflow/tfjs';

/** The base options every TensorFlow.js layer takes (name, inputShape, trainable, …). */
export type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

/** "No mask" as the Layer API means it (null), typed as its declared return type. */
export const NO_MASK = null as unknown as tf.Tensor;

/** Token id 0 is padding in every text model of Qudao. */
export const PAD_ID = 0;

/** Additive attention mask: 0 where a token is real, -1e9 where it is padding. Shape of `ids`. */
export function paddingMask(ids: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.mul(tf.cast(tf.equal(ids, PAD_ID), 'float32'), -1e9));
}

/** 1 where a token is real, 0 where it is padding, as float32 of the shape of `ids`. */
export function tokenPresence(ids: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.cast(tf.notEqual(ids, PAD_ID), 'float32'));
}

/**
 * The dropout seed of a layer's `call`-th training call: a hash of (layer seed, call), so two
 * layers whose seeds are a few apart never walk through the same masks (seed + call would give
 * layer A at step k the mask of layer B at step k + 20).
 */
export function callSeed(seed: number, call: number): number {
  return dropoutBits(seed, call);
}
