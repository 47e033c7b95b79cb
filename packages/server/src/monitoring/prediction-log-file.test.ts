import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Migrator } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Db, migrateToLatest, openSqlite, predictionLogFile } from '../db/database.ts';
import { migrations } from '../db/migrations/index.ts';
import type { PredictionLogTable } from '../db/schema.ts';
import { PredictionLogWriter } from './monitoring-state.ts';

const row = (id: string): PredictionLogTable => ({
  id,
  endpoint_id: 'ep_1',
  endpoint: 'digits',
  model_version_id: 'mv_1',
  model: 'cnn',
  version: 1,
  arm: 'primary',
  shadow_of: null,
  caller: 'customer:cu_1',
  customer_id: 'cu_1',
  partner_id: 'pa_1',
  at: '2026-12-04T10:00:00.000Z',
  day: '2026-12-04',
  latency_ms: 0.5,
  status: 200,
  error_code: null,
  rows: 1,
  input_kind: 'image',
  input: 'AAEC',
  output_json: '{"labels":["7"],"confidence":[0.99]}',
  agrees: null,
});

/** What a file holds, read by a connection of its own (not the workspace's). */
function tablesOf(file: string): { tables: string[]; indexes: string[]; logRows: string[] } {
  const raw = new SQLite(file, { readonly: true });
  try {
    const names = (type: string) =>
      (
        raw
          .prepare("SELECT name FROM sqlite_master WHERE type = ? AND name NOT LIKE 'sqlite_%'")
          .all(type) as { name: string }[]
      ).map((r) => r.name);
    const tables = names('table');
    const logRows = tables.includes('prediction_log')
      ? (raw.prepare('SELECT id FROM prediction_log ORDER BY id').all() as { id: string }[]).map(
          (r) => r.id,
        )
      : [];
    return { tables, indexes: names('index'), logRows };
  } finally {
    raw.close();
  }
}

const LOG_INDEXES = [
  'prediction_log_customer',
  'prediction_log_day',
  'prediction_log_endpoint',
  'prediction_log_shadow',
  'prediction_log_version',
];

describe('the prediction log file', () => {
  let dir: string;
  let file: string;
  let db: Db | null = null;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'qudao-log-file-'));
    file = path.join(dir, 'qudao.db');
  });
  afterEach(async () => {
    await db?.destroy();
    db = null;
    await rm(dir, { recursive: true, force: true });
  });

  it("is written by the log's own thread, beside the workspace's file and not in it", async () => {
    db = openSqlite(file);
    await migrateToLatest(db);
    const log = new PredictionLogWriter(db, async () => {});
    for (const id of ['pr_1', 'pr_2', 'pr_3']) log.add(() => row(id));
    await log.flush();
    expect(log.threaded).toBe(true);
    // Read through the workspace's connection (the file is attached) and from the file itself.
    const seen = await db.selectFrom('prediction_log').select('id').orderBy('id').execute();
    expect(seen.map((r) => r.id)).toEqual(['pr_1', 'pr_2', 'pr_3']);
    await log.close();
    expect(log.threaded).toBe(false);
    const own = tablesOf(predictionLogFile(file));
    expect(own.tables).toEqual(['prediction_log']);
    expect(own.indexes.sort()).toEqual(LOG_INDEXES);
    expect(own.logRows).toEqual(['pr_1', 'pr_2', 'pr_3']);
    const workspace = tablesOf(file);
    expect(workspace.tables).not.toContain('prediction_log');
    expect(workspace.tables).toContain('prediction_feedback');
  });

  it("moves an older workspace's logged predictions into the log's file", async () => {
    db = openSqlite(file);
    const { '0052_prediction_log_file': _, ...before } = migrations;
    const older = new Migrator({
      db,
      provider: { getMigrations: async () => before },
      allowUnorderedMigrations: true,
    });
    const { error } = await older.migrateToLatest();
    expect(error).toBeUndefined();
    await db
      .insertInto('prediction_log')
      .values([row('pr_old_1'), row('pr_old_2')])
      .execute();
    expect(tablesOf(file).logRows).toEqual(['pr_old_1', 'pr_old_2']);

    expect(await migrateToLatest(db)).toEqual(['0052_prediction_log_file']);
    expect(tablesOf(file).tables).not.toContain('prediction_log');
    const own = tablesOf(predictionLogFile(file));
    expect(own.logRows).toEqual(['pr_old_1', 'pr_old_2']);
    expect(own.indexes.sort()).toEqual(LOG_INDEXES);
    // The moved table takes the thread's rows like a new one.
    const log = new PredictionLogWriter(db, async () => {});
    log.add(() => row('pr_new'));
    await log.close();
    expect(tablesOf(predictionLogFile(file)).logRows).toEqual(['pr_new', 'pr_old_1', 'pr_old_2']);
  });
});
