import { z } from 'zod';

export const StartTrainingSchema = z.object({
  dataset: z.string().min(1),
  datasetVersion: z.number().int().positive().optional(),
  model: z.string().min(1),
  modelName: z
    .string()
    .regex(
      /^[a-z0-9][a-z0-9._-]{0,63}$/,
      'use 1-64 lowercase letters, digits, dot, dash or underscore',
    )
    .optional(),
  epochs: z.number().int().min(1).max(1000).default(5),
  batchSize: z.number().int().min(1).max(4096).default(64),
  learningRate: z.number().positive().max(10).default(0.001),
  seed: z.number().int().min(0).default(42),
});

export type StartTrainingInput = z.input<typeof StartTrainingSchema>;
