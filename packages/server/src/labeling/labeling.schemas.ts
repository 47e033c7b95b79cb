import { z } from 'zod';
import { DatasetNameSchema } from '../data/data.schemas.ts';

export const OpenQueueSchema = z.object({
  dataset: DatasetNameSchema,
  version: z.number().int().min(1).optional(),
  /** Unlabelled rows (default), or every row (for a second opinion and agreement). */
  rows: z.enum(['unlabeled', 'all']).default('unlabeled'),
  limit: z.number().int().min(1).optional(),
  seed: z.number().int().min(0).default(42),
  /** `<model>@<version>` (or alias): score the queued items for least-confident-first order. */
  model: z.string().min(1).optional(),
});
export type OpenQueueInput = z.input<typeof OpenQueueSchema>;

export const NextItemSchema = z.object({
  dataset: DatasetNameSchema,
  version: z.number().int().min(1).optional(),
  labeler: z.string().min(1).max(100),
  order: z.enum(['order', 'random', 'least-confident']).default('order'),
  /** Answers wanted per item: 2 to measure agreement between people. */
  answersPerItem: z.number().int().min(1).max(5).default(1),
  /** With least-confident order: score the items no model has scored yet with this version. */
  model: z.string().min(1).optional(),
});
export type NextItemInput = z.input<typeof NextItemSchema>;

export const AnswerSchema = z.object({
  dataset: DatasetNameSchema,
  itemId: z.string().min(1),
  labeler: z.string().min(1).max(100),
  label: z.string().min(1),
});
export type AnswerInput = z.input<typeof AnswerSchema>;
