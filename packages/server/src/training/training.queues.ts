import { defineQueue, type QueuePayload } from '../jobs/queues.ts';
import {
  CrossValidationSchema,
  SearchSchema,
  TrainingConfigSchema,
} from './training-config.schemas.ts';
import type {
  CrossValidationJobResult,
  SearchResult,
  TrainingResult,
} from './training-views.schemas.ts';

export type {
  CrossValidationJobResult,
  SearchResult,
  SearchTrialResult,
  TrainingResult,
} from './training-views.schemas.ts';

/** A training run: the config as `training-config.schemas.ts` defines it (dataset version resolved). */
export const trainingQueue = defineQueue<TrainingResult>()('training', TrainingConfigSchema);
/** Grid or random hyperparameter search; each trial is a run. */
export const searchQueue = defineQueue<SearchResult>()('training-search', SearchSchema);
/** k-fold cross-validation; each fold is a run. */
export const crossValidationQueue = defineQueue<CrossValidationJobResult>()(
  'training-cv',
  CrossValidationSchema,
);

declare module '../jobs/queues.ts' {
  interface Queues {
    training: typeof trainingQueue;
    'training-search': typeof searchQueue;
    'training-cv': typeof crossValidationQueue;
  }
}

/** The queues whose jobs are training jobs (`qudao train`, search, cross-validation). */
export const TRAINING_QUEUES = [
  trainingQueue.name,
  searchQueue.name,
  crossValidationQueue.name,
] as const;

export type TrainingPayload = QueuePayload<'training'>;
export type SearchPayload = QueuePayload<'training-search'>;
export type CrossValidationPayload = QueuePayload<'training-cv'>;
