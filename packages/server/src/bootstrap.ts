import { randomBytes } from 'node:crypto';
import { closeSync, openSync } from 'node:fs';
import { chmod, mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { isMainThread } from 'node:worker_threads';
import { initBackend } from '@qudao/ml';
import { loadOrCreateOwnerToken } from './auth/auth.service.ts';
import { closedPeriodDirectory } from './billing/closed-periods.ts';
import { type Config, homePaths, loadConfig } from './config.ts';
import type { AppContext } from './context.ts';
import { migrateToLatest, openSqlite, predictionLogFile } from './db/database.ts';
import { registerIntelligenceWorkers } from './intelligence/intelligence.worker.ts';
import { InProcessJobQueue } from './jobs/in-process-runner.ts';
import { createMeteringState } from './metering/metering-state.ts';
import { registerMonitoringWorkers } from './monitoring/monitoring.worker.ts';
import { createMonitoringState } from './monitoring/monitoring-state.ts';
import { registerProgrammeHooks } from './programme/tier-review.service.ts';
import { withUpstreamModels } from './providers/upstream-directory.ts';
import { exchangeRateDirectory } from './reports/exchange-rate-directory.ts';
import { endpointDirectory } from './serving/endpoint-directory.ts';
import { LanguageModelHost } from './serving/language-models.ts';
import { ModelCache } from './serving/model-cache.ts';
import { createServingRuntime } from './serving/runtime/create-runtime.ts';
import { createServingMetrics } from './serving/serving.metrics.ts';
import { type Clock, systemClock } from './shared/clock.ts';
import { createMetricsRegistry } from './shared/metrics.ts';
import { registerTrainingWorkers } from './training/training.worker.ts';
import { registerUpgradeWorkers } from './upgrade/upgrade.worker.ts';

/**
 * Each domain that runs jobs registers its queues and handlers here, once per context; domains
 * above billing register what they do when a period closes (`ctx.periodCloseHooks`, written
 * with the period; `ctx.periodClosed`, told after it).
 */
const WORKERS: ((ctx: AppContext) => void)[] = [
  registerTrainingWorkers,
  registerMonitoringWorkers,
  registerUpgradeWorkers,
  registerIntelligenceWorkers,
  registerProgrammeHooks,
];

/**
 * The composition root: opens the workspace at `config.home` (creating it on first use),
 * applies migrations, picks the ML backend, and starts the in-process job runner with the
 * handlers each domain registers.
 */
export async function createContext(
  overrides: Partial<Config> = {},
  options: { clock?: Clock } = {},
): Promise<AppContext> {
  const config = loadConfig(overrides);
  const shared = homePaths(config.home);
  await secureWorkspace(shared);
  // Each process stages its files in its own folder, so closing one never pulls files from
  // under another process working in the same workspace.
  await removeStaleTmp(shared.tmp);
  const paths = {
    ...shared,
    tmp: path.join(shared.tmp, `${process.pid}-${randomBytes(4).toString('hex')}`),
  };
  await mkdir(paths.tmp, { recursive: true, mode: 0o700 });
  const db = openSqlite(paths.database);
  await migrateToLatest(db);
  const jobs = new InProcessJobQueue(db);
  await jobs.recover();
  const metrics = createMetricsRegistry();
  const servingMetrics = createServingMetrics(metrics);
  const backend = await initBackend({ backend: config.backend, threads: config.threads });
  const ctx: AppContext = {
    config,
    paths,
    db,
    jobs,
    backend,
    ownerToken: await loadOrCreateOwnerToken(paths.ownerToken),
    modelCache: new ModelCache(),
    endpoints: withUpstreamModels(
      endpointDirectory(() => ctx),
      () => ctx,
    ),
    periods: closedPeriodDirectory(db),
    rates: exchangeRateDirectory(db),
    periodCloseHooks: [],
    clock: options.clock ?? systemClock,
    metering: createMeteringState(db, options.clock ?? systemClock, config.metering === 'on'),
    monitoring: createMonitoringState(db, options.clock ?? systemClock),
    periodClosed: [],
    metrics,
    servingMetrics,
    runtime: createServingRuntime(config, servingMetrics.events),
    languageModels: new LanguageModelHost(config.decoderSlots),
  };
  for (const register of WORKERS) register(ctx);
  return ctx;
}

export async function closeContext(ctx: AppContext): Promise<void> {
  await ctx.jobs.close();
  await ctx.monitoring.close();
  await ctx.runtime.close();
  await ctx.modelCache.clear();
  ctx.languageModels.clear();
  await ctx.db.destroy();
  await rm(ctx.paths.tmp, { recursive: true, force: true });
}

/**
 * The workspace is readable by its owner only: this process creates files 0600 and folders
 * 0700 (umask 077: data sets, models, checkpoints, staging files; SQLite gives the WAL and
 * shared-memory files the database file's mode), and the workspace's own folders and files,
 * including those an older version left 0644/0755, are narrowed at every start.
 */
async function secureWorkspace(paths: ReturnType<typeof homePaths>): Promise<void> {
  // The umask is the process's; worker threads share it and may not set it.
  if (isMainThread) process.umask(0o077);
  const home = path.dirname(paths.database);
  for (const dir of [home, paths.datasets, paths.models, paths.logs, paths.tmp]) {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await chmod(dir, 0o700);
  }
  closeSync(openSync(paths.database, 'a', 0o600));
  for (const file of [
    paths.database,
    `${paths.database}-wal`,
    `${paths.database}-shm`,
    ...['', '-wal', '-shm'].map((suffix) => `${predictionLogFile(paths.database)}${suffix}`),
    paths.ownerToken,
    path.join(paths.logs, 'server.log'),
  ]) {
    await chmodIfPresent(file, 0o600);
  }
  await chmodIfPresent(path.join(home, 'runs'), 0o700);
}

async function chmodIfPresent(file: string, mode: number): Promise<void> {
  try {
    await chmod(file, mode);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
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
