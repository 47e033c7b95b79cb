import * as tf from '@tensorflow/tfjs';

export const OPTIMIZER_NAMES = ['sgd', 'adam', 'adamw', 'rmsprop'] as const;
export type OptimizerName = (typeof OPTIMIZER_NAMES)[number];

/** Settings of a training run's optimizer. */
export interface OptimizerConfig {
  name: OptimizerName;
  learningRate: number;
  /** SGD and RMSProp momentum (default 0: plain SGD). */
  momentum?: number;
  /** SGD: Nesterov momentum (default false). */
  nesterov?: boolean;
  /** Adam, AdamW (defaults 0.9, 0.999). */
  beta1?: number;
  beta2?: number;
  /** RMSProp decay of the squared-gradient average (default 0.9). */
  rho?: number;
  /** AdamW decoupled weight decay (default 0.01). */
  weightDecay?: number;
}

/**
 * Adam with decoupled weight decay (Loshchilov & Hutter 2019): after each Adam step every
 * weight shrinks by `learningRate · weightDecay · w`, independently of the gradient.
 */
export class AdamWOptimizer extends tf.AdamOptimizer {
  static override get className() {
    return 'QudaoAdamW';
  }

  constructor(
    learningRate: number,
    beta1: number,
    beta2: number,
    readonly weightDecay: number,
  ) {
    super(learningRate, beta1, beta2);
  }

  override applyGradients(
    variableGradients: Parameters<tf.AdamOptimizer['applyGradients']>[0],
  ): void {
    const names = Array.isArray(variableGradients)
      ? variableGradients.map((v) => v.name)
      : Object.keys(variableGradients);
    const rate = this.learningRate * this.weightDecay;
    // The decay is taken from the weights before the Adam step: w ← w − lr·adam(g) − lr·wd·w.
    const decays = names.map((name) => {
      const variable = tf.engine().registeredVariables[name]!;
      return { variable, decay: tf.tidy(() => tf.mul(variable, rate)) };
    });
    super.applyGradients(variableGradients);
    for (const { variable, decay } of decays) {
      tf.tidy(() => variable.assign(tf.sub(variable, decay)));
      decay.dispose();
    }
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), weightDecay: this.weightDecay };
  }
}
tf.serialization.registerClass(AdamWOptimizer);

/** Creates the optimizer of a run; unset settings take the usual defaults. */
export function createOptimizer(config: OptimizerConfig): tf.Optimizer {
  const lr = config.learningRate;
  switch (config.name) {
    case 'sgd':
      return config.momentum
        ? tf.train.momentum(lr, config.momentum, config.nesterov ?? false)
        : tf.train.sgd(lr);
    case 'adam':
      return tf.train.adam(lr, config.beta1 ?? 0.9, config.beta2 ?? 0.999);
    case 'adamw':
      return new AdamWOptimizer(
        lr,
        config.beta1 ?? 0.9,
        config.beta2 ?? 0.999,
        config.weightDecay ?? 0.01,
      );
    case 'rmsprop':
      return tf.train.rmsprop(lr, config.rho ?? 0.9, config.momentum ?? 0);
  }
}

/**
 * Changes the learning rate of a live optimizer (schedules call it every step). SGD and
 * momentum cache it as a tensor and have a setter; the others read the field on each step.
 */
export function setLearningRate(optimizer: tf.Optimizer, learningRate: number): void {
  // Not `instanceof`: tfjs optimizers answer it by duck typing (Adam "is" an SGDOptimizer).
  const live = optimizer as unknown as {
    learningRate: number;
    setLearningRate?: (lr: number) => void;
  };
  if (typeof live.setLearningRate === 'function') live.setLearningRate(learningRate);
  else live.learningRate = learningRate;
}

/** Why this optimizer config cannot train, or null. Catches NaN and non-positive rates. */
export function optimizerMismatch(config: OptimizerConfig): string | null {
  if (!(OPTIMIZER_NAMES as readonly string[]).includes(config.name)) {
    return `unknown optimizer "${config.name}"; optimizers: ${OPTIMIZER_NAMES.join(', ')}`;
  }
  if (!Number.isFinite(config.learningRate) || config.learningRate <= 0) {
    return `the learning rate must be a finite number above 0; got ${config.learningRate}`;
  }
  for (const key of ['momentum', 'beta1', 'beta2', 'rho'] as const) {
    const v = config[key];
    if (v !== undefined && !(Number.isFinite(v) && v >= 0 && v < 1)) {
      return `${key} must be in [0, 1); got ${v}`;
    }
  }
  if (
    config.weightDecay !== undefined &&
    !(Number.isFinite(config.weightDecay) && config.weightDecay >= 0)
  ) {
    return `weightDecay must be 0 or more; got ${config.weightDecay}`;
  }
  return null;
}
