import { cpus } from 'node:os';
import type { EpochMetrics, FitResult } from '@qudao/ml';
import type { AppContext } from '../context.ts';
import { getDatasetVersionById } from '../data/data.service.ts';
import { getModelVersionById } from '../registry/registry.service.ts';
import { newId, nowIso } from '../shared/ids.ts';
import { jobFailureOf } from './job-failures.ts';
import { trainingErrors } from './training.errors.ts';
import * as store from './training-runs.store.ts';
import type {
  RunComparisonView,
  RunKind,
  RunSystemFigures,
  TrainingRunView,
} from './training-views.schemas.ts';

export type { RunKind, RunSystemFigures, TrainingRunView } from './training-views.schemas.ts';

export function systemFigures(ctx: AppContext, fit: FitResult): RunSystemFigures {
  return {
    samplesPerSecond: fit.samplesPerSecond,
    seconds: fit.seconds,
    peakRssBytes: fit.peakRssBytes,
    peakTensorBytes: fit.peakTensorBytes,
    backend: ctx.backend.name,
    cpus: cpus().length,
    stoppedEarly: fit.stoppedEarly,
    bestEpoch: fit.bestEpoch,
  };
}

/** Records a run as started; the returned handle appends epochs and finishes it. */
export async function startRun(
  ctx: AppContext,
  input: {
    jobId: string;
    kind: RunKind;
    parentJobId?: string | null;
    experiment?: string | null;
    datasetVersionId: string;
    template: string;
    config: object;
  },
) {
  const id = newId('run');
  const epochs: EpochMetrics[] = [];
  await store.insertRun(ctx.db, {
    id,
    job_id: input.jobId,
    kind: input.kind,
    parent_job_id: input.parentJobId ?? null,
    experiment: input.experiment ?? null,
    status: 'running',
    dataset_version_id: input.datasetVersionId,
    template: input.template,
    config_json: JSON.stringify(input.config),
    epochs_json: '[]',
    metrics_json: null,
    system_json: null,
    model_version_id: null,
    checkpoint_path: null,
    error_code: null,
    error_message: null,
    created_at: nowIso(),
    finished_at: null,
  });
  return runHandle(ctx, id, epochs);
}

/**
 * Takes a failed or cancelled run up again for the job resuming it: the same run id, its epochs
 * up to the checkpoint's (an epoch recorded after the checkpoint is trained again), running.
 */
export async function reopenRun(
  ctx: AppContext,
  id: string,
  input: { jobId: string; config: object; epochs: EpochMetrics[] },
) {
  const run = await getRun(ctx, id);
  if (run.status !== 'failed' && run.status !== 'cancelled')
    throw trainingErrors.cannotResume(
      id,
      `it is ${run.status}; only a failed or cancelled run resumes`,
    );
  const epochs = [...input.epochs];
  await store.updateRun(ctx.db, id, {
    job_id: input.jobId,
    status: 'running',
    config_json: JSON.stringify(input.config),
    epochs_json: JSON.stringify(epochs),
    error_code: null,
    error_message: null,
    finished_at: null,
  });
  return runHandle(ctx, id, epochs);
}

function runHandle(ctx: AppContext, id: string, epochs: EpochMetrics[]) {
  return {
    id,
    addEpoch: async (epoch: EpochMetrics) => {
      epochs.push(epoch);
      await store.updateRun(ctx.db, id, { epochs_json: JSON.stringify(epochs) });
    },
    setCheckpoint: (dir: string | null) => store.updateRun(ctx.db, id, { checkpoint_path: dir }),
    succeed: (
      metrics: object,
      system: RunSystemFigures | null,
      modelVersionId: string | null = null,
    ) =>
      store.updateRun(ctx.db, id, {
        status: 'succeeded',
        metrics_json: JSON.stringify(metrics),
        system_json: system ? JSON.stringify(system) : null,
        model_version_id: modelVersionId,
        finished_at: nowIso(),
      }),
    fail: (error: unknown, cancelled: boolean) => {
      // The same code and sentence the job will fail with.
      const failure = jobFailureOf(error) as { code: string; message: string };
      return store.updateRun(ctx.db, id, {
        status: cancelled ? 'cancelled' : 'failed',
        error_code: cancelled ? 'jobs.cancelled' : failure.code,
        error_message: failure.message,
        finished_at: nowIso(),
      });
    },
  };
}

export type RunHandle = ReturnType<typeof runHandle>;

export async function getRun(ctx: AppContext, id: string): Promise<TrainingRunView> {
  const row = await store.findRun(ctx.db, id);
  if (!row) throw trainingErrors.runNotFound(id);
  return toView(ctx, row);
}

export async function listRuns(
  ctx: AppContext,
  filter: { experiment?: string; jobId?: string; limit?: number } = {},
): Promise<TrainingRunView[]> {
  const rows = await store.listRuns(ctx.db, { ...filter, limit: filter.limit ?? 100 });
  return Promise.all(rows.map((r) => toView(ctx, r)));
}

/** Two runs side by side: every metric of either, and the config keys whose values differ. */
export async function compareRuns(
  ctx: AppContext,
  a: string,
  b: string,
): Promise<RunComparisonView> {
  const [left, right] = [await getRun(ctx, a), await getRun(ctx, b)];
  const flat = (run: TrainingRunView) => ({
    ...flatten((run.metrics as Record<string, unknown>) ?? {}),
    ...(run.system ? flatten({ system: run.system }) : {}),
  });
  const lm = flat(left);
  const rm = flat(right);
  const metrics = [...new Set([...Object.keys(lm), ...Object.keys(rm)])].sort().map((key) => ({
    key,
    a: lm[key] ?? null,
    b: rm[key] ?? null,
    delta:
      typeof lm[key] === 'number' && typeof rm[key] === 'number'
        ? (rm[key] as number) - (lm[key] as number)
        : null,
  }));
  const lc = flatten(left.config);
  const rc = flatten(right.config);
  const config = [...new Set([...Object.keys(lc), ...Object.keys(rc)])]
    .sort()
    .filter((key) => JSON.stringify(lc[key]) !== JSON.stringify(rc[key]))
    .map((key) => ({ key, a: lc[key] ?? null, b: rc[key] ?? null }));
  return { a: left, b: right, metrics, config };
}

/** { a: { b: 1 } } → { 'a.b': 1 }; arrays stay whole. */
export function flatten(value: Record<string, unknown>, prefix = ''): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === 'object' && !Array.isArray(v))
      Object.assign(out, flatten(v as Record<string, unknown>, key));
    else out[key] = v;
  }
  return out;
}

async function toView(ctx: AppContext, row: store.TrainingRunRow): Promise<TrainingRunView> {
  if (row.status === 'running') {
    // A run whose job ended without finishing it (its process died: jobs.interrupted).
    const job = await ctx.jobs.get(row.job_id);
    if (job && ['failed', 'cancelled', 'succeeded'].includes(job.status)) {
      const error = job.error ?? {
        code: 'jobs.interrupted',
        message: 'the job ended before this run finished',
      };
      await store.updateRun(ctx.db, row.id, {
        status: job.status === 'cancelled' ? 'cancelled' : 'failed',
        error_code: error.code,
        error_message: error.message,
        finished_at: job.finishedAt,
      });
      return toView(ctx, (await store.findRun(ctx.db, row.id))!);
    }
  }
  const dataset = await getDatasetVersionById(ctx, row.dataset_version_id);
  const version = row.model_version_id
    ? await getModelVersionById(ctx, row.model_version_id)
    : undefined;
  return {
    id: row.id,
    jobId: row.job_id,
    kind: row.kind as RunKind,
    parentJobId: row.parent_job_id,
    experiment: row.experiment,
    status: row.status as TrainingRunView['status'],
    dataset: dataset?.dataset ?? '(deleted)',
    datasetVersion: dataset?.version ?? 0,
    datasetHash: dataset?.hash ?? '',
    template: row.template,
    config: JSON.parse(row.config_json),
    epochs: JSON.parse(row.epochs_json),
    metrics: row.metrics_json ? (JSON.parse(row.metrics_json) as TrainingRunView['metrics']) : null,
    system: row.system_json ? JSON.parse(row.system_json) : null,
    modelVersion: version ? `${version.model}@${version.version}` : null,
    checkpointPath: row.checkpoint_path,
    error: row.error_code ? { code: row.error_code, message: row.error_message ?? '' } : null,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
  };
}
