/** How the learning rate moves during a run. */
export interface ScheduleConfig {
  /** constant, step (×gamma every stepEpochs) or cosine (down to minLearningRate). */
  type: 'constant' | 'step' | 'cosine';
  /** Linear warm-up from ~0 to the base rate over this many epochs first (default 0). */
  warmupEpochs?: number;
  /** step: epochs between decays (default 10). */
  stepEpochs?: number;
  /** step: factor per decay (default 0.1). */
  gamma?: number;
  /** cosine: the rate at the end (default 0). */
  minLearningRate?: number;
}

/**
 * The learning rate at a point of training, `progress` = epochs done so far as a fraction
 * (e.g. 2.5 = halfway through the third epoch), over `epochs` in all. Evaluated every step.
 */
export function learningRateAt(
  base: number,
  schedule: ScheduleConfig | undefined,
  progress: number,
  epochs: number,
): number {
  if (!schedule) return base;
  const warmup = schedule.warmupEpochs ?? 0;
  if (warmup > 0 && progress < warmup) return base * Math.max(progress / warmup, 1e-3);
  switch (schedule.type) {
    case 'constant':
      return base;
    case 'step':
      return base * (schedule.gamma ?? 0.1) ** Math.floor(progress / (schedule.stepEpochs ?? 10));
    case 'cosine': {
      const min = schedule.minLearningRate ?? 0;
      const span = Math.max(epochs - warmup, 1e-9);
      const t = Math.min(Math.max((progress - warmup) / span, 0), 1);
      return min + 0.5 * (base - min) * (1 + Math.cos(Math.PI * t));
    }
  }
}
