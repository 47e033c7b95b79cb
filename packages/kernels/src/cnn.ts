// The reference CNN (the platform's image-classifier template) used by the training test and
// by scripts/bench-train.ts: Conv32-Pool-Conv64-Pool-Conv64-Dense64-Dense10 on 28x28x1.
import * as tf from '@tensorflow/tfjs';

export interface CnnOptions {
  /** Seed for the kernel initializers, so two backends can start from identical weights. */
  seed?: number;
  learningRate?: number;
}

export function createCnn(options: CnnOptions = {}): tf.Sequential {
  const seed = options.seed ?? 42;
  const init = (i: number) => tf.initializers.glorotUniform({ seed: seed + i });
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({
        inputShape: [28, 28, 1],
        filters: 32,
        kernelSize: 3,
        activation: 'relu',
        kernelInitializer: init(0),
      }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({
        filters: 64,
        kernelSize: 3,
        activation: 'relu',
        kernelInitializer: init(1),
      }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({
        filters: 64,
        kernelSize: 3,
        activation: 'relu',
        kernelInitializer: init(2),
      }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 64, activation: 'relu', kernelInitializer: init(3) }),
      tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: init(4) }),
    ],
  });
  model.compile({
    optimizer: tf.train.adam(options.learningRate ?? 0.001),
    loss: 'categoricalCrossentropy',
  });
  return model;
}

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32). */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random batch of 28x28x1 images with one-hot labels. */
export function randomBatch(batch: number, seed: number): { xs: Float32Array; ys: Float32Array } {
  const rnd = seededRandom(seed);
  const xs = new Float32Array(batch * 28 * 28);
  for (let i = 0; i < xs.length; i++) xs[i] = rnd();
  const ys = new Float32Array(batch * 10);
  for (let i = 0; i < batch; i++) ys[i * 10 + Math.floor(rnd() * 10)] = 1;
  return { xs, ys };
}
