import { defineQueue, type QueuePayload } from '../jobs/queues.ts';
import { CrossValidationSchema, SearchSchema, TrainingConfigSchema } from './training.schemas.ts';

/** What a training job returns: the registered version and the run that produced it. */
export interface TrainingResult {
  model: string;
  version: number;
  runId: string;
}

/** One trial of a search: its values, its run, and its validation scores or why it did not run. */
export interface SearchTrialResult {
  trial: number;
  values: Record<string, unknown>;
  runId: string;
  status: 'succeeded' | 'refused' | 'failed';
  metrics?: Record<string, number>;
  error?: string;
}

export interface SearchResult {
  objective: string;
  trials: SearchTrialResult[];
  best: {
    trial: number;
    value: number;
    values: Record<string, unknown>;
    registered: { model: string; version: number } | null;
  } | null;
}

export interface CrossValidationJobResult {
  /** `name@version` of the dataset. */
  dataset: string;
  rows: number;
  folds: number;
  perFold: Record<string, number>[];
  summary: Record<string, { mean: number; std: number }>;
  seconds: number;
}

/** A training run: the config as `training.schemas.ts` defines it (dataset version resolved). */
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
