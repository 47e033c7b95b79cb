import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import {
  activeBackend,
  type EpochMetrics,
  type FitResume,
  headlineMetrics,
  imagePreparationOf,
  type LoadedDataset,
  loadModel,
  loadTrainingState,
  type Preprocessing,
  type RunOutcome,
  rowCountOf,
  saveModel,
  saveTrainingState,
  tf,
  trainAndEvaluate,
} from '@qudao/ml';
import type { AppContext } from '../context.ts';
import type { DatasetVersionView } from '../data/data.schemas.ts';
import { loadSplitDataset } from '../data/data.service.ts';
import type { JobContext } from '../jobs/job.ts';
import { recordTrainingReference } from '../monitoring/drift-reference.service.ts';
import type { ModelSignature } from '../registry/registry.schemas.ts';
import { registerVersion } from '../registry/registry.service.ts';
import type { TrainingPayload, TrainingResult } from './training.queues.ts';
import { configError } from './training.service.ts';
import {
  getRun,
  type RunHandle,
  reopenRun,
  startRun,
  systemFigures,
} from './training-runs.service.ts';

/** The figures stored with a model version and a run: headline test scores, the full report. */
export function runMetrics(outcome: RunOutcome, trainRows: number) {
  const last = outcome.fit.history[outcome.fit.history.length - 1];
  const c = outcome.report.classification;
  return {
    test: {
      samples: outcome.report.samples,
      ...headlineMetrics(outcome.report),
      ...(c ? { loss: c.logLoss } : {}),
    },
    train: { samples: trainRows, loss: last?.loss, accuracy: last?.accuracy },
    evaluation: outcome.report,
    trainSamplesPerSecond: outcome.fit.samplesPerSecond,
    trainSeconds: outcome.fit.seconds,
    ...(c ? { confusionMatrix: c.confusionMatrix } : {}),
  };
}

/** What a version takes and gives, checked at predict time. */
export function signatureOf(
  view: DatasetVersionView,
  preprocessing: Preprocessing,
): ModelSignature {
  return {
    kind: view.kind,
    task: view.task,
    inputShape:
      preprocessing.kind === 'text'
        ? [preprocessing.sequenceLength]
        : preprocessing.kind === 'tabular'
          ? [preprocessing.columns.length]
          : view.shape,
    classes: view.classes,
    ...(preprocessing.kind === 'tabular' ? { columns: preprocessing.columns } : {}),
    ...(preprocessing.kind === 'tabular' && preprocessing.target
      ? { target: preprocessing.target.name }
      : {}),
    // What serving applies to an image: size, channels, scale, inversion, as trained.
    ...(preprocessing.kind === 'image'
      ? { image: imagePreparationOf(preprocessing, preprocessing.shape) }
      : {}),
  };
}

/** Trains one config with progress, per-epoch history and checkpoints going to the job and run. */
export async function trainTracked(
  ctx: AppContext,
  config: TrainingPayload,
  splits: { train: LoadedDataset; evaluate: LoadedDataset; validation?: LoadedDataset },
  job: JobContext,
  run: RunHandle,
  options: { history?: boolean; initialWeights?: tf.Tensor[]; resume?: FitResume } = {},
): Promise<RunOutcome> {
  const checkpointDir = path.join(ctx.config.home, 'runs', run.id, 'checkpoint');
  try {
    return await trainAndEvaluate(config, splits, {
      initialWeights: options.initialWeights,
      resume: options.resume,
      signal: job.signal,
      onBatch: (progress) => job.progress({ runId: run.id, ...progress }),
      onEpoch: async (epoch) => {
        if (options.history !== false) await job.appendHistory({ runId: run.id, ...epoch });
        await run.addEpoch(epoch);
      },
      onCheckpoint: config.checkpoints
        ? async (epoch, model, optimizer, history) => {
            await mkdir(checkpointDir, { recursive: true });
            await saveModel(model, checkpointDir);
            // Written last: its epoch says which weights the folder holds, for a resume.
            await saveTrainingState(checkpointDir, epoch, history, optimizer);
            await run.setCheckpoint(checkpointDir);
          }
        : undefined,
    });
  } catch (error) {
    await run.fail(error, job.signal.aborted);
    throw error;
  }
}

/** Saves a trained model and registers it as the next version, with its lineage. */
export async function registerOutcome(
  ctx: AppContext,
  config: TrainingPayload,
  view: DatasetVersionView,
  outcome: RunOutcome,
  job: JobContext,
  metrics: object,
  runId: string,
) {
  // Another process closing the same workspace removes tmp/; make sure it is there.
  await mkdir(ctx.paths.tmp, { recursive: true });
  const staging = await mkdtemp(path.join(ctx.paths.tmp, 'model-'));
  try {
    const saved = await saveModel(outcome.model, staging, outcome.preprocessing);
    return await registerVersion(ctx, {
      model: config.modelName ?? `${config.dataset}-${config.model}`,
      template: config.model,
      datasetVersionId: view.id,
      jobId: job.jobId,
      // The run that produced it: `qudao runs show <runId>` has its epochs and system figures.
      config: { ...config, runId },
      metrics,
      signature: signatureOf(view, outcome.preprocessing),
      artifactDir: saved.dir,
      artifactHash: saved.hash,
      backend: activeBackend(),
    });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/**
 * What resuming a run starts from: its checkpoint's weights and, when the checkpoint has its
 * state file, the epoch and the optimizer's state (a checkpoint from before state files gives
 * weights only and continues after the run's recorded epochs).
 */
async function checkpointOf(
  ctx: AppContext,
  runId: string,
): Promise<{ weights: tf.Tensor[]; resume: FitResume }> {
  const run = await getRun(ctx, runId);
  const model = await loadModel(run.checkpointPath!);
  const weights = model.getWeights().map((w) => w.clone());
  model.dispose();
  const state = await loadTrainingState(run.checkpointPath!);
  const resume: FitResume = state
    ? { epoch: state.epoch, history: state.history, optimizerWeights: state.optimizerWeights }
    : { epoch: run.epochs.length, history: run.epochs as EpochMetrics[] };
  return { weights, resume };
}

/** The training job: load the split dataset, train, evaluate on the test split, register. */
export function trainingJobHandler(ctx: AppContext) {
  return async (payload: TrainingPayload, job: JobContext): Promise<TrainingResult> => {
    const split = await loadSplitDataset(ctx, payload.dataset, payload.datasetVersion);
    const refused = configError(payload, split.version);
    if (refused) throw refused;
    // A resume continues the same run from the epoch after its checkpoint (see training.md).
    const resumed = payload.resumeRun ? await checkpointOf(ctx, payload.resumeRun) : undefined;
    const run = payload.resumeRun
      ? await reopenRun(ctx, payload.resumeRun, {
          jobId: job.jobId,
          config: payload,
          epochs: resumed!.resume.history,
        })
      : await startRun(ctx, {
          jobId: job.jobId,
          kind: 'train',
          experiment: payload.experiment,
          datasetVersionId: split.version.id,
          template: payload.model,
          config: payload,
        });
    const outcome = await trainTracked(
      ctx,
      payload,
      { train: split.train, evaluate: split.test, validation: split.validation },
      job,
      run,
      { initialWeights: resumed?.weights, resume: resumed?.resume },
    ).finally(() =>
      tf.dispose([
        ...(resumed?.weights ?? []),
        ...(resumed?.resume.optimizerWeights ?? []).map((w) => w.tensor),
      ]),
    );
    try {
      const metrics = runMetrics(outcome, rowCountOf(split.train));
      const registered = await registerOutcome(
        ctx,
        payload,
        split.version,
        outcome,
        job,
        metrics,
        run.id,
      );
      // Monitoring's hook: the drift reference of the new version, from its training rows.
      await recordTrainingReference(
        ctx,
        registered.id,
        split.train,
        outcome.model,
        outcome.preprocessing,
      );
      await run.succeed(metrics, systemFigures(ctx, outcome.fit), registered.id);
      // The version holds the final weights now; the run's checkpoint was only a safety copy.
      await rm(path.join(ctx.config.home, 'runs', run.id), { recursive: true, force: true });
      await run.setCheckpoint(null);
      return { model: registered.model, version: registered.version, runId: run.id };
    } catch (error) {
      await run.fail(error, false);
      throw error;
    } finally {
      outcome.model.dispose();
    }
  };
}
