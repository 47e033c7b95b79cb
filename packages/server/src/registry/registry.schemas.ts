import { z } from 'zod';

/** Alias names: lowercase words such as production, staging, champion (not numbers: those are versions). */
export const AliasName = z
  .string()
  .regex(
    /^[a-z][a-z0-9_-]{0,39}$/,
    'an alias is 1-40 lowercase letters, digits, dash or underscore, starting with a letter',
  );

export const TagKey = z
  .string()
  .regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'a tag key is 1-64 letters, digits, _ . : or -');

export const SetAliasSchema = z.object({ version: z.number().int().positive() });
export const SetTagSchema = z.object({ value: z.string().max(500) });

/** A model card: what the version is for and what to know before using it. */
export const ModelCardSchema = z.object({
  summary: z.string().max(2000).optional(),
  intendedUse: z.string().max(4000).optional(),
  outOfScope: z.string().max(4000).optional(),
  limitations: z.string().max(4000).optional(),
  ethicalConsiderations: z.string().max(4000).optional(),
  owners: z.array(z.string().max(200)).max(20).optional(),
});

export type ModelCardInput = z.input<typeof ModelCardSchema>;
