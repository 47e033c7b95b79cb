import {
  type BinaryProbabilityScores,
  type BoostedModel,
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

function fit(kind: 'logistic-regression' | 'gradient-boosting', rows: Rows, columns: string[]) {
  const means = columnMeans(rows.x, columns.length);
  const model =
    kind === 'logistic-regression'
      ? fitLogistic(rows.x, rows.y, columns)
      : fitBoosted(rows.x, rows.y, columns, { trees: 120, depth: 3, seed: 7 });
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
  baselineColumn: number;
}) {
  const d = input.columns.length;
  const kinds = ['logistic-regression', 'gradient-boosting'] as const;
  const validationAuc = kinds.map(
    (kind) => score(fit(kind, input.early, input.columns), input.validation).rocAuc ?? 0,
  );
  const chosenKind = validationAuc[1]! > validationAuc[0]! ? kinds[1] : kinds[0];
  const fitted = kinds.map((kind) => fit(kind, input.train, input.columns));
  const scores = fitted.map((m) => score(m, input.test));
  const baselineColumns = [input.columns[input.baselineColumn]!];
  const baseline = fit(
    'logistic-regression',
    selectColumns(input.train, d, [input.baselineColumn]),
    baselineColumns,
  );
  const baselineScores = score(baseline, selectColumns(input.test, d, [input.baselineColumn]));
  const chosen = fitted[kinds.indexOf(chosenKind)]!;
  return {
    chosen,
    metrics: {
      chosen: chosenKind,
      validationRocAuc: {
        'logistic-regression': validationAuc[0],
        'gradient-boosting': validationAuc[1],
      },
      test: scores[kinds.indexOf(chosenKind)]!,
      candidates: { 'logistic-regression': scores[0]!, 'gradient-boosting': scores[1]! },
      baseline: { name: `${baselineColumns[0]} alone (logistic regression)`, ...baselineScores },
      trainRows: input.train.y.length,
      testRows: input.test.y.length,
    },
  };
}
