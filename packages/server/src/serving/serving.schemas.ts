import { z } from 'zod';

export const EndpointNameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'use 1-63 lowercase letters, digits or dashes');

export const DeploySchema = z.object({
  name: EndpointNameSchema,
  model: z.string().min(1),
  version: z.number().int().positive(),
});

export type DeployInput = z.input<typeof DeploySchema>;

export const EndpointParams = z.object({ name: z.string().min(1).max(100) });

/** `<model>@<version>` or `<model>@<alias>`. */
export const ModelRefParams = z.object({ ref: z.string().min(1) });

/** Rows (tabular) or texts for one version, at most 1,000 a call. */
export const PredictVersionBody = z.object({ inputs: z.array(z.unknown()).min(1).max(1000) });
