import { createRng } from '../data/random.ts';

/** Values to try per config key: a list (grid and random) or a range (random only). */
export type SearchSpace = Record<
  string,
  unknown[] | { min: number; max: number; scale?: 'linear' | 'log'; integer?: boolean }
>;

/** Every combination of the listed values, in a stable order. */
export function gridTrials(space: SearchSpace): Record<string, unknown>[] {
  let trials: Record<string, unknown>[] = [{}];
  for (const [key, values] of Object.entries(space)) {
    if (!Array.isArray(values)) {
      throw new Error(
        `grid search needs a list of values for "${key}"; ranges are for random search`,
      );
    }
    trials = trials.flatMap((t) => values.map((v) => ({ ...t, [key]: v })));
  }
  return trials;
}

/** `count` seeded draws: uniform over lists, uniform or log-uniform over ranges. */
export function randomTrials(
  space: SearchSpace,
  count: number,
  seed: number,
): Record<string, unknown>[] {
  const rng = createRng(seed);
  return Array.from({ length: count }, () => {
    const trial: Record<string, unknown> = {};
    for (const [key, values] of Object.entries(space)) {
      if (Array.isArray(values)) {
        trial[key] = values[Math.floor(rng() * values.length)];
        continue;
      }
      const { min, max, scale, integer } = values;
      let v =
        scale === 'log'
          ? Math.exp(Math.log(min) + rng() * (Math.log(max) - Math.log(min)))
          : min + rng() * (max - min);
      if (integer) v = Math.round(v);
      trial[key] = v;
    }
    return trial;
  });
}

/**
 * Puts a trial's values into a config: "learningRate" sets a top-level key, "options.units"
 * sets a template option.
 */
export function applyTrial<T extends object>(config: T, trial: Record<string, unknown>): T {
  const out = structuredClone(config) as Record<string, unknown>;
  for (const [key, value] of Object.entries(trial)) {
    const [head, ...rest] = key.split('.');
    if (rest.length === 0) out[head!] = value;
    else {
      const inner = { ...((out[head!] as Record<string, unknown>) ?? {}) };
      inner[rest.join('.')] = value;
      out[head!] = inner;
    }
  }
  return out as T;
}
