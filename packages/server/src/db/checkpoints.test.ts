import { mkdtemp, rm } from 'node:fs/promises';
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
});
