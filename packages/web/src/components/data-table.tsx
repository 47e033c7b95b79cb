import { type HTMLAttributes, type ReactNode, useId, useMemo, useState } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import { useTableText } from './data-table.messages.ts';
import { arrangeRows, type RowColumn, type SortState, type SortValue } from './table-rows.ts';
import { TableWrap } from './table-wrap.tsx';

export type { SortState } from './table-rows.ts';

/** A column: its head, its cell, and what it sorts and filters on. */
export interface Column<T> extends RowColumn<T> {
  /** The column head, a word in the console's language (also the sort button's name). */
  header: string;
  cell: (row: T) => ReactNode;
  /** What the column sorts and filters on; a column without one neither sorts nor filters. */
  value?: (row: T) => SortValue;
  /** What the filter reads when it is not `value` (a tier sorted by rank, filtered by its word). */
  text?: (row: T) => string;
  /** `num`: numbers, right-aligned; added to the head and each cell. */
  className?: string;
  /** The cell's own class (`strong`, `nowrap`), beside `className`. */
  cellClassName?: string | ((row: T) => string | undefined);
}

type RowAttrs = HTMLAttributes<HTMLTableRowElement> & Record<`data-${string}`, string | number>;

export interface DataTableProps<T> {
  rows: readonly T[];
  columns: readonly Column<T>[];
  rowKey: (row: T) => string;
  /** data-testid of the `<table>` (tests and the page's own styles find it by this). */
  testId: string;
  /** The table's name for assistive technology (the paging controls are named after it). */
  label: string;
  /** Attributes of a row; `shown` is the page being drawn, in its sorted order. */
  rowProps?: (row: T, index: number, shown: readonly T[]) => RowAttrs;
  pageSize?: number;
  /** The order before any head is clicked. */
  initialSort?: SortState;
}

type Direction = 'ascending' | 'descending';

/**
 * A table that sorts (a click on a head: ascending, then descending; `aria-sort` says which),
 * filters (one text box over every sortable column) and pages (`pageSize` rows a page).
 */
export function DataTable<T>(props: DataTableProps<T>) {
  const { lang } = useI18n();
  const text = useTableText();
  const filterId = useId();
  const pageSize = props.pageSize ?? 25;
  const [filter, setFilter] = useState('');
  const [sort, setSort] = useState<SortState>(props.initialSort ?? null);
  const [page, setPage] = useState(0);
  const collator = useMemo(
    () => new Intl.Collator(lang === 'zh' ? 'zh-CN' : 'en', { numeric: true, sensitivity: 'base' }),
    [lang],
  );
  const arranged = useMemo(
    () => arrangeRows(props.rows, props.columns, filter, sort, collator),
    [props.rows, props.columns, filter, sort, collator],
  );
  const pages = Math.max(1, Math.ceil(arranged.length / pageSize));
  const current = Math.min(page, pages - 1);
  const shown = arranged.slice(current * pageSize, (current + 1) * pageSize);

  function sortBy(column: string) {
    const direction: Direction =
      sort?.column === column && sort.direction === 'ascending' ? 'descending' : 'ascending';
    setSort({ column, direction });
    setPage(0);
  }

  return (
    <div className="data-table-box">
      <div className="table-tools">
        <label className="table-filter" htmlFor={filterId}>
          <span className="field-label">{text('table.filter')}</span>
          <input
            id={filterId}
            type="search"
            value={filter}
            placeholder={text('table.filterPlaceholder')}
            data-testid={`${props.testId}-filter`}
            onChange={(e) => {
              setFilter(e.target.value);
              setPage(0);
            }}
          />
        </label>
        <span className="muted table-count" aria-live="polite">
          {text('table.count', { shown: arranged.length, total: props.rows.length })}
        </span>
      </div>
      <TableWrap>
        <table className="data-table" data-testid={props.testId} aria-label={props.label}>
          <thead>
            <tr>
              {props.columns.map((c) => {
                const direction = sort?.column === c.id ? sort.direction : 'none';
                return (
                  <th
                    key={c.id}
                    className={c.className}
                    aria-sort={c.value ? direction : undefined}
                    data-column={c.id}
                  >
                    {c.value ? (
                      <button
                        type="button"
                        className="sort-button"
                        title={text('table.sortBy', { column: c.header })}
                        onClick={() => sortBy(c.id)}
                      >
                        {c.header}
                        <span className="sort-mark" aria-hidden="true">
                          {direction === 'ascending' ? '▲' : direction === 'descending' ? '▼' : '↕'}
                        </span>
                      </button>
                    ) : (
                      c.header
                    )}
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {shown.map((row, i) => (
              <tr key={props.rowKey(row)} {...props.rowProps?.(row, i, shown)}>
                {props.columns.map((c) => {
                  const own =
                    typeof c.cellClassName === 'function' ? c.cellClassName(row) : c.cellClassName;
                  const className = [c.className, own].filter(Boolean).join(' ') || undefined;
                  return (
                    <td key={c.id} className={className}>
                      {c.cell(row)}
                    </td>
                  );
                })}
              </tr>
            ))}
            {shown.length === 0 ? (
              <tr>
                <td colSpan={props.columns.length} className="muted">
                  {text('table.noMatch', { filter })}
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </TableWrap>
      {pages > 1 ? (
        <nav className="table-pager" aria-label={text('table.paging', { table: props.label })}>
          <button
            type="button"
            className="button ghost small"
            disabled={current === 0}
            onClick={() => setPage(current - 1)}
          >
            {text('table.previous')}
          </button>
          <span data-testid={`${props.testId}-page`}>
            {text('table.page', { page: current + 1, pages })}
          </span>
          <button
            type="button"
            className="button ghost small"
            disabled={current >= pages - 1}
            onClick={() => setPage(current + 1)}
          >
            {text('table.next')}
          </button>
        </nav>
      ) : null}
    </div>
  );
}
