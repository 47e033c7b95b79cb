import { MlError } from '../errors.ts';
import type { CleanCandidate, Cleaner, DroppedRow } from './clean.ts';
import { type ColumnInfo, isBlank, normalizeText, parseNumber } from './columns.ts';
import type { CellValue } from './table-source.ts';

/** How the columns of a table become a dataset: which is the label, the text, the features. */
export interface TablePlan {
  kind: 'tabular' | 'text';
  task: 'classification' | 'regression';
  label: string;
  /** Text column (kind 'text'). */
  text?: string;
  /** Feature columns in order (kind 'tabular'). */
  features: string[];
  /** Columns present but not used, with why. */
  ignored: { column: string; why: string }[];
  /** Allowed [min, max] per feature column (the out_of_range rule). */
  ranges: Record<string, [number, number]>;
  /** Keep rows with a blank label as unlabelled (for the labeling queue) instead of dropping them. */
  keepUnlabeled: boolean;
}

export interface PlanRequest {
  label?: string;
  text?: string;
  features?: string[];
  task?: 'classification' | 'regression';
  ranges?: Record<string, [number, number]>;
  keepUnlabeled?: boolean;
}

const LABEL_NAMES = ['label', 'class', 'target', 'y', 'category', 'species'];

/**
 * Chooses how to read a table: the label is the named column, or one called label/class/…, or
 * the last; a request with `text` (or a table whose only non-label column is a long string) is
 * a text dataset; otherwise every numeric or boolean column is a feature.
 */
export function planTable(columns: ColumnInfo[], request: PlanRequest = {}): TablePlan {
  const byName = new Map(columns.map((c) => [c.name, c]));
  const need = (name: string, what: string) => {
    if (!byName.has(name)) {
      throw new MlError(
        'bad_mapping',
        `no ${what} column "${name}"; columns: ${columns.map((c) => c.name).join(', ')}`,
      );
    }
    return byName.get(name)!;
  };
  const labelName =
    request.label ??
    columns.find((c) => LABEL_NAMES.includes(c.name.toLowerCase()))?.name ??
    columns[columns.length - 1]!.name;
  const label = need(labelName, 'label');
  const others = columns.filter((c) => c.name !== labelName);
  let text = request.text ? need(request.text, 'text').name : undefined;
  if (!text && !request.features && others.length === 1 && others[0]!.type === 'string') {
    text = others[0]!.name;
  }
  const task =
    request.task ??
    (text || label.type !== 'number' || label.distinct <= 20 ? 'classification' : 'regression');
  if (text) {
    return {
      kind: 'text',
      task: 'classification',
      label: labelName,
      text,
      features: [],
      ignored: others
        .filter((c) => c.name !== text)
        .map((c) => ({ column: c.name, why: 'not the text column' })),
      ranges: {},
      keepUnlabeled: request.keepUnlabeled ?? false,
    };
  }
  const features = request.features
    ? request.features.map((f) => need(f, 'feature').name)
    : others.filter((c) => c.type !== 'string').map((c) => c.name);
  if (features.length === 0) {
    throw new MlError(
      'bad_mapping',
      `no numeric feature columns besides the label "${labelName}"; name a text column (--text) or the features`,
    );
  }
  return {
    kind: 'tabular',
    task,
    label: labelName,
    features,
    ignored: others
      .filter((c) => !features.includes(c.name))
      .map((c) => ({
        column: c.name,
        why: c.type === 'string' ? 'text values in a table (not a number)' : 'not selected',
      })),
    ranges: request.ranges ?? {},
    keepUnlabeled: request.keepUnlabeled ?? false,
  };
}

/** A table row ready for a version writer. */
export interface PlannedRow {
  features?: number[];
  text?: string;
  label?: string | null;
  target?: number;
}

/** Column positions of a plan in a row of fields named `names`. */
export interface PlanBinding {
  names: string[];
  label: number;
  text: number;
  features: number[];
  /** Allowed range per feature position, when any is declared. */
  ranges?: ([number, number] | undefined)[];
}

export function bindPlan(plan: TablePlan, names: string[]): PlanBinding {
  const at = (name: string) => {
    const i = names.indexOf(name);
    if (i < 0)
      throw new MlError('bad_mapping', `no column "${name}"; columns: ${names.join(', ')}`);
    return i;
  };
  return {
    names,
    label: at(plan.label),
    text: plan.text ? at(plan.text) : -1,
    features: plan.features.map(at),
    ...(Object.keys(plan.ranges).length
      ? { ranges: plan.features.map((f) => plan.ranges[f]) }
      : {}),
  };
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 0xa0 || c === 0x3000;
}

function cell(value: CellValue | undefined, cleaner: Cleaner): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string') return String(value);
  if (isBlank(value)) return null;
  if (!isSpace(value.charCodeAt(0)) && !isSpace(value.charCodeAt(value.length - 1))) return value;
  if (!cleaner.on('trim_whitespace')) return value;
  cleaner.fixed('trim_whitespace');
  return value.trim();
}

/**
 * Applies the plan and the cleaning rules to one record: returns the row to keep, or the
 * side-file entry of a dropped row. `keptIndex` is the index the row gets if kept.
 */
export function planRow(
  plan: TablePlan,
  binding: PlanBinding,
  fields: CellValue[],
  cleaner: Cleaner,
  where: { source: string; line: number; keptIndex: number },
): { row: PlannedRow } | { dropped: DroppedRow } {
  const drop = (rule: Parameters<Cleaner['reject']>[0], reason: string) => ({
    dropped: cleaner.reject(
      rule,
      reason,
      where.source,
      where.line,
      Object.fromEntries(binding.names.map((n, i) => [n, fields[i] ?? null])),
    ),
  });
  const rawLabel = cell(fields[binding.label], cleaner);
  if (rawLabel === null && !plan.keepUnlabeled && cleaner.on('missing_fields')) {
    return drop('missing_fields', `blank label "${plan.label}"`);
  }
  const row: PlannedRow = {};
  if (plan.task === 'regression') {
    const target = rawLabel === null ? Number.NaN : parseNumber(rawLabel);
    if (Number.isNaN(target)) {
      if (rawLabel === null) return drop('missing_fields', `blank target "${plan.label}"`);
      return drop('unparsable', `target "${plan.label}" is "${rawLabel}", not a number`);
    }
    row.target = target;
  } else {
    row.label = rawLabel;
  }
  let candidate: CleanCandidate;
  if (plan.kind === 'text') {
    const text = cell(fields[binding.text], cleaner);
    if (text === null && cleaner.on('missing_fields')) {
      return drop('missing_fields', `blank text "${plan.text}"`);
    }
    row.text = text ?? '';
    candidate = {
      input: row.text,
      nearInput: cleaner.on('near_duplicates') ? normalizeText(row.text) : undefined,
      label: row.label ?? null,
      isClass: true,
    };
  } else {
    const n = binding.features.length;
    const features: number[] = new Array(n);
    const ranges = binding.ranges;
    let key = '';
    for (let k = 0; k < n; k++) {
      const raw = cell(fields[binding.features[k]!], cleaner);
      const v = raw === null ? Number.NaN : parseNumber(raw);
      if (Number.isNaN(v)) {
        const name = plan.features[k]!;
        if (raw === null && cleaner.on('missing_fields')) {
          return drop('missing_fields', `blank "${name}"`);
        }
        if (raw !== null && cleaner.on('unparsable')) {
          return drop('unparsable', `"${name}" is "${raw}", not a number`);
        }
      } else if (ranges) {
        const range = ranges[k];
        if (range && (v < range[0] || v > range[1]) && cleaner.on('out_of_range')) {
          return drop(
            'out_of_range',
            `"${plan.features[k]}" is ${v}, outside [${range[0]}, ${range[1]}]`,
          );
        }
      }
      features[k] = v;
      // The raw text is the duplicate key: cheaper than formatting the numbers again.
      key += k === 0 ? (raw ?? '') : `,${raw ?? ''}`;
    }
    row.features = features;
    candidate = {
      input: key,
      // Values equal as numbers ("1.0", " 1", "+1") make the same near-duplicate key.
      nearInput: cleaner.on('near_duplicates') ? features.join(',') : undefined,
      label: plan.task === 'regression' ? String(row.target) : (row.label ?? null),
      isClass: plan.task === 'classification',
    };
  }
  const dropped = cleaner.check(candidate, where.keptIndex, where.source, where.line, () =>
    Object.fromEntries(binding.names.map((n, i) => [n, fields[i] ?? null])),
  );
  return dropped ? { dropped } : { row };
}
