// The WAL checkpointer of one database (db/checkpoints.ts): its own connection, a PASSIVE
// checkpoint every few hundred milliseconds, so the connection answering requests never copies
// the WAL into the database file (and never waits for the fsyncs that copy takes) itself.
//
// A PASSIVE checkpoint never makes the WAL start over: SQLite restarts it from its first frame
// only when a write begins with every frame already copied, and a connection that commits without
// a pause (metering at full rate) always has some frames not yet copied. So once the WAL holds
// `restartFrames` frames, a RESTART checkpoint waits for the writer's current commit, holds off
// the next one while it copies what is left, and the next commit starts the WAL over: it stays
// near that size instead of growing by tens of megabytes a second for as long as the load lasts.
import { parentPort, workerData } from 'node:worker_threads';
import SQLite from 'better-sqlite3';

const db = new SQLite(workerData.file, { fileMustExist: true });
db.pragma('synchronous = NORMAL');
// How long a RESTART waits for the writer's commit (each well under a millisecond) and for readers
// of older frames. New writes wait while it does, so it gives up soon (busy, tried again at the
// next interval) rather than hold metering's commits behind a long report query.
db.pragma('busy_timeout = 20');
const timer = setInterval(() => {
  try {
    const [passive] = db.pragma('wal_checkpoint(PASSIVE)');
    if (passive.log >= workerData.restartFrames) db.pragma('wal_checkpoint(RESTART)');
  } catch (error) {
    parentPort.postMessage({ type: 'error', message: String(error?.message ?? error) });
  }
}, workerData.everyMs);
parentPort.on('message', (message) => {
  if (message !== 'close') return;
  clearInterval(timer);
  db.close();
  parentPort.close();
});
parentPort.postMessage({ type: 'ready' });
