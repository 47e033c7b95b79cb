import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { type BackendInfo, initBackend } from '@qudao/ml';
import { loadOrCreateOwnerToken } from './auth/auth.service.ts';
import { type Config, homePaths, loadConfig } from './config.ts';
import { type Db, migrateToLatest, openSqlite } from './db/database.ts';
import { InProcessJobQueue } from './jobs/in-process-runner.ts';
import type { JobHandler, JobQueue } from './jobs/job.ts';
import { createMeteringState, type MeteringState } from './metering/metering-state.ts';
import { ModelCache } from './serving/model-cache.ts';
import { type Clock, systemClock } from './shared/clock.ts';
import { trainingJobHandler } from './training/training.job.ts';
import { crossValidationJobHandler } from './training/training-cv.job.ts';
import { searchJobHandler } from './training/training-search.job.ts';

/** Everything a service needs: configuration, workspace paths, database, jobs, loaded models. */
export interface AppContext {
  config: Config;
  paths: ReturnType<typeof homePaths>;
  db: Db;
  jobs: JobQueue;
  backend: BackendInfo;
  ownerToken: string;
  modelCache: ModelCache;
  /** Where metering and billing read the time (a ManualClock in tests). */
  clock: Clock;
  /** Metering's buckets, quota counters and usage writer, one set per context. */
  metering: MeteringState;
}

/**
 * Opens the workspace at `config.home` (creating it on first use), applies migrations, picks
 * the ML backend, and starts the in-process job runner with its handlers.
 */
export async function createContext(
  overrides: Partial<Config> = {},
  options: { clock?: Clock } = {},
): Promise<AppContext> {
  const config = loadConfig(overrides);
  const shared = homePaths(config.home);
  // Each process stages its files in its own folder, so closing one never pulls files from
  // under another process working in the same workspace.
  await removeStaleTmp(shared.tmp);
  const paths = {
    ...shared,
    tmp: path.join(shared.tmp, `${process.pid}-${randomBytes(4).toString('hex')}`),
  };
  await mkdir(paths.tmp, { recursive: true });
  await mkdir(paths.logs, { recursive: true });
  const db = openSqlite(paths.database);
  await migrateToLatest(db);
  const jobs = new InProcessJobQueue(db);
  await jobs.recover();
  const ctx: AppContext = {
    config,
    paths,
    db,
    jobs,
    backend: await initBackend(),
    ownerToken: await loadOrCreateOwnerToken(paths.ownerToken),
    modelCache: new ModelCache(),
    clock: options.clock ?? systemClock,
    metering: createMeteringState(db, options.clock ?? systemClock),
  };
  jobs.register('training', trainingJobHandler(ctx) as JobHandler);
  jobs.register('training-search', searchJobHandler(ctx) as JobHandler);
  jobs.register('training-cv', crossValidationJobHandler(ctx) as JobHandler);
  return ctx;
}

export async function closeContext(ctx: AppContext): Promise<void> {
  await ctx.jobs.close();
  await ctx.modelCache.clear();
  await ctx.db.destroy();
  await rm(ctx.paths.tmp, { recursive: true, force: true });
}

/** Deletes staging folders of processes that no longer run (`<pid>-<random>`). */
async function removeStaleTmp(tmpRoot: string): Promise<void> {
  let entries: string[];
  try {
    entries = await readdir(tmpRoot);
  } catch {
    return;
  }
  for (const entry of entries) {
    const pid = Number(entry.split('-')[0]);
    if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || isAlive(pid)) continue;
    await rm(path.join(tmpRoot, entry), { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
