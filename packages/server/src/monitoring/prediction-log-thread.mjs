// The prediction log's writer (monitoring-state.ts): a thread with its own connection to the
// log's file (monitoring.db), so the inserts, their fsync-free commits and the checkpoints that
// copy its WAL back all happen off the event loop that answers calls. The file is the log's
// alone: its write lock is never the one metering's commits take on the workspace file.
//
// Messages in: { id, rows } (rows as arrays of values in workerData.columns' order), 'close'.
// Messages out: { id, written } or { id, error }, once each batch is committed (or failed).
import { parentPort, workerData } from 'node:worker_threads';
import SQLite from 'better-sqlite3';

const { file, columns } = workerData;
const db = new SQLite(file, { fileMustExist: true });
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.pragma('busy_timeout = 5000');

const names = columns.map((c) => `"${c}"`).join(', ');
const one = `(${columns.map(() => '?').join(', ')})`;
/** One statement per batch size (a batch is at most a few dozen rows). */
const inserts = new Map();
function insertOf(count) {
  let statement = inserts.get(count);
  if (!statement) {
    statement = db.prepare(
      `INSERT INTO prediction_log (${names}) VALUES ${Array(count).fill(one).join(', ')}`,
    );
    if (inserts.size < 64) inserts.set(count, statement);
  }
  return statement;
}

/** Up to this many rows a statement (SQLite's default limit is 32,766 bound values). */
const ROWS_A_STATEMENT = Math.floor(32_000 / columns.length);

const write = db.transaction((rows) => {
  for (let start = 0; start < rows.length; start += ROWS_A_STATEMENT) {
    const part = rows.slice(start, start + ROWS_A_STATEMENT);
    insertOf(part.length).run(part.flat());
  }
});

parentPort.on('message', (message) => {
  if (message === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  try {
    write(message.rows);
    parentPort.postMessage({ id: message.id, written: message.rows.length });
  } catch (error) {
    parentPort.postMessage({ id: message.id, error: String(error?.message ?? error) });
  }
});
