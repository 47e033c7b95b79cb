import { CompiledQuery } from 'kysely';
import type { Db } from './database.ts';
import type { Database } from './schema.ts';

/**
 * The insert's SQL per database (its dialect decides the SQL), table, column list and number of
 * rows, built by Kysely once.
 */
const textsOf = new WeakMap<Db, Map<string, string>>();

/** Row counts above this are compiled each time (not kept): hot paths write small groups. */
const KEEP_UP_TO_ROWS = 64;

/**
 * A multi-row insert of `rows` into `table` as a compiled query, for the writes every call makes
 * (usage events, prediction-log rows). Building and compiling an insert through Kysely's query
 * builder costs tens of microseconds a row, most of it allocation (docs/serving.md, per-call
 * path); this keeps Kysely's own SQL for the dialect, compiled once per row count, and binds the
 * parameters in `columns` order. Run it with `db.executeQuery` (one statement: its own
 * transaction) and call `noteWrite(db)` after, as the query builder's plugins would.
 */
export function compiledInsert<T extends keyof Database>(
  db: Db,
  table: T,
  columns: readonly (keyof Database[T] & string)[],
  rows: readonly Database[T][],
): CompiledQuery {
  let texts = textsOf.get(db);
  if (!texts) {
    texts = new Map();
    textsOf.set(db, texts);
  }
  const key = `${table}\0${columns.join(',')}\0${rows.length}`;
  let text = texts.get(key);
  if (!text) {
    const blank = Object.fromEntries(columns.map((c) => [c, null]));
    text = db
      .insertInto(table)
      .values(rows.map(() => blank) as never)
      .compile().sql;
    if (rows.length <= KEEP_UP_TO_ROWS) texts.set(key, text);
  }
  const parameters: unknown[] = [];
  for (const row of rows) {
    for (const c of columns)
      parameters.push((row as unknown as Record<string, unknown>)[c] ?? null);
  }
  return CompiledQuery.raw(text, parameters);
}

/**
 * A table's column list for compiledInsert, checked to name every column of `Row`: a column added
 * to the table and not to the list fails to typecheck (its rows would lose the value).
 *
 *   const COLUMNS = everyColumn<UsageEventTable>()(['id', 'endpoint_id', …]);
 */
export function everyColumn<Row>() {
  return <const L extends readonly (keyof Row & string)[]>(
    list: L &
      (Exclude<keyof Row, L[number]> extends never
        ? unknown
        : { missing: Exclude<keyof Row, L[number]> }),
  ): L => list;
}
