import { mkdir, rm } from 'node:fs/promises';
import { type BackendInfo, initBackend } from '@qudao/ml';
import { loadOrCreateOwnerToken } from './auth/auth.service.ts';
import { type Config, homePaths, loadConfig } from './config.ts';
import { type Db, migrateToLatest, openSqlite } from './db/database.ts';
import { InProcessJobQueue } from './jobs/in-process-runner.ts';
import type { JobHandler, JobQueue } from './jobs/job.ts';
import { ModelCache } from './serving/model-cache.ts';
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
}

/**
 * Opens the workspace at `config.home` (creating it on first use), applies migrations, picks
 * the ML backend, and starts the in-process job runner with its handlers.
 */
export async function createContext(overrides: Partial<Config> = {}): Promise<AppContext> {
  const config = loadConfig(overrides);
  const paths = homePaths(config.home);
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
