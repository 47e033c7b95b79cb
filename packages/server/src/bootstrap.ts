import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { initBackend } from '@qudao/ml';
import { loadOrCreateOwnerToken } from './auth/auth.service.ts';
import { closedPeriodDirectory } from './billing/closed-periods.ts';
import { type Config, homePaths, loadConfig } from './config.ts';
import type { AppContext } from './context.ts';
import { migrateToLatest, openSqlite } from './db/database.ts';
import { registerIntelligenceWorkers } from './intelligence/intelligence.worker.ts';
import { InProcessJobQueue } from './jobs/in-process-runner.ts';
import { createMeteringState } from './metering/metering-state.ts';
import { registerMonitoringWorkers } from './monitoring/monitoring.worker.ts';
import { createMonitoringState } from './monitoring/monitoring-state.ts';
import { registerProgrammeHooks } from './programme/tier-review.service.ts';
import { exchangeRateDirectory } from './reports/exchange-rate-directory.ts';
import { endpointDirectory } from './serving/endpoint-directory.ts';
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
    endpoints: endpointDirectory(() => ctx),
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
  };
  for (const register of WORKERS) register(ctx);
  return ctx;
}

export async function closeContext(ctx: AppContext): Promise<void> {
  await ctx.jobs.close();
  await ctx.monitoring.close();
  await ctx.runtime.close();
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
