import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Db, migrateToLatest, openSqlite } from './database.ts';

/** Frames in the WAL and frames already copied into the database, as a third connection sees. */
function walState(file: string): { log: number; checkpointed: number } {
  const other = new SQLite(file);
  try {
    // NOOP (SQLite 3.51) copies nothing: it only reports.
    const [row] = other.pragma('wal_checkpoint(NOOP)') as { log: number; checkpointed: number }[];
    return row!;
  } finally {
    other.close();
  }
}

const autoCheckpoint = async (db: Db) =>
  (await sql<{ wal_autocheckpoint: number }>`PRAGMA wal_autocheckpoint`.execute(db)).rows[0]!
    .wal_autocheckpoint;

describe('WAL checkpoints off the serving connection', () => {
  let dir: string;
  let file: string;
  let db: Db;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'qudao-checkpoints-'));
    file = path.join(dir, 'qudao.db');
    db = openSqlite(file);
    await migrateToLatest(db);
    await sql`CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)`.execute(db);
  });
  afterEach(async () => {
    await db.destroy();
    await rm(dir, { recursive: true, force: true });
  });

  const write = async (rows: number) => {
    for (let i = 0; i < rows; i++) {
      await sql`INSERT INTO t (v) VALUES (${'x'.repeat(2000)})`.execute(db);
    }
  };

  it('checkpoints itself until it has written a lot, then leaves it to a thread that does', async () => {
    expect(await autoCheckpoint(db)).toBe(1000);
    await write(1200);
    for (let i = 0; i < 100 && (await autoCheckpoint(db)) !== 0; i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(await autoCheckpoint(db)).toBe(0);
    await write(300);
    // The thread copies what this connection wrote into the database file, a few hundred ms on.
    let state = walState(file);
    for (let i = 0; i < 100 && state.checkpointed < state.log; i++) {
      await new Promise((r) => setTimeout(r, 20));
      state = walState(file);
    }
    expect(state.log).toBeGreaterThan(0);
    expect(state.checkpointed).toBe(state.log);
    expect((await sql<{ n: number }>`SELECT count(*) AS n FROM t`.execute(db)).rows[0]!.n).toBe(
      1500,
    );
  });

  it('starts the WAL over under writes without a pause, so it stays near its restart size', async () => {
    await db.destroy();
    const restartFrames = 200;
    db = openSqlite(file, { afterWrites: 10, everyMs: 10, restartFrames });
    await write(20);
    for (let i = 0; i < 100 && (await autoCheckpoint(db)) !== 0; i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(await autoCheckpoint(db)).toBe(0);
    // About 2 frames a row (the row's page and the table's), 12,000 frames with no pause: a
    // PASSIVE checkpoint alone never sees every frame copied when a write begins.
    // The WAL header's checkpoint sequence number (bytes 12-15) counts its restarts.
    const restarts = async () => (await readFile(`${file}-wal`)).readUInt32BE(12);
    const before = await restarts();
    const started = Date.now();
    let rows = 0;
    while (rows < 6000 || Date.now() - started < 500) {
      await write(100);
      rows += 100;
    }
    const walBytes = (await stat(`${file}-wal`)).size;
    const frames = walBytes / (4096 + 24);
    const count = (await restarts()) - before;
    console.info(
      `${rows} rows written: the WAL started over ${count} times, its file has room for ${Math.round(frames)} frames`,
    );
    // Without the RESTART it never started over and its file held every frame written (74,691
    // room for 73,600); with it, 20-30 times, and room for 3,400-12,700 of 50,000 written (the
    // file keeps its largest size: one slow interval on a loaded machine sets it).
    expect(count).toBeGreaterThanOrEqual(5);
    expect(frames).toBeLessThan(rows * 2 * 0.75);
    expect(rows * 2).toBeGreaterThan(restartFrames * 30);
    expect((await sql<{ n: number }>`SELECT count(*) AS n FROM t`.execute(db)).rows[0]!.n).toBe(
      rows + 20,
    );
  });
});
