import {
  binnedShares,
  chiSquareTest,
  jensenShannon,
  ksTest,
  normedWasserstein,
  proportionZTest,
  psi,
} from './stat-tests.ts';

/** How a column's drift is measured. */
export const DRIFT_METHODS = [
  'ks',
  'chisquare',
  'z',
  'wasserstein',
  'jensenshannon',
  'psi',
] as const;
export type DriftMethod = (typeof DRIFT_METHODS)[number];

/** p-value tests drift below their threshold; distances drift at or above it (Evidently's). */
export const DRIFT_THRESHOLDS: Record<DriftMethod, number> = {
  ks: 0.05,
  chisquare: 0.05,
  z: 0.05,
  wasserstein: 0.1,
  jensenshannon: 0.1,
  psi: 0.1,
};

const P_VALUE_METHODS: ReadonlySet<DriftMethod> = new Set(['ks', 'chisquare', 'z']);

/** Above this many reference rows the distances replace the p-value tests (Evidently's rule). */
export const LARGE_REFERENCE = 1000;

export type ColumnKind = 'numeric' | 'categorical';

export type ColumnValues = ArrayLike<number> | readonly string[];

export interface ColumnDrift {
  column: string;
  kind: ColumnKind;
  method: DriftMethod;
  /** The p-value (ks, chisquare, z) or the distance (wasserstein, jensenshannon, psi). */
  score: number;
  threshold: number;
  drifted: boolean;
  referenceRows: number;
  currentRows: number;
}

function distinct(reference: ColumnValues, current: ColumnValues): number {
  const seen = new Set<number | string>();
  for (const values of [reference, current]) {
    for (let i = 0; i < values.length; i++) seen.add(values[i]!);
  }
  return seen.size;
}

/**
 * Evidently's default test for a column: up to 1,000 reference rows, Kolmogorov-Smirnov for
 * numbers and chi-square for categories (z-test for two categories; numbers with at most 5
 * distinct values count as categories); above, the normalised Wasserstein distance for
 * numbers and Jensen-Shannon for categories.
 */
export function defaultDriftMethod(
  kind: ColumnKind,
  reference: ColumnValues,
  current: ColumnValues,
): DriftMethod {
  const values = distinct(reference, current);
  const categorical = kind === 'categorical' || values <= 5;
  if (reference.length <= LARGE_REFERENCE) {
    if (!categorical) return 'ks';
    return values > 2 ? 'chisquare' : 'z';
  }
  return categorical ? 'jensenshannon' : 'wasserstein';
}

function asStrings(values: ColumnValues): string[] {
  return Array.from(values as ArrayLike<number | string>, (v) => String(v));
}

/** Whether `column` drifted from `reference` to `current`, by `method` (default: Evidently's). */
export function columnDrift(
  column: string,
  kind: ColumnKind,
  reference: ColumnValues,
  current: ColumnValues,
  method: DriftMethod = defaultDriftMethod(kind, reference, current),
): ColumnDrift {
  const categorical = kind === 'categorical' || typeof reference[0] === 'string';
  let score: number;
  switch (method) {
    case 'ks':
      score = ksTest(reference as ArrayLike<number>, current as ArrayLike<number>).pValue;
      break;
    case 'wasserstein':
      score = normedWasserstein(reference as ArrayLike<number>, current as ArrayLike<number>);
      break;
    case 'chisquare':
      score = chiSquareTest(asStrings(reference), asStrings(current)).pValue;
      break;
    case 'z':
      score = proportionZTest(asStrings(reference), asStrings(current)).pValue;
      break;
    case 'jensenshannon':
      score = jensenShannon(
        categorical || distinct(reference, current) <= 5
          ? binnedShares(asStrings(reference), asStrings(current))
          : binnedShares(reference, current),
      );
      break;
    case 'psi':
      score = psi(
        categorical
          ? binnedShares(asStrings(reference), asStrings(current))
          : binnedShares(reference, current),
      );
      break;
  }
  const threshold = DRIFT_THRESHOLDS[method];
  return {
    column,
    kind,
    method,
    score,
    threshold,
    drifted: P_VALUE_METHODS.has(method) ? score < threshold : score >= threshold,
    referenceRows: reference.length,
    currentRows: current.length,
  };
}

/** Evidently's data set drift: at least `share` (default half) of the columns drifted. */
export function datasetDrift(columns: readonly ColumnDrift[], share = 0.5) {
  const drifted = columns.filter((c) => c.drifted).map((c) => c.column);
  const fraction = columns.length ? drifted.length / columns.length : 0;
  return {
    drifted: columns.length > 0 && fraction >= share,
    share: fraction,
    driftedColumns: drifted,
  };
}
