import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, type SqliteDatabase, SqliteDialect } from 'kysely';
import { BackgroundCheckpoints, type CheckpointOptions } from './checkpoints.ts';
import { migrations } from './migrations/index.ts';
import { neverSameVersion, ReadCache, WriteWatcher } from './read-cache.ts';
import type { Database } from './schema.ts';

export type Db = Kysely<Database>;

/** Opens the embedded SQLite database (WAL, foreign keys on) at `file`. */
export function openSqlite(file: string, checkpointOptions?: CheckpointOptions): Db {
  mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // The prediction log's own file: its writer is a thread with its own connection
  // (monitoring/prediction-log-thread.mjs), and a write lock is a file's, so its inserts never
  // hold up a metering commit on this connection. Unqualified table names find its tables.
  const logFile = predictionLogFile(file);
  sqlite.prepare('ATTACH DATABASE ? AS monitoring').run(logFile);
  sqlite.pragma('monitoring.journal_mode = WAL');
  sqlite.pragma('monitoring.synchronous = NORMAL');
  const watcher = new WriteWatcher();
  const checkpoints = new BackgroundCheckpoints(sqlite, file, checkpointOptions);
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: reusingStatements(sqlite, () => checkpoints.close()) }),
    plugins: [watcher, checkpoints],
  });
  // data_version moves when another connection commits; read straight from the handle, it
  // costs a microsecond where a query through Kysely costs tens.
  const dataVersion = sqlite.prepare('PRAGMA data_version').pluck();
  versions.set(db, () => `${dataVersion.get()}:${watcher.generation}`);
  writeCounters.set(db, () => checkpoints.noteWrite());
  logFiles.set(db, logFile);
  return db;
}

/** The prediction log's database file beside the workspace's (`monitoring.db`). */
export function predictionLogFile(file: string): string {
  return path.join(path.dirname(file), 'monitoring.db');
}

const logFiles = new WeakMap<object, string>();

/** The file of the database attached as `monitoring` (the prediction log's), if opened here. */
export function predictionLogFileOf(db: Db): string | null {
  return logFiles.get(db) ?? null;
}

/** Statements kept per SQL text: most statements a workspace runs are the same few. */
const MAX_STATEMENTS = 1000;

/**
 * Kysely prepares every query it runs; preparing costs more than running the small queries of
 * a prediction's path, so a statement is prepared once per SQL text and reused. Kysely holds the
 * connection while it streams, so a kept statement is not busy when asked for again; if one
 * ever is, a fresh one is prepared rather than the kept one reset under its reader.
 */
function reusingStatements(sqlite: SQLite.Database, beforeClose: () => void): SqliteDatabase {
  const kept = new Map<string, SQLite.Statement>();
  return {
    close: () => {
      beforeClose();
      sqlite.close();
    },
    prepare(sql: string) {
      const hit = kept.get(sql);
      if (hit && !hit.busy) return hit;
      const statement = sqlite.prepare(sql);
      if (!hit) {
        if (kept.size >= MAX_STATEMENTS) kept.clear();
        kept.set(sql, statement);
      }
      return statement;
    },
  };
}

const versions = new WeakMap<Db, () => string>();
const writeCounters = new WeakMap<Db, () => void>();

/**
 * Tells the database's plugins of a write run as a compiled query (`db.executeQuery`), which
 * skips their query transforms: the background checkpoints count it. Only for tables the read
 * caches do not watch (read-cache.ts), whose writes need no other notice.
 */
export function noteWrite(db: Db): void {
  writeCounters.get(db)?.();
}
const caches = new WeakMap<Db, Map<string, ReadCache<unknown>>>();

/**
 * The cache `name` of this database, for reads of the tables read-cache.ts watches (the key,
 * customer, partner, endpoint and version a call needs). A database not opened by openSqlite
 * gets a cache that keeps nothing.
 */
export function readCacheOf<V>(db: Db, name: string): ReadCache<V> {
  const named = caches.get(db) ?? new Map<string, ReadCache<unknown>>();
  caches.set(db, named);
  const cache = named.get(name) ?? new ReadCache<unknown>(versions.get(db) ?? neverSameVersion);
  named.set(name, cache);
  return cache as ReadCache<V>;
}

/** Applies every pending migration; throws if one fails (the database is left as it was). */
export async function migrateToLatest(db: Db): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    // Issues add migrations in parallel; their names are unique, their order among peers free.
    allowUnorderedMigrations: true,
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
