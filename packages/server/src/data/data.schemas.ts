import { z } from 'zod';

export const DatasetNameSchema = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9._-]{0,63}$/,
    'use 1-64 lowercase letters, digits, dot, dash or underscore',
  );

export const ImportDatasetSchema = z
  .object({
    name: DatasetNameSchema,
    builtin: z.string().optional(),
    idx: z.object({ images: z.string().min(1), labels: z.string().min(1) }).optional(),
    testFraction: z.number().min(0.01).max(0.9).default(0.2),
    validationFraction: z.number().min(0).max(0.5).default(0),
    seed: z.number().int().min(0).default(42),
  })
  .refine((v) => Boolean(v.builtin) !== Boolean(v.idx), {
    message: 'give exactly one source: builtin or idx',
  });

export type ImportDatasetInput = z.input<typeof ImportDatasetSchema>;

export const DatasetRefParams = z.object({ name: DatasetNameSchema });
