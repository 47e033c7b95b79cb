/** How the CLI prints: aligned tables for people, one JSON document for scripts (`--json`). */

export interface OutputOptions {
  json?: boolean;
}

export type Column<T> = {
  header: string;
  value: (row: T) => string | number | null;
  align?: 'right';
};

/** Prints rows as an aligned table (or as JSON with `--json`). */
export function printTable<T>(
  rows: T[],
  columns: Column<T>[],
  options: OutputOptions,
  raw?: unknown,
) {
  if (options.json) {
    printJson(raw ?? rows);
    return;
  }
  if (rows.length === 0) {
    console.log('(none)');
    return;
  }
  const cells = rows.map((row) => columns.map((c) => formatCell(c.value(row))));
  const widths = columns.map((c, i) =>
    Math.max(c.header.length, ...cells.map((r) => r[i]!.length)),
  );
  const line = (values: string[]) =>
    values
      .map((v, i) =>
        columns[i]!.align === 'right' ? v.padStart(widths[i]!) : v.padEnd(widths[i]!),
      )
      .join('  ')
      .trimEnd();
  console.log(line(columns.map((c) => c.header)));
  console.log(line(widths.map((w) => '─'.repeat(w))));
  for (const row of cells) console.log(line(row));
}

/** Prints key/value pairs (or JSON). */
export function printRecord(
  record: Record<string, unknown>,
  options: OutputOptions,
  raw?: unknown,
) {
  if (options.json) {
    printJson(raw ?? record);
    return;
  }
  const width = Math.max(...Object.keys(record).map((k) => k.length));
  for (const [k, v] of Object.entries(record)) console.log(`${k.padEnd(width)}  ${formatCell(v)}`);
}

export function printJson(value: unknown) {
  console.log(JSON.stringify(value));
}

export function formatCell(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(4);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export function percent(value: number | undefined | null): string {
  return value === undefined || value === null ? '—' : `${(value * 100).toFixed(2)}%`;
}
