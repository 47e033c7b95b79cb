/**
 * Names of losses and optimizers a training run can use: plain constants with no imports, so
 * request schemas (which the console loads in the browser) can list them without pulling in
 * TensorFlow.js. Imported as `@qudao/ml/names`.
 */

/** Losses a training run can use, by their Keras names. */
export const LOSS_NAMES = [
  'categoricalCrossentropy',
  'sparseCategoricalCrossentropy',
  'binaryCrossentropy',
  'meanSquaredError',
  'meanAbsoluteError',
  'huber',
] as const;
export type LossName = (typeof LOSS_NAMES)[number];

export const OPTIMIZER_NAMES = ['sgd', 'adam', 'adamw', 'rmsprop'] as const;
export type OptimizerName = (typeof OPTIMIZER_NAMES)[number];

/** TensorFlow.js backends the platform can run on, fastest first (see runtime/backend.ts). */
export const BACKEND_NAMES = ['tensorflow', 'qudao-cpu', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];
