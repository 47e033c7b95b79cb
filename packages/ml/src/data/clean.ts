import { FingerprintMap, fingerprint } from './fingerprints.ts';

/** The cleaning rules; each can be switched on or off. */
export const CLEANING_RULES = {
  missing_fields: 'rows with a blank required field (label, text or a feature)',
  unparsable: 'rows with a value that does not parse as its column type',
  out_of_range: 'rows with a value outside the range declared for its column',
  duplicates: 'rows whose input and label repeat an earlier row exactly',
  near_duplicates:
    'rows equal to an earlier one after normalising: texts by case, whitespace, punctuation and full-/half-width; numbers by value',
  conflicting_labels: 'the same input with different labels: every such row is dropped',
  unreadable: 'files that cannot be read or decoded (images, texts)',
  trim_whitespace: 'fix: blanks around values are trimmed (counted as fixed, nothing dropped)',
} as const;

export type CleaningRule = keyof typeof CLEANING_RULES;

export interface CleaningOptions {
  /** Rules to switch off (all are on by default). */
  off?: CleaningRule[];
  /** Examples kept per rule in the report (default 5). */
  examples?: number;
  /** Rows expected, to size the duplicate table once instead of growing it. */
  expectedRows?: number;
}

export interface DroppedRow {
  rule: CleaningRule;
  reason: string;
  /** Where the row came from: source name and 1-based line (or file name). */
  source: string;
  line: number;
  record: unknown;
}

export interface CleaningReport {
  rules: Record<CleaningRule, boolean>;
  inputRows: number;
  keptRows: number;
  droppedRows: number;
  byRule: Record<string, { dropped: number; fixed: number; examples: DroppedRow[] }>;
}

/** A well-formed row as the duplicate and conflict rules see it. */
export interface CleanCandidate {
  /** The row's input (features or text) as one string; equal inputs are the same input. */
  input: string;
  /** Normalised input for near-duplicate detection (texts); default `input`. */
  nearInput?: string;
  /** Class name, a regression target as a string, or null for an unlabelled row. */
  label: string | null;
  /** True for class labels (conflicts apply), false for regression targets. */
  isClass: boolean;
}

/**
 * Streams rows through the cleaning rules. The row builder reports parse problems with
 * `reject`; `check` decides duplicates and conflicts for well-formed rows. When a conflict
 * shows up, the earlier row was already kept: `rowsToRemove` lists those, for the writer to
 * take out at the end, so that every row of a conflicting input is dropped.
 */
export class Cleaner {
  readonly report: CleaningReport;
  private seen: FingerprintMap | undefined;
  private readonly labelIds = new Map<string, number>();
  private readonly removeRows = new Map<number, DroppedRow>();
  private readonly maxExamples: number;
  private readonly expectedRows: number;

  constructor(options: CleaningOptions = {}) {
    const off = new Set(options.off ?? []);
    const rules = Object.fromEntries(
      Object.keys(CLEANING_RULES).map((r) => [r, !off.has(r as CleaningRule)]),
    ) as Record<CleaningRule, boolean>;
    this.maxExamples = options.examples ?? 5;
    this.expectedRows = options.expectedRows ?? 0;
    this.report = {
      rules,
      inputRows: 0,
      keptRows: 0,
      droppedRows: 0,
      byRule: Object.fromEntries(
        Object.keys(CLEANING_RULES).map((r) => [r, { dropped: 0, fixed: 0, examples: [] }]),
      ),
    };
  }

  on(rule: CleaningRule): boolean {
    return this.report.rules[rule];
  }

  /** Counts one input row (call once per row read, kept or not). */
  countInput(): void {
    this.report.inputRows++;
  }

  fixed(rule: CleaningRule, count = 1): void {
    this.report.byRule[rule]!.fixed += count;
  }

  /** Drops a row for `rule`; returns the side-file entry. */
  reject(rule: CleaningRule, reason: string, source: string, line: number, record: unknown) {
    const dropped: DroppedRow = { rule, reason, source, line, record };
    const entry = this.report.byRule[rule]!;
    entry.dropped++;
    if (entry.examples.length < this.maxExamples) entry.examples.push(dropped);
    this.report.droppedRows++;
    return dropped;
  }

  /**
   * Decides a well-formed row that would become kept row number `keptIndex`. Returns the
   * side-file entry when it is dropped, or null when it is kept.
   */
  check(
    row: CleanCandidate,
    keptIndex: number,
    source: string,
    line: number,
    recordOf: () => unknown,
  ): DroppedRow | null {
    const dupOn = this.on('duplicates');
    const nearOn = this.on('near_duplicates') && row.nearInput !== undefined;
    const conflictOn = this.on('conflicting_labels') && row.isClass && row.label !== null;
    if (!dupOn && !nearOn && !conflictOn) return this.keep();
    const keyText = nearOn ? row.nearInput! : row.input;
    // Conflicts are about the input alone; duplicates about input and label.
    const key = fingerprint(conflictOn || !row.isClass ? keyText : `${keyText}\u0000${row.label}`);
    const exact = fingerprint(row.isClass ? row.input : `${row.input}\u0000${row.label}`)[1];
    const label = this.labelId(row.label);
    // Tags (exact-text hashes) are only needed to tell duplicates from near duplicates.
    this.seen ??= new FingerprintMap(
      nearOn,
      Math.max(4096, Math.ceil((this.expectedRows * 4) / 3) + 1),
    );
    const seen = this.seen;
    const slot = seen.find(key);
    if (slot < 0) {
      seen.set(key, keptIndex, label, exact);
      return this.keep();
    }
    const first = seen.get(slot);
    if (first.label === CONFLICTED) {
      return this.reject(
        'conflicting_labels',
        'its input already had conflicting labels',
        source,
        line,
        recordOf(),
      );
    }
    const sameLabel = first.label === label || !row.isClass;
    if (!sameLabel && conflictOn) {
      seen.set(key, first.row, CONFLICTED, first.tag);
      if (first.row >= 0) {
        const earlier = this.reject(
          'conflicting_labels',
          `labelled differently by a later row (line ${line}, label "${row.label}")`,
          '',
          -1,
          null,
        );
        this.removeRows.set(first.row, earlier);
        this.report.keptRows--;
      }
      return this.reject(
        'conflicting_labels',
        `same input as an earlier row with another label`,
        source,
        line,
        recordOf(),
      );
    }
    if (sameLabel && (!nearOn || first.tag === exact) && (dupOn || nearOn)) {
      if (dupOn)
        return this.reject(
          'duplicates',
          `repeats kept row ${first.row + 1}`,
          source,
          line,
          recordOf(),
        );
    } else if (sameLabel && nearOn) {
      return this.reject(
        'near_duplicates',
        `near duplicate of kept row ${first.row + 1}`,
        source,
        line,
        recordOf(),
      );
    }
    return this.keep();
  }

  private keep(): null {
    this.report.keptRows++;
    return null;
  }

  private labelId(label: string | null): number {
    if (label === null) return NO_LABEL;
    let id = this.labelIds.get(label);
    if (id === undefined) {
      // One id per class: ids wrapping around (they once did, modulo 250) make classes collide.
      id = this.labelIds.size;
      this.labelIds.set(label, id);
    }
    return id;
  }

  /**
   * Kept rows that a later conflict took back, with their side-file entries (the caller fills
   * in source, line and record from what it stored).
   */
  rowsToRemove(): Map<number, DroppedRow> {
    return this.removeRows;
  }
}

/** Label markers of the fingerprint map, above every class id (ids are below MAX_CLASSES). */
const CONFLICTED = 0xffff_ffff;
const NO_LABEL = 0xffff_fffe;
