import { type Kysely, sql } from 'kysely';

interface SchemaRow {
  type: string;
  name: string;
  sql: string;
}

/**
 * The prediction log moves to its own file (`monitoring.db`, attached as `monitoring`;
 * db/database.ts), written by a thread of its own (monitoring/prediction-log-thread.mjs) so its
 * inserts never hold the workspace file's write lock that metering commits under. The table and
 * its indexes are made again there from their own statements, the rows copied, the old table
 * dropped. SQLite commits the two files separately, so every step can run again after a crash:
 * the table is made only if missing and rows already copied are skipped.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const { rows: objects } = await sql<SchemaRow>`
    SELECT type, name, sql FROM main.sqlite_master
    WHERE tbl_name = 'prediction_log' AND sql IS NOT NULL`.execute(db);
  const table = objects.find((o) => o.type === 'table');
  if (!table) return;
  const { rows: there } = await sql<SchemaRow>`
    SELECT type, name, sql FROM monitoring.sqlite_master
    WHERE name = 'prediction_log'`.execute(db);
  if (there.length === 0) {
    await sql
      .raw(
        table.sql.replace(
          /^create table\s+"?prediction_log"?/i,
          'CREATE TABLE monitoring."prediction_log"',
        ),
      )
      .execute(db);
    for (const index of objects.filter((o) => o.type === 'index')) {
      await sql
        .raw(index.sql.replace(/^create index\s+"?(\w+)"?/i, 'CREATE INDEX monitoring."$1"'))
        .execute(db);
    }
  }
  await sql`INSERT OR IGNORE INTO monitoring.prediction_log SELECT * FROM main.prediction_log`.execute(
    db,
  );
  await sql`DROP TABLE main.prediction_log`.execute(db);
}
