import { createRng } from './random.ts';
import { apportion } from './split.ts';

/** Split code of each row, as stored in a dataset version's split.u8. */
export const SPLIT_CODES = { train: 0, test: 1, validation: 2 } as const;

export interface SplitCodeOptions {
  testFraction: number;
  validationFraction?: number;
  seed: number;
}

/**
 * A seeded split as one code per row (0 train, 1 test, 2 validation), in O(rows) bytes so it
 * works for data sets larger than memory allows as index arrays. With labels it is stratified:
 * each class gives exactly its apportioned share, chosen by selection sampling (Knuth's
 * Algorithm S) in one pass; without labels (regression) the whole set is one stratum.
 */
export function splitCodes(
  rowCount: number,
  labels: ArrayLike<number> | undefined,
  options: SplitCodeOptions,
): Uint8Array {
  const { testFraction, validationFraction = 0, seed } = options;
  if (!(testFraction >= 0 && validationFraction >= 0 && testFraction + validationFraction < 1)) {
    throw new RangeError('split fractions must be >= 0 and add up to less than 1');
  }
  const strata = labels ? maxOf(labels) + 1 : 1;
  const sizes = new Float64Array(strata);
  for (let i = 0; i < rowCount; i++) sizes[labels ? labels[i]! : 0]! += 1;
  const sizeList = Array.from(sizes);
  const testCounts = apportion(sizeList, Math.round(rowCount * testFraction));
  const validationCounts = apportion(
    sizeList.map((s, i) => s - testCounts[i]!),
    Math.round(rowCount * validationFraction),
  );
  const rng = createRng(seed);
  const seen = new Float64Array(strata);
  const testLeft = Float64Array.from(testCounts);
  const validationLeft = Float64Array.from(validationCounts);
  const codes = new Uint8Array(rowCount);
  for (let i = 0; i < rowCount; i++) {
    const s = labels ? labels[i]! : 0;
    const remaining = sizes[s]! - seen[s]!;
    seen[s]! += 1;
    const u = rng() * remaining;
    if (u < testLeft[s]!) {
      codes[i] = 1;
      testLeft[s]! -= 1;
    } else if (u < testLeft[s]! + validationLeft[s]!) {
      codes[i] = 2;
      validationLeft[s]! -= 1;
    }
  }
  return codes;
}

/**
 * Seeded k-fold cross-validation: fold number (0..k-1) of each row, stratified by class when
 * labels are given, so each fold holds the same class shares (within one row).
 */
export function kFoldAssignments(
  rowCount: number,
  labels: ArrayLike<number> | undefined,
  k: number,
  seed: number,
): Uint8Array {
  if (!Number.isInteger(k) || k < 2 || k > 255 || k > rowCount) {
    throw new RangeError(`k must be an integer from 2 to min(255, rows); got ${k}`);
  }
  const rng = createRng(seed);
  const strata = labels ? maxOf(labels) + 1 : 1;
  const byStratum: number[][] = Array.from({ length: strata }, () => []);
  for (let i = 0; i < rowCount; i++) byStratum[labels ? labels[i]! : 0]!.push(i);
  const folds = new Uint8Array(rowCount);
  let offset = 0;
  for (const rows of byStratum) {
    for (let i = rows.length - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [rows[i], rows[j]] = [rows[j]!, rows[i]!];
    }
    // Continue the round-robin across classes so small classes do not all land in fold 0.
    rows.forEach((row, i) => {
      folds[row] = (offset + i) % k;
    });
    offset = (offset + rows.length) % k;
  }
  return folds;
}

/** Train and validation row indices of fold `fold`. */
export function kFoldIndices(folds: Uint8Array, fold: number) {
  const train: number[] = [];
  const validation: number[] = [];
  for (let i = 0; i < folds.length; i++) (folds[i] === fold ? validation : train).push(i);
  return { train, validation };
}

function maxOf(values: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < values.length; i++) if (values[i]! > max) max = values[i]!;
  return max;
}
