import { createRng, shuffleInPlace } from './random.ts';

export interface SplitOptions {
  /** Fraction of rows that go to the test split, e.g. 0.2. */
  testFraction: number;
  /** Fraction of rows that go to the validation split (default 0). */
  validationFraction?: number;
  seed: number;
}

export interface SplitIndices {
  train: number[];
  validation: number[];
  test: number[];
}

/**
 * A seeded, stratified split: each class contributes the same fractions to each split,
 * rounded so the totals match `round(n * fraction)` exactly. Indices within each split are
 * returned in ascending order.
 */
export function stratifiedSplit(labels: ArrayLike<number>, options: SplitOptions): SplitIndices {
  const { testFraction, validationFraction = 0, seed } = options;
  if (!(testFraction >= 0 && validationFraction >= 0 && testFraction + validationFraction < 1)) {
    throw new RangeError('split fractions must be >= 0 and add up to less than 1');
  }
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!;
    const list = byClass.get(label);
    if (list) list.push(i);
    else byClass.set(label, [i]);
  }
  const rng = createRng(seed);
  const classes = [...byClass.keys()].sort((a, b) => a - b);
  const testTarget = Math.round(labels.length * testFraction);
  const validationTarget = Math.round(labels.length * validationFraction);
  // Largest-remainder apportionment so per-class shares sum to the exact targets.
  const testCounts = apportion(
    classes.map((c) => byClass.get(c)!.length),
    testTarget,
  );
  const validationCounts = apportion(
    classes.map((c, i) => byClass.get(c)!.length - testCounts[i]!),
    validationTarget,
  );
  const split: SplitIndices = { train: [], validation: [], test: [] };
  classes.forEach((c, ci) => {
    const rows = byClass.get(c)!;
    shuffleInPlace(rows, rng);
    const nTest = testCounts[ci]!;
    const nValidation = validationCounts[ci]!;
    split.test.push(...rows.slice(0, nTest));
    split.validation.push(...rows.slice(nTest, nTest + nValidation));
    split.train.push(...rows.slice(nTest + nValidation));
  });
  split.train.sort((a, b) => a - b);
  split.validation.sort((a, b) => a - b);
  split.test.sort((a, b) => a - b);
  return split;
}

/** Largest-remainder apportionment of `target` over groups of the given sizes (never above a size). */
export function apportion(sizes: number[], target: number): number[] {
  const total = sizes.reduce((a, b) => a + b, 0);
  if (total === 0) return sizes.map(() => 0);
  const exact = sizes.map((s) => (s * target) / total);
  const counts = exact.map((e) => Math.floor(e));
  let left = target - counts.reduce((a, b) => a + b, 0);
  const order = exact
    .map((e, i) => ({ i, r: e - Math.floor(e) }))
    .sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    if (counts[i]! < sizes[i]!) {
      counts[i]! += 1;
      left--;
    }
  }
  return counts;
}
