import { z } from 'zod';
import { Instant } from '../shared/contract.ts';
import {
  CrossValidationSchema,
  SearchSchema,
  TrainingConfigSchema,
} from './training-config.schemas.ts';

/**
 * What training answers: jobs, their live events, runs, evaluation reports. The wire form is
 * JSON, where a figure that is not a number (an accuracy of a regression, NaN) is `null`.
 */
const Figure = z.number().nullable();
const FigureMap = z.record(z.string(), Figure);
const Int = z.number().int();
const Count = z.number().int().nonnegative();
const Values = z.record(z.string(), z.unknown());

/** Where a training loop stands after a batch (ml's BatchProgress), with the run it belongs to. */
export const BatchProgressSchema = z
  .object({
    runId: z.string().optional(),
    epoch: Int,
    epochs: Int,
    batch: Int,
    batches: Int,
    /** Running means over the epoch so far; accuracy is null for regression. */
    loss: z.number(),
    accuracy: Figure,
    learningRate: z.number().optional(),
    samplesPerSecond: z.number(),
  })
  .meta({ id: 'BatchProgress' });

/** One epoch of a run (ml's EpochMetrics): training and validation figures, rate, speed. */
export const EpochMetricsSchema = z
  .object({
    epoch: Int,
    /** Always finite: a loss that is not a number stops training (training.diverged). */
    loss: z.number(),
    accuracy: Figure.optional(),
    valLoss: Figure.optional(),
    valAccuracy: Figure.optional(),
    learningRate: z.number(),
    seconds: z.number(),
    samplesPerSecond: z.number(),
  })
  .meta({ id: 'EpochMetrics' });

/** A training job's history: one entry per epoch. */
export const EpochEntrySchema = EpochMetricsSchema.extend({ runId: z.string() }).meta({
  id: 'EpochEntry',
});
/** A search's history: one entry per trial, with the objective's value under its own name. */
export const TrialEntrySchema = z
  .looseObject({ trial: Int, values: Values, runId: z.string() })
  .meta({ id: 'TrialEntry' });
/** A cross-validation's history: one entry per fold, with its headline metrics. */
export const FoldEntrySchema = z
  .looseObject({ fold: Int, runId: z.string() })
  .meta({ id: 'FoldEntry' });
export const JobHistoryEntrySchema = z.union([EpochEntrySchema, TrialEntrySchema, FoldEntrySchema]);

export const TrainingResultSchema = z.object({
  model: z.string(),
  version: Int,
  runId: z.string(),
});

export const SearchTrialResultSchema = z.object({
  trial: Int,
  values: Values,
  runId: z.string(),
  status: z.enum(['succeeded', 'refused', 'failed']),
  metrics: FigureMap.optional(),
  error: z.string().optional(),
});

export const SearchResultSchema = z.object({
  objective: z.string(),
  trials: z.array(SearchTrialResultSchema),
  best: z
    .object({
      trial: Int,
      value: Figure,
      values: Values,
      registered: z.object({ model: z.string(), version: Int }).nullable(),
    })
    .nullable(),
});

export const CrossValidationResultSchema = z.object({
  /** `name@version` of the dataset. */
  dataset: z.string(),
  rows: Count,
  folds: Int,
  perFold: z.array(FigureMap),
  summary: z.record(z.string(), z.object({ mean: Figure, std: Figure })),
  seconds: z.number(),
});

export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export const JobErrorSchema = z.object({ code: z.string(), message: z.string() });

/**
 * A payload as stored when it no longer fits its queue's schema (written by another version of
 * the code, or edited): the runner fails such a job with `jobs.bad_payload`, and it is still
 * listed as it is rather than breaking the list.
 */
const StoredPayload = z.record(z.string(), z.unknown());

const job = {
  id: z.string(),
  status: z.enum(JOB_STATUSES),
  progress: BatchProgressSchema.nullable(),
  error: JobErrorSchema.nullable(),
  createdAt: Instant,
  finishedAt: Instant.nullable(),
};

/** A training, search or cross-validation job: its config, progress, history and result. */
export const TrainingJobSchema = z
  .discriminatedUnion('kind', [
    z.object({
      kind: z.literal('training'),
      ...job,
      config: TrainingConfigSchema.or(StoredPayload),
      history: z.array(EpochEntrySchema),
      result: TrainingResultSchema.nullable(),
    }),
    z.object({
      kind: z.literal('training-search'),
      ...job,
      config: SearchSchema.or(StoredPayload),
      history: z.array(TrialEntrySchema),
      result: SearchResultSchema.nullable(),
    }),
    z.object({
      kind: z.literal('training-cv'),
      ...job,
      config: CrossValidationSchema.or(StoredPayload),
      history: z.array(FoldEntrySchema),
      result: CrossValidationResultSchema.nullable(),
    }),
  ])
  .meta({ id: 'TrainingJob' });

/**
 * One server-sent event of `GET /api/v1/training/jobs/:id/events`: `snapshot` (the job as it
 * stands), then `progress` (throttled), `epoch` (a history entry) and `status` as they happen.
 */
export const TrainingJobEventSchema = z
  .discriminatedUnion('event', [
    z.object({ event: z.literal('snapshot'), data: TrainingJobSchema }),
    z.object({ event: z.literal('progress'), data: BatchProgressSchema }),
    z.object({ event: z.literal('epoch'), data: JobHistoryEntrySchema }),
    z.object({
      event: z.literal('status'),
      data: z.object({
        id: z.string(),
        status: z.enum(JOB_STATUSES),
        result: z.unknown(),
        error: JobErrorSchema.nullable(),
      }),
    }),
  ])
  .meta({ id: 'TrainingJobEvent' });

const PrecisionRecall = z.object({ precision: z.number(), recall: z.number(), f1: z.number() });
const RegressionScores = z.object({
  samples: Count,
  mse: z.number(),
  mae: z.number(),
  rmse: z.number(),
  r2: z.number(),
});

/** ml's EvaluationReport: per-class scores and the confusion matrix, or regression errors. */
export const EvaluationReportSchema = z
  .object({
    task: z.enum(['classification', 'regression']),
    samples: Count,
    classification: z
      .object({
        samples: Count,
        accuracy: z.number(),
        logLoss: z.number(),
        perClass: z.array(PrecisionRecall.extend({ class: z.string(), support: Count })),
        macro: PrecisionRecall,
        micro: PrecisionRecall,
        /** confusionMatrix[actual][predicted]. */
        confusionMatrix: z.array(z.array(Count)),
        rocAuc: z.number().nullable(),
        rocAucPerClass: z.array(z.number().nullable()),
      })
      .optional(),
    regression: RegressionScores.extend({ meanBaseline: RegressionScores }).optional(),
  })
  .meta({ id: 'EvaluationReport' });

/** What a run measured: test (training jobs) or validation (trials, folds) headline figures. */
export const RunMetricsSchema = z.object({
  test: FigureMap.optional(),
  validation: FigureMap.optional(),
  train: z
    .object({ samples: Count, loss: Figure.optional(), accuracy: Figure.optional() })
    .optional(),
  evaluation: EvaluationReportSchema.optional(),
  trainSamplesPerSecond: z.number().optional(),
  trainSeconds: z.number().optional(),
  confusionMatrix: z.array(z.array(Count)).optional(),
});

/** What a run cost: speed, time, memory, where it ran. */
export const RunSystemSchema = z.object({
  samplesPerSecond: z.number(),
  seconds: z.number(),
  peakRssBytes: z.number(),
  peakTensorBytes: z.number(),
  backend: z.string(),
  cpus: Count,
  stoppedEarly: z.boolean(),
  bestEpoch: Int,
});

export const RUN_KINDS = ['train', 'trial', 'fold'] as const;

/** A training run (a training job, a search trial or a cross-validation fold). */
export const TrainingRunSchema = z
  .object({
    id: z.string(),
    jobId: z.string(),
    kind: z.enum(RUN_KINDS),
    parentJobId: z.string().nullable(),
    experiment: z.string().nullable(),
    status: z.enum(['running', 'succeeded', 'failed', 'cancelled']),
    dataset: z.string(),
    datasetVersion: Int,
    datasetHash: z.string(),
    template: z.string(),
    config: Values,
    epochs: z.array(EpochMetricsSchema),
    metrics: RunMetricsSchema.nullable(),
    system: RunSystemSchema.nullable(),
    /** `<model>@<version>` the run registered, if any. */
    modelVersion: z.string().nullable(),
    checkpointPath: z.string().nullable(),
    error: JobErrorSchema.nullable(),
    createdAt: Instant,
    finishedAt: Instant.nullable(),
  })
  .meta({ id: 'TrainingRun' });

export const RunComparisonSchema = z
  .object({
    a: TrainingRunSchema,
    b: TrainingRunSchema,
    /** Every metric of either run (flattened keys), with b − a where both are numbers. */
    metrics: z.array(
      z.object({ key: z.string(), a: z.unknown(), b: z.unknown(), delta: z.number().nullable() }),
    ),
    /** The config keys whose values differ. */
    config: z.array(z.object({ key: z.string(), a: z.unknown(), b: z.unknown() })),
  })
  .meta({ id: 'RunComparison' });

export const EvaluationSchema = z
  .object({
    model: z.string(),
    dataset: z.string(),
    split: z.enum(['train', 'test', 'validation']),
    headline: FigureMap,
    report: EvaluationReportSchema,
    seconds: z.number(),
  })
  .meta({ id: 'Evaluation' });

export type BatchProgressView = z.infer<typeof BatchProgressSchema>;
export type EpochMetricsView = z.infer<typeof EpochMetricsSchema>;
export type JobHistoryEntryView = z.infer<typeof JobHistoryEntrySchema>;
export type TrainingResult = z.infer<typeof TrainingResultSchema>;
export type SearchTrialResult = z.infer<typeof SearchTrialResultSchema>;
export type SearchResult = z.infer<typeof SearchResultSchema>;
export type CrossValidationJobResult = z.infer<typeof CrossValidationResultSchema>;
export type TrainingJobView = z.infer<typeof TrainingJobSchema>;
export type TrainingJobEventView = z.infer<typeof TrainingJobEventSchema>;
export type RunMetricsView = z.infer<typeof RunMetricsSchema>;
export type RunSystemFigures = z.infer<typeof RunSystemSchema>;
export type RunKind = (typeof RUN_KINDS)[number];
export type TrainingRunView = z.infer<typeof TrainingRunSchema>;
export type RunComparisonView = z.infer<typeof RunComparisonSchema>;
export type EvaluationView = z.infer<typeof EvaluationSchema>;
