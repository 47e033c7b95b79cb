/** Training jobs and runs, model versions and their metrics. */

export interface TrainingConfig {
  dataset: string;
  datasetVersion?: number;
  model: string;
  epochs: number;
  batchSize: number;
  learningRate: number;
  seed: number;
  modelName?: string;
}

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface EpochProgress {
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
  loss: number;
  accuracy: number;
  samplesPerSecond: number;
}

/** One epoch of a run: training loss/accuracy, validation figures, learning rate, speed. */
export interface RunEpoch {
  epoch: number;
  loss: number;
  accuracy?: number;
  valLoss?: number;
  valAccuracy?: number;
  learningRate: number;
  seconds: number;
  samplesPerSecond: number;
}

/** A training run (a training job, a search trial or a cross-validation fold). */
export interface TrainingRun {
  id: string;
  jobId: string;
  kind: 'train' | 'trial' | 'fold';
  parentJobId: string | null;
  experiment: string | null;
  status: string;
  dataset: string;
  datasetVersion: number;
  datasetHash: string;
  template: string;
  config: Record<string, unknown>;
  epochs: RunEpoch[];
  /** test: headline figures; evaluation: the full report (confusion matrix, per class). */
  metrics: {
    test?: Record<string, number>;
    validation?: Record<string, number>;
    evaluation?: {
      classification?: {
        confusionMatrix: number[][];
        perClass: {
          class: string;
          precision: number;
          recall: number;
          f1: number;
          support: number;
        }[];
      };
    };
  } | null;
  system: {
    samplesPerSecond: number;
    seconds: number;
    peakRssBytes: number;
    backend: string;
  } | null;
  modelVersion: string | null;
  error: { code: string; message: string } | null;
  createdAt: string;
  finishedAt: string | null;
}

/** An event of `GET /api/v1/training/jobs/:id/events` (server-sent events). */
export type TrainingJobEvent =
  | { event: 'snapshot'; data: TrainingJob }
  | { event: 'progress'; data: EpochProgress & { runId?: string } }
  | { event: 'epoch'; data: RunEpoch & { runId?: string } }
  | { event: 'status'; data: { id: string; status: JobStatus } };

export interface TrainingJob {
  id: string;
  status: JobStatus;
  config: TrainingConfig;
  progress: EpochProgress | null;
  history: { epoch: number; loss: number; accuracy: number }[];
  result: { model: string; version: number } | null;
  error: { code: string; message: string } | null;
  createdAt: string;
  finishedAt: string | null;
}
