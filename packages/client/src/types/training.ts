/** Training jobs and runs (the server's contract types), model versions and their metrics. */

import type { TrainingJobView } from '@qudao/server/contract';

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
