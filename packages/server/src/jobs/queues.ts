import type { z } from 'zod';
import {
  CrossValidationSchema,
  SearchSchema,
  TrainingConfigSchema,
} from '../training/training.schemas.ts';

/**
 * Every queue's name, payload schema and result type in one place, so the producer and the
 * consumer of a job cannot drift apart.
 */
/** A training run: the config as `training.schemas.ts` defines it (dataset version resolved). */
export const TrainingPayloadSchema = TrainingConfigSchema;

export type TrainingPayload = z.infer<typeof TrainingPayloadSchema>;

export interface TrainingResult {
  model: string;
  version: number;
  runId: string;
}

export type SearchPayload = z.infer<typeof SearchSchema>;
export type CrossValidationPayload = z.infer<typeof CrossValidationSchema>;

export const queues = {
  training: { payload: TrainingPayloadSchema },
  /** Grid or random hyperparameter search; each trial is a run. */
  'training-search': { payload: SearchSchema },
  /** k-fold cross-validation; each fold is a run. */
  'training-cv': { payload: CrossValidationSchema },
} as const;

export type QueueName = keyof typeof queues;
export type QueuePayload<Q extends QueueName> = z.infer<(typeof queues)[Q]['payload']>;
export type QueueResult<Q extends QueueName> = Q extends 'training' ? TrainingResult : never;
