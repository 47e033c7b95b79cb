import { initBackend } from '@qudao/ml';
import type { AppContext } from '../context.ts';
import { openSqlite } from '../db/database.ts';
import { JobReader } from '../jobs/job-reader.ts';
import { AppError } from '../shared/app-error.ts';
import { systemClock } from '../shared/clock.ts';
import type { TrainingThreadData } from './training-thread.types.ts';

/** A part of the context a training job never uses (serving, metering, billing). */
function unavailable(what: string): never {
  return new Proxy(
    {},
    {
      get(_target, key) {
        throw new AppError(
          'training.thread_context',
          500,
          `${what} (${String(key)}) is not available to a training thread; it belongs to the serving process`,
        );
      },
    },
  ) as never;
}

/**
 * The context a training job runs with in its thread: the same config, paths and workspace
 * database (its own connection; SQLite in WAL mode takes both writers), its own ML backend, and
 * read-only jobs. What serving, metering and billing keep in memory stays in the main thread.
 */
export async function openTrainingThreadContext(data: TrainingThreadData): Promise<AppContext> {
  const db = openSqlite(data.paths.database);
  const backend = await initBackend({ backend: data.config.backend, threads: data.config.threads });
  return {
    config: data.config,
    paths: data.paths,
    db,
    jobs: new JobReader(db),
    backend,
    ownerToken: '',
    clock: systemClock,
    periodClosed: [],
    modelCache: unavailable('the model cache'),
    endpoints: unavailable('the endpoint directory'),
    periods: unavailable('the closed periods'),
    metering: unavailable('metering'),
    metrics: unavailable('the metrics registry'),
    runtime: unavailable('the serving runtime'),
    servingMetrics: unavailable('the serving metrics'),
  };
}
