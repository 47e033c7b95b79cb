import { z } from 'zod';

/**
 * Every queue's name, payload schema and result type in one place, so the producer and the
 * consumer of a job cannot drift apart.
 */
export const TrainingPayloadSchema = z.object({
  dataset: z.string().min(1),
  datasetVersion: z.number().int().positive().optional(),
  model: z.string().min(1),
  modelName: z.string().min(1).max(100).optional(),
  epochs: z.number().int().min(1).max(1000),
  batchSize: z.number().int().min(1).max(4096),
  learningRate: z.number().positive().max(10),
  seed: z.number().int().min(0),
});

export type TrainingPayload = z.infer<typeof TrainingPayloadSchema>;

export interface TrainingResult {
  model: string;
  version: number;
}

export const queues = {
  training: { payload: TrainingPayloadSchema },
} as const;

export type QueueName = keyof typeof queues;
export type QueuePayload<Q extends QueueName> = z.infer<(typeof queues)[Q]['payload']>;
export type QueueResult<Q extends QueueName> = Q extends 'training' ? TrainingResult : never;
