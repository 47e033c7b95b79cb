import { hostname } from 'node:os';
import type { Selectable } from 'kysely';
import type { AppContext } from '../context.ts';
import { getDatasetVersionById } from '../data/data.service.ts';
import type { UpgradeRunTable } from '../db/schema.ts';
import { raiseAlert } from '../monitoring/alerts.service.ts';
import {
  EXTERNAL_DATASET,
  getModelVersion,
  getModelVersionById,
} from '../registry/registry.service.ts';
import { setCanary } from '../serving/traffic.service.ts';
import { AppError, isAppError } from '../shared/app-error.ts';
import { sortableId } from '../shared/ids.ts';
import { parseInput } from '../shared/validate.ts';
import { startTraining } from '../training/training.service.ts';
import { evaluateVersion } from '../training/training-eval.service.ts';
import { retrainDataset } from './retrain-dataset.ts';
import { upgradeErrors } from './upgrade.errors.ts';
import {
  type RetrainInput,
  type RetrainOptions,
  RetrainSchema,
  type UpgradeRunView,
} from './upgrade.schemas.ts';
import * as store from './upgrade.store.ts';
import { policyOf } from './upgrade-policy.service.ts';

type RunRow = Selectable<UpgradeRunTable>;

/** This process, as runs record who runs their steps. */
export const WORKER = `${hostname()}:${process.pid}`;
type Step = UpgradeRunView['steps'][number];

/** Appends a step to a run (and sets its other fields), with the time of the step. */
export async function step(
  ctx: AppContext,
  run: RunRow,
  name: string,
  detail: object,
  patch: Partial<UpgradeRunTable> = {},
): Promise<RunRow> {
  const at = ctx.clock.now().toISOString();
  const steps: Step[] = [...JSON.parse(run.steps_json), { step: name, at, detail }];
  const next = { ...run, ...patch, steps_json: JSON.stringify(steps), updated_at: at };
  await store.updateRun(ctx.db, run.id, { ...patch, steps_json: next.steps_json, updated_at: at });
  return next;
}

/** Ends a run as failed, with the error's code and sentence, and raises an alert. */
async function fail(ctx: AppContext, run: RunRow, error: unknown): Promise<void> {
  const code = isAppError(error) ? error.code : 'upgrade.failed';
  const message = (error as Error)?.message ?? String(error);
  await step(
    ctx,
    run,
    'failed',
    { code, message },
    {
      status: 'failed',
      error_code: code,
      error_message: message,
      finished_at: ctx.clock.now().toISOString(),
    },
  );
  await raiseAlert(ctx, {
    kind: 'retrain.failed',
    endpointId: run.endpoint_id,
    endpoint: run.endpoint,
    message: `retraining of ${run.endpoint} (run ${run.id}) failed: ${message}`,
    detail: { run: run.id, code },
  });
}

async function versionRef(ctx: AppContext, id: string | null) {
  const v = id ? await getModelVersionById(ctx, id) : undefined;
  return v ? { model: v.model, version: v.version } : null;
}

export async function runView(ctx: AppContext, run: RunRow): Promise<UpgradeRunView> {
  const dataset = run.dataset_version_id
    ? await getDatasetVersionById(ctx, run.dataset_version_id)
    : undefined;
  return {
    id: run.id,
    endpoint: run.endpoint,
    trigger: run.trigger,
    status: run.status as UpgradeRunView['status'],
    actor: run.actor,
    production: await versionRef(ctx, run.production_version_id),
    candidate: await versionRef(ctx, run.candidate_version_id),
    dataset: dataset ? { name: dataset.dataset, version: dataset.version } : null,
    trainingJobId: run.training_job_id,
    options: JSON.parse(run.options_json),
    steps: JSON.parse(run.steps_json),
    error: run.error_code ? { code: run.error_code, message: run.error_message ?? '' } : null,
    createdAt: run.created_at,
    updatedAt: run.updated_at,
    finishedAt: run.finished_at,
  };
}

/** The training config of the candidate: production's own, on the new data, with the changes. */
function candidateConfig(
  production: { config: unknown; model: string },
  options: RetrainOptions,
  dataset: { dataset: string; version: number },
) {
  const { runId: _r, resumeRun: _s, ...config } = production.config as Record<string, unknown>;
  const changes = options.training;
  return {
    ...config,
    ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)),
    dataset: dataset.dataset,
    datasetVersion: dataset.version,
    modelName: production.model,
  } as Parameters<typeof startTraining>[1];
}

/**
 * Starts one turn of the upgrade loop for an endpoint: a data set version of the production
 * version's training data plus the endpoint's labelled predictions, and a training job of the
 * production version's config on it. The rest (evaluation, canary, promotion or rollback)
 * follows as the job finishes and the canary takes traffic; each step is recorded on the run.
 */
export async function startRetrain(
  ctx: AppContext,
  name: string,
  input: RetrainInput | undefined,
  actor: string,
  trigger: 'manual' | 'schedule' | 'drift' = 'manual',
): Promise<UpgradeRunView> {
  const traffic = await ctx.endpoints.traffic(name);
  const policy = await policyOf(ctx, traffic.id);
  const options = parseInput(RetrainSchema, { ...policy.retrain, ...(input ?? {}) }, 'retraining');
  const [active] = await store.activeRuns(ctx.db, traffic.id);
  if (active) throw upgradeErrors.runActive(name, active.id, active.status);
  const production = traffic.primary ? await getModelVersionById(ctx, traffic.primary) : undefined;
  if (!production) throw upgradeErrors.noLineage(`endpoint "${name}"'s version`);
  if (
    production.datasetVersionId.startsWith(EXTERNAL_DATASET) ||
    production.dataset === '(deleted)'
  ) {
    throw upgradeErrors.noLineage(`${production.model}@${production.version}`);
  }
  const now = ctx.clock.now().toISOString();
  let run: RunRow = {
    id: sortableId('upg'),
    endpoint_id: traffic.id,
    endpoint: name,
    trigger,
    status: 'dataset',
    actor,
    worker: WORKER,
    options_json: JSON.stringify(options),
    production_version_id: production.id,
    candidate_version_id: null,
    dataset_version_id: null,
    training_job_id: null,
    canary_since: null,
    steps_json: JSON.stringify([
      {
        step: 'started',
        at: now,
        detail: { trigger, actor, production: `${production.model}@${production.version}` },
      },
    ]),
    error_code: null,
    error_message: null,
    created_at: now,
    updated_at: now,
    finished_at: null,
  };
  await store.insertRun(ctx.db, run);
  try {
    const data = await retrainDataset(ctx, production, { id: traffic.id, name });
    run = await step(
      ctx,
      run,
      'dataset',
      {
        dataset: `${data.version.dataset}@${data.version.version}`,
        base: `${data.base.dataset}@${data.base.version}`,
        feedbackRows: data.added,
        skipped: data.skipped,
        heldOut: data.base.splits.test,
      },
      { dataset_version_id: data.version.id },
    );
    const job = await startTraining(ctx, candidateConfig(production, options, data.version));
    run = await step(
      ctx,
      run,
      'training',
      { job: job.id },
      { status: 'training', training_job_id: job.id },
    );
    ctx.monitoring.track(ctx.jobs.waitFor(job.id).then(() => afterTraining(ctx, run.id)));
  } catch (error) {
    await fail(ctx, run, error);
  }
  return runView(ctx, (await store.findRun(ctx.db, run.id))!);
}

/** Higher is better for accuracy; lower for RMSE. */
function scoreOf(headline: Record<string, number | undefined>) {
  if (headline.accuracy !== undefined)
    return { metric: 'accuracy', value: headline.accuracy, higher: true };
  return { metric: 'rmse', value: headline.rmse ?? Number.POSITIVE_INFINITY, higher: false };
}

/**
 * After the training job: scores production and the candidate on the same held-out rows (the
 * test split both data set versions share); a better candidate (or any, with `force`) goes out
 * as a canary, a worse one is rejected and nothing changes.
 */
export async function afterTraining(ctx: AppContext, runId: string): Promise<void> {
  let run = (await store.findRun(ctx.db, runId))!;
  if (run.status !== 'training') return;
  try {
    const job = await ctx.jobs.get(run.training_job_id!);
    if (job?.status !== 'succeeded') {
      const why = job?.error ?? {
        code: 'upgrade.training_failed',
        message: 'the training job did not finish',
      };
      await fail(ctx, run, new AppError(why.code, 500, why.message));
      return;
    }
    const result = job.result as { model: string; version: number };
    const candidate = await getModelVersion(ctx, result.model, result.version);
    const production = (await getModelVersionById(ctx, run.production_version_id))!;
    run = await step(
      ctx,
      run,
      'trained',
      { version: `${candidate.model}@${candidate.version}`, job: job.id },
      {
        status: 'evaluating',
        candidate_version_id: candidate.id,
      },
    );
    const dataset = (await getDatasetVersionById(ctx, run.dataset_version_id!))!;
    const heldOut = {
      dataset: dataset.dataset,
      datasetVersion: dataset.version,
      split: 'test' as const,
    };
    const before = await evaluateVersion(ctx, {
      model: `${production.model}@${production.version}`,
      ...heldOut,
    });
    const after = await evaluateVersion(ctx, {
      model: `${candidate.model}@${candidate.version}`,
      ...heldOut,
    });
    const p = scoreOf(before.headline as Record<string, number>);
    const c = scoreOf(after.headline as Record<string, number>);
    const options = JSON.parse(run.options_json) as RetrainOptions;
    const gain = p.higher ? c.value - p.value : p.value - c.value;
    const better = gain > options.minImprovement;
    run = await step(ctx, run, 'evaluated', {
      heldOut: `${dataset.dataset}@${dataset.version} (test, ${before.report.samples} rows)`,
      metric: p.metric,
      production: p.value,
      candidate: c.value,
      better,
    });
    if (!better && !options.force) {
      await step(
        ctx,
        run,
        'rejected',
        {
          why: `${p.metric} ${c.value.toFixed(4)} is not better than production's ${p.value.toFixed(4)}`,
        },
        {
          status: 'rejected',
          finished_at: ctx.clock.now().toISOString(),
        },
      );
      return;
    }
    await setCanary(
      ctx,
      run.endpoint,
      { version: candidate.version, percent: options.canaryPercent },
      `upgrade:${run.id}`,
    );
    await step(
      ctx,
      run,
      'canary',
      { version: candidate.version, percent: options.canaryPercent, forced: !better },
      {
        status: 'canary',
        canary_since: ctx.clock.now().toISOString(),
      },
    );
  } catch (error) {
    await fail(ctx, run, error);
  }
}

export async function getRun(ctx: AppContext, id: string): Promise<UpgradeRunView> {
  const run = await store.findRun(ctx.db, id);
  if (!run) throw upgradeErrors.runNotFound(id);
  return runView(ctx, run);
}

export async function listRuns(ctx: AppContext, query: { endpoint?: string; limit?: number }) {
  const endpointId = query.endpoint ? await ctx.endpoints.idOf(query.endpoint) : undefined;
  const rows = await store.listRuns(ctx.db, endpointId, query.limit ?? 50);
  return Promise.all(rows.map((r) => runView(ctx, r)));
}

export { fail as failRun };
