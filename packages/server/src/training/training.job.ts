import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import {
  activeBackend,
  evaluateClassifier,
  getTemplate,
  saveModel,
  trainImageClassifier,
} from '@qudao/ml';
import type { AppContext } from '../context.ts';
import { loadSplitDataset } from '../data/data.service.ts';
import type { JobContext } from '../jobs/job.ts';
import type { TrainingPayload, TrainingResult } from '../jobs/queues.ts';
import { registerVersion } from '../registry/registry.service.ts';

/** The training job: load the split dataset, train, evaluate on the test split, register. */
export function trainingJobHandler(ctx: AppContext) {
  return async (payload: TrainingPayload, job: JobContext): Promise<TrainingResult> => {
    const {
      version: dataVersion,
      train,
      test,
    } = await loadSplitDataset(ctx, payload.dataset, payload.datasetVersion);
    const template = getTemplate(payload.model)!;
    const model = template.create({
      inputShape: train.shape,
      classes: train.classes.length,
      learningRate: payload.learningRate,
      seed: payload.seed,
    });
    const staging = await mkdtemp(path.join(ctx.paths.tmp, 'model-'));
    try {
      const result = await trainImageClassifier(model, train, {
        epochs: payload.epochs,
        batchSize: payload.batchSize,
        seed: payload.seed,
        signal: job.signal,
        onBatch: (progress) => job.progress(progress),
        onEpoch: (summary) => void job.appendHistory(summary),
      });
      const testReport = await evaluateClassifier(model, test);
      const last = result.history[result.history.length - 1]!;
      const saved = await saveModel(model, staging);
      const metrics = {
        test: { accuracy: testReport.accuracy, loss: testReport.loss, samples: testReport.samples },
        train: { accuracy: last.accuracy, loss: last.loss, samples: train.labels.length },
        trainSamplesPerSecond: result.samplesPerSecond,
        trainSeconds: result.seconds,
        confusionMatrix: testReport.confusionMatrix,
      };
      const registered = await registerVersion(ctx, {
        model: payload.modelName ?? `${payload.dataset}-${payload.model}`,
        template: payload.model,
        datasetVersionId: dataVersion.id,
        jobId: job.jobId,
        config: payload,
        metrics,
        signature: { inputShape: train.shape, classes: train.classes },
        artifactDir: saved.dir,
        artifactHash: saved.hash,
        backend: activeBackend(),
      });
      return { model: registered.model, version: registered.version };
    } finally {
      model.dispose();
      await rm(staging, { recursive: true, force: true });
    }
  };
}
