/** Training jobs and runs (the server's contract types), model versions and their metrics. */

import type { TrainingConfig, TrainingJobView } from '@qudao/server/contract';

export type {
  BatchProgressView as EpochProgress,
  EpochMetricsView as RunEpoch,
  JobHistoryEntryView as JobHistoryEntry,
  TrainingConfig,
  TrainingJobEventView as TrainingJobEvent,
  TrainingJobView as TrainingJob,
  TrainingRunView as TrainingRun,
} from '@qudao/server/contract';

export type JobStatus = TrainingJobView['status'];

export interface Metrics {
  test: { accuracy: number; loss: number; samples: number };
  train: { accuracy: number; loss: number };
  trainSamplesPerSecond: number;
  trainSeconds: number;
  confusionMatrix?: number[][];
}

export interface ModelVersion {
  model: string;
  version: number;
  template: string;
  datasetVersionId: string;
  dataset: string;
  datasetVersion: number;
  config: TrainingConfig;
  metrics: Metrics;
  inputShape: number[];
  classes: string[];
  artifactHash: string;
  backend: string;
  createdAt: string;
}

export interface Model {
  name: string;
  versions: ModelVersion[];
}
