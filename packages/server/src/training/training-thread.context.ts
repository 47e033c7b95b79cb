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
    // The thread runs below the process's priority (training-thread.worker.mjs): its kernels'
    // helpers are its own, at that priority, not the serving threads' shared ones.
    background: lowersPriority(data.config.trainingNice),
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

/**
 * Whether a training thread runs below the process's OS priority (training-thread.worker.mjs):
 * on Linux, where setpriority on the calling thread changes that thread alone (elsewhere it would
 * lower the whole process).
 */
export function lowersPriority(nice: number): boolean {
  return nice > 0 && process.platform === 'linux';
}
