import {
  type BinaryProbabilityScores,
  type BoostedModel,
  type BoostingOptions,
  columnMeans,
  fitBoosted,
  fitLogistic,
  type LogisticModel,
  predictBoosted,
  predictLogistic,
  scoreBinaryProbabilities,
  substitutionEffects,
} from '@qudao/ml';

/** A fitted binary candidate with its training means (for reasons). */
export type BinaryModel = (LogisticModel | BoostedModel) & { means: number[] };

export interface Rows {
  x: Float64Array;
  y: Float64Array;
}

export function predictBinary(model: BinaryModel, x: Float64Array): Float64Array {
  return model.kind === 'logistic-regression'
    ? predictLogistic(model, x)
    : predictBoosted(model, x);
}

/** The columns that raised one row's probability most, with what each added. */
export function reasonsOf(model: BinaryModel, row: number[], top = 3) {
  return substitutionEffects((x) => predictBinary(model, x), row, model.means, model.columns)
    .filter((r) => r.effect > 0)
    .slice(0, top)
    .map((r) => ({ feature: r.column, value: round(r.value), effect: round(r.effect) }));
}

const round = (v: number) => Math.round(v * 1e4) / 1e4;

const BOOSTING: BoostingOptions = { trees: 120, depth: 3, seed: 7 };

function fit(
  kind: 'logistic-regression' | 'gradient-boosting',
  rows: Rows,
  columns: string[],
  boosting: BoostingOptions = BOOSTING,
) {
  const means = columnMeans(rows.x, columns.length);
  const model =
    kind === 'logistic-regression'
      ? fitLogistic(rows.x, rows.y, columns)
      : fitBoosted(rows.x, rows.y, columns, { seed: 7, ...boosting });
  return { ...model, means } as BinaryModel;
}

function score(model: BinaryModel, rows: Rows): BinaryProbabilityScores {
  return scoreBinaryProbabilities(
    predictBinary(model, rows.x),
    Array.from(rows.y, (v) => v === 1),
  );
}

/** Keeps the columns of `rows` listed in `keep` (indices), e.g. recency alone for the baseline. */
export function selectColumns(rows: Rows, d: number, keep: number[]): Rows {
  const n = rows.y.length;
  const x = new Float64Array(n * keep.length);
  for (let i = 0; i < n; i++)
    keep.forEach((c, j) => {
      x[i * keep.length + j] = rows.x[i * d + c]!;
    });
  return { x, y: rows.y };
}

/**
 * Logistic regression and gradient boosting, and the one-column baseline, fitted on `train` and
 * scored on the later `test` rows. The candidate served is chosen on `validation` (the latest
 * training months, fitted on the earlier ones), never on the test rows it is reported on.
 */
export function compareBinaryCandidates(input: {
  columns: string[];
  early: Rows;
  validation: Rows;
  train: Rows;
  test: Rows;
  /** The column the one-column baseline reads (none: the caller measures its own baseline). */
  baselineColumn?: number;
  /** What the validation rows choose by (default ROC-AUC; log loss where calibration counts). */
  select?: 'rocAuc' | 'logLoss';
  boosting?: BoostingOptions;
}) {
  const d = input.columns.length;
  const kinds = ['logistic-regression', 'gradient-boosting'] as const;
  const select = input.select ?? 'rocAuc';
  const validation = kinds.map((kind) => {
    const s = score(fit(kind, input.early, input.columns, input.boosting), input.validation);
    return select === 'rocAuc' ? (s.rocAuc ?? 0) : -s.logLoss;
  });
  const chosenKind = validation[1]! > validation[0]! ? kinds[1] : kinds[0];
  const fitted = kinds.map((kind) => fit(kind, input.train, input.columns, input.boosting));
  const scores = fitted.map((m) => score(m, input.test));
  let baseline: (BinaryProbabilityScores & { name: string }) | null = null;
  if (input.baselineColumn !== undefined) {
    const column = input.columns[input.baselineColumn]!;
    const model = fit(
      'logistic-regression',
      selectColumns(input.train, d, [input.baselineColumn]),
      [column],
    );
    baseline = {
      name: `${column} alone (logistic regression)`,
      ...score(model, selectColumns(input.test, d, [input.baselineColumn])),
    };
  }
  const chosen = fitted[kinds.indexOf(chosenKind)]!;
  return {
    chosen,
    metrics: {
      chosen: chosenKind,
      /** ROC-AUC, or minus the log loss, of each candidate on the validation months. */
      validation: {
        by: select,
        'logistic-regression': validation[0],
        'gradient-boosting': validation[1],
      },
      test: scores[kinds.indexOf(chosenKind)]!,
      candidates: { 'logistic-regression': scores[0]!, 'gradient-boosting': scores[1]! },
      baseline,
      trainRows: input.train.y.length,
      testRows: input.test.y.length,
    },
  };
}
