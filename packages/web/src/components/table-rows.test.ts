import { describe, expect, it } from 'vitest';
import { arrangeRows, type RowColumn } from './table-rows.ts';

interface Row {
  name: string;
  tier: 'registered' | 'silver' | 'gold';
  calls: number | null;
}

const TIERS = ['registered', 'silver', 'gold'] as const;
const WORDS = { registered: 'Registered', silver: 'Silver', gold: 'Gold' };
const rows: Row[] = [
  { name: 'Harbor', tier: 'gold', calls: 11 },
  { name: 'apex', tier: 'registered', calls: null },
  { name: 'Blue Lake', tier: 'silver', calls: 3 },
  { name: 'Item 10', tier: 'silver', calls: 100 },
  { name: 'Item 9', tier: 'gold', calls: 3 },
];
const columns: RowColumn<Row>[] = [
  { id: 'name', value: (r) => r.name },
  { id: 'tier', value: (r) => TIERS.indexOf(r.tier), text: (r) => WORDS[r.tier] },
  { id: 'calls', value: (r) => r.calls },
  { id: 'actions' },
];
const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
const names = (sorted: Row[]) => sorted.map((r) => r.name);

describe('table rows', () => {
  it('keeps the given order without a sort or a filter', () => {
    expect(names(arrangeRows(rows, columns, '', null, collator))).toEqual(names(rows));
  });

  it('sorts text without case and numbers inside text by value, both ways', () => {
    const up = arrangeRows(rows, columns, '', { column: 'name', direction: 'ascending' }, collator);
    expect(names(up)).toEqual(['apex', 'Blue Lake', 'Harbor', 'Item 9', 'Item 10']);
    const down = arrangeRows(
      rows,
      columns,
      '',
      { column: 'name', direction: 'descending' },
      collator,
    );
    expect(names(down)).toEqual(['Item 10', 'Item 9', 'Harbor', 'Blue Lake', 'apex']);
  });

  it('sorts numbers by value, ties in their given order, empty values last either way', () => {
    const up = arrangeRows(
      rows,
      columns,
      '',
      { column: 'calls', direction: 'ascending' },
      collator,
    );
    expect(names(up)).toEqual(['Blue Lake', 'Item 9', 'Harbor', 'Item 10', 'apex']);
    const down = arrangeRows(
      rows,
      columns,
      '',
      { column: 'calls', direction: 'descending' },
      collator,
    );
    expect(names(down)).toEqual(['Item 10', 'Harbor', 'Blue Lake', 'Item 9', 'apex']);
  });

  it('sorts by rank and filters by the word shown', () => {
    const byTier = arrangeRows(
      rows,
      columns,
      '',
      { column: 'tier', direction: 'descending' },
      collator,
    );
    expect(byTier.map((r) => r.tier)).toEqual(['gold', 'gold', 'silver', 'silver', 'registered']);
    expect(names(arrangeRows(rows, columns, 'SILV', null, collator))).toEqual([
      'Blue Lake',
      'Item 10',
    ]);
    // The rank itself is not text the user sees: "2" finds no gold partner.
    expect(names(arrangeRows(rows, columns, '2', null, collator))).toEqual([]);
  });

  it('filters then sorts, ignoring columns without a value and surrounding spaces', () => {
    const sort = { column: 'calls', direction: 'descending' } as const;
    expect(names(arrangeRows(rows, columns, '  item ', sort, collator))).toEqual([
      'Item 10',
      'Item 9',
    ]);
    expect(arrangeRows(rows, columns, 'nothing like it', null, collator)).toEqual([]);
  });

  it('leaves the order alone for a column that does not sort', () => {
    const sorted = arrangeRows(
      rows,
      columns,
      '',
      { column: 'actions', direction: 'ascending' },
      collator,
    );
    expect(names(sorted)).toEqual(names(rows));
  });
});
