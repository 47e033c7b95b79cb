import * as tf from '@tensorflow/tfjs';
import { OPTIMIZER_NAMES, type OptimizerName } from '../names.ts';

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

/** What `FusedAdamOptimizer` needs from the 'qudao-cpu' backend (packages/kernels/src/adam.ts). */
interface FusedAdamBackend {
  adamUpdate(
    variable: tf.Variable,
    m: tf.Variable,
    v: tf.Variable,
    grad: tf.Tensor,
    step: {
      learningRate: number;
      beta1: number;
      beta2: number;
      c1: number;
      c2: number;
      epsilon: number;
    },
  ): boolean;
}

/** The backend's fused Adam step, when the active backend has one ('qudao-cpu'). */
function fusedAdamBackend(): FusedAdamBackend | null {
  const backend = tf.backend() as unknown as Partial<FusedAdamBackend>;
  return typeof backend.adamUpdate === 'function' ? (backend as FusedAdamBackend) : null;
}

/** tf.AdamOptimizer's private state, read and kept exactly as its own applyGradients does. */
interface AdamState {
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: ({ originalName: string; variable: tf.Variable } | undefined)[];
  accumulatedSecondMoment: ({ originalName: string; variable: tf.Variable } | undefined)[];
}

/**
 * tf.train.adam with one fused native kernel per variable on 'qudao-cpu' (moments and weight
 * updated in place), and tfjs's own step on every other backend. Same results as tf's Adam
 * (float32, same operation order), same class name ('Adam'), config, weights and checkpoints.
 */
export class FusedAdamOptimizer extends tf.AdamOptimizer {
  override applyGradients(
    variableGradients: Parameters<tf.AdamOptimizer['applyGradients']>[0],
  ): void {
    const backend = fusedAdamBackend();
    if (!backend) {
      super.applyGradients(variableGradients);
      return;
    }
    const state = this as unknown as AdamState;
    const names = Array.isArray(variableGradients)
      ? variableGradients.map((v) => v.name)
      : Object.keys(variableGradients);
    // 1 - beta^t in float32, as tfjs's sub(1, accBeta) gives it.
    const c1 = Math.fround(1 - state.accBeta1.dataSync()[0]!);
    const c2 = Math.fround(1 - state.accBeta2.dataSync()[0]!);
    const step = {
      learningRate: this.learningRate,
      beta1: this.beta1,
      beta2: this.beta2,
      c1,
      c2,
      epsilon: this.epsilon,
    };
    names.forEach((name, i) => {
      const value = tf.engine().registeredVariables[name]!;
      if (state.accumulatedFirstMoment[i] == null) {
        state.accumulatedFirstMoment[i] = {
          originalName: `${name}/m`,
          variable: tf.tidy(() => tf.zerosLike(value).variable(false)),
        };
      }
      if (state.accumulatedSecondMoment[i] == null) {
        state.accumulatedSecondMoment[i] = {
          originalName: `${name}/v`,
          variable: tf.tidy(() => tf.zerosLike(value).variable(false)),
        };
      }
      const gradient = Array.isArray(variableGradients)
        ? variableGradients[i]!.tensor
        : variableGradients[name];
      if (gradient == null) return;
      const m = state.accumulatedFirstMoment[i]!.variable;
      const v = state.accumulatedSecondMoment[i]!.variable;
      if (backend.adamUpdate(value, m, v, gradient, step)) return;
      // Declined (another dtype, ...): tfjs's own formula for this variable.
      tf.tidy(() => {
        const newM = tf.add(tf.mul(m, this.beta1), tf.mul(gradient, 1 - this.beta1));
        const newV = tf.add(tf.mul(v, this.beta2), tf.mul(tf.square(gradient), 1 - this.beta2));
        const mHat = tf.div(newM, c1);
        const vHat = tf.div(newV, c2);
        m.assign(newM);
        v.assign(newV);
        value.assign(
          tf.add(
            tf.mul(tf.div(mHat, tf.add(tf.sqrt(vHat), this.epsilon)), -this.learningRate),
            value,
          ),
        );
      });
    });
    tf.tidy(() => {
      state.accBeta1.assign(tf.mul(state.accBeta1, this.beta1));
      state.accBeta2.assign(tf.mul(state.accBeta2, this.beta2));
    });
    this.incrementIterations();
  }
}

/**
 * Adam with decoupled weight decay (Loshchilov & Hutter 2019): after each Adam step every
 * weight shrinks by `learningRate · weightDecay · w`, independently of the gradient.
 */
export class AdamWOptimizer extends FusedAdamOptimizer {
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
      return new FusedAdamOptimizer(lr, config.beta1 ?? 0.9, config.beta2 ?? 0.999);
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
