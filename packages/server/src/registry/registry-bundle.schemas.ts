import { z } from 'zod';
import { Instant } from '../shared/contract.ts';
import {
  ModelMetricsSchema,
  ModelSignatureSchema,
  StoredModelCardSchema,
} from './registry.schemas.ts';

/**
 * The metadata a `.qudao-model` bundle carries (registry-transfer.service.ts writes it). A bundle
 * is a file from elsewhere: every field is checked as any input is, so what it registers is a
 * version every route can answer about.
 */
export const BundleMetadataSchema = z.object({
  format: z.literal('qudao-model-version/1'),
  model: z.string().min(1).max(200),
  version: z.number().int().positive(),
  template: z.string().min(1).max(200),
  dataset: z.object({
    name: z.string().min(1).max(200),
    version: z.number().int().nonnegative(),
    hash: z.string().max(200),
  }),
  config: z.unknown(),
  metrics: ModelMetricsSchema,
  signature: ModelSignatureSchema,
  card: StoredModelCardSchema.nullable().optional(),
  artifactHash: z.string().min(1).max(200),
  backend: z.string().min(1).max(100),
  createdAt: Instant,
});

export type BundleMetadata = z.infer<typeof BundleMetadataSchema>;
