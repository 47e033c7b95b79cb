/** Sorting and filtering of the shared table's rows (`data-table.tsx`), without React. */

/** A value a column sorts and filters on: text, a number, or nothing (sorted last). */
export type SortValue = string | number | null | undefined;

/** The parts of a column that sorting and filtering read. */
export interface RowColumn<T> {
  id: string;
  value?: (row: T) => SortValue;
  text?: (row: T) => string;
}

export type SortState = { column: string; direction: 'ascending' | 'descending' } | null;

/** Compares two sort values: numbers by value, text in the console's language, nothing last. */
export function compareValues(a: SortValue, b: SortValue, collator: Intl.Collator): number {
  const emptyA = a === null || a === undefined || (typeof a === 'number' && Number.isNaN(a));
  const emptyB = b === null || b === undefined || (typeof b === 'number' && Number.isNaN(b));
  if (emptyA || emptyB) return emptyA === emptyB ? 0 : emptyA ? 1 : -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return collator.compare(String(a), String(b));
}

/**
 * The rows a table shows: those whose sortable columns contain `filter` (any case), in the
 * order of `sort` (stable: equal rows keep their order; empty values last either way).
 */
export function arrangeRows<T>(
  rows: readonly T[],
  columns: readonly RowColumn<T>[],
  filter: string,
  sort: SortState,
  collator: Intl.Collator,
): T[] {
  const needle = filter.trim().toLocaleLowerCase();
  const valued = columns.filter((c) => c.value);
  const kept = needle
    ? rows.filter((row) =>
        valued.some((c) => {
          const v = c.text ? c.text(row) : c.value!(row);
          return v !== null && v !== undefined && String(v).toLocaleLowerCase().includes(needle);
        }),
      )
    : [...rows];
  const column = sort ? columns.find((c) => c.id === sort.column && c.value) : undefined;
  if (!sort || !column) return kept;
  const sign = sort.direction === 'ascending' ? 1 : -1;
  return kept
    .map((row, i) => ({ row, i, v: column.value!(row) }))
    .sort((a, b) => {
      const empty = (v: SortValue) =>
        v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v));
      // Empty values stay last in both directions.
      if (empty(a.v) || empty(b.v)) return compareValues(a.v, b.v, collator) || a.i - b.i;
      return sign * compareValues(a.v, b.v, collator) || a.i - b.i;
    })
    .map((x) => x.row);
}
