import { getPriority } from 'node:os';
import { initBackend } from '@qudao/ml';
import type { AppContext } from '../context.ts';
import { openSqlite } from '../db/database.ts';
import { JobReader } from '../jobs/job-reader.ts';
import { AppError } from '../shared/app-error.ts';
import { systemClock } from '../shared/clock.ts';
import type { TrainingThreadData } from './training-thread.types.ts';

/**
 * The context a training job runs with in its thread: the same config, paths and workspace
 * database (its own connection; SQLite in WAL mode takes both writers), its own ML backend, and
 * read-only jobs. What serving, metering, billing and monitoring keep in memory stays in the
 * main thread: any other part of the context answers `training.thread_context` when touched
 * (a Proxy, so parts added to AppContext later are refused the same way, not silently absent).
 */
export async function openTrainingThreadContext(data: TrainingThreadData): Promise<AppContext> {
  const db = openSqlite(data.paths.database);
  const backend = await initBackend({
    backend: data.config.backend,
    threads: data.config.threads,
    // A thread below the process's priority (training-thread.worker.mjs lowers it, on Linux,
    // where the process's id names its main thread) gets its kernels' helpers of its own, at
    // that priority, not the serving threads' shared ones.
    background: getPriority() > getPriority(process.pid),
  });
  const available: Partial<AppContext> = {
    config: data.config,
    paths: data.paths,
    db,
    jobs: new JobReader(db),
    backend,
    ownerToken: '',
    clock: systemClock,
    periodClosed: [],
  };
  return new Proxy(available, {
    get(target, key) {
      if (key in target || typeof key === 'symbol' || key === 'then') {
        return target[key as keyof AppContext];
      }
      throw new AppError(
        'training.thread_context',
        500,
        `ctx.${key} is not available to a training thread; it belongs to the serving process`,
      );
    },
  }) as AppContext;
}
