/** The type of a column, inferred from a sample of its values. */
export type ColumnType = 'number' | 'boolean' | 'string';

export interface ColumnInfo {
  name: string;
  type: ColumnType;
  /** Distinct values seen in the sample (strings only, capped). */
  distinct: number;
  /** Share of blank values in the sample. */
  blankShare: number;
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const BOOLEAN = /^(?:true|false|yes|no)$/i;

const BLANK = /^\s*(?:na|n\/a|null|nan)?\s*$/i;

/** Blank, or a conventional missing-value marker (NA, N/A, null, NaN). */
export function isBlank(value: string | undefined | null): boolean {
  if (value === undefined || value === null || value === '') return true;
  const c = value.charCodeAt(0);
  // Digits and signs cannot start a blank marker: skip the regular expression for them.
  if ((c >= 48 && c <= 57) || c === 45 || c === 43) return false;
  return value.length <= 8 ? BLANK.test(value) : value.trim() === '';
}

/** Parses a decimal number (or true/false, yes/no as 1/0); NaN when it is not one. */
export function parseNumber(value: string): number {
  const c = value.charCodeAt(0);
  if ((c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46) {
    const x = Number(value);
    if (!Number.isFinite(x)) return Number.NaN;
    // Number() also reads 0x1f, 0o7 and 0b1; a data file means none of them.
    if (c === 48 && value.length > 2) {
      const p = value.charCodeAt(1) | 32;
      if (p === 120 || p === 111 || p === 98) return Number.NaN;
    }
    return x;
  }
  const v = value.trim();
  if (BOOLEAN.test(v)) return /^(?:true|yes)$/i.test(v) ? 1 : 0;
  return NUMBER.test(v) ? Number(v) : Number.NaN;
}

/**
 * Whether the first record is a header: it is when none of its fields is a number while some
 * column holds numbers in the records below, or when its fields are distinct names none of
 * which appears again in that column.
 */
export function detectHeader(first: string[], sample: string[][]): boolean {
  if (sample.length === 0) return first.every((f) => !NUMBER.test(f.trim()));
  const firstHasNumber = first.some((f) => NUMBER.test(f.trim()));
  const numericBelow = first.some((_, j) =>
    sample.some((r) => r[j] !== undefined && NUMBER.test(r[j]!.trim())),
  );
  if (!firstHasNumber && numericBelow) return true;
  if (firstHasNumber) return false;
  const distinct = new Set(first).size === first.length;
  const repeated = first.some((f, j) => sample.some((r) => r[j] === f));
  return distinct && !repeated;
}

/** Infers each column's type from sample rows: number if every non-blank value is one, etc. */
export function inferColumns(names: string[], sample: string[][]): ColumnInfo[] {
  return names.map((name, j) => {
    let blanks = 0;
    let numbers = 0;
    let booleans = 0;
    const distinct = new Set<string>();
    for (const row of sample) {
      const v = row[j];
      if (isBlank(v)) {
        blanks++;
        continue;
      }
      const t = v!.trim();
      if (NUMBER.test(t)) numbers++;
      else if (BOOLEAN.test(t)) booleans++;
      if (distinct.size < 1000) distinct.add(t);
    }
    const filled = sample.length - blanks;
    // A few unparsable values in a numeric column are data errors, not a string column.
    const type: ColumnType =
      filled > 0 && numbers >= filled * 0.75
        ? 'number'
        : filled > 0 && booleans === filled
          ? 'boolean'
          : 'string';
    return {
      name,
      type,
      distinct: distinct.size,
      blankShare: sample.length ? blanks / sample.length : 0,
    };
  });
}

/** Lower-cased, punctuation-free, single-spaced text: equal for near-duplicate texts. */
export function normalizeText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{P}\p{S}]+/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
}
