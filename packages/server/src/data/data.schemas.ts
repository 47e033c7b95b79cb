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
    /** A CIFAR-10 binary batch file, or a folder of data_batch_*.bin. */
    cifar: z.string().min(1).optional(),
    /** A folder with one sub-folder per class: images (resized) or UTF-8 text files. */
    folder: z
      .object({
        path: z.string().min(1),
        type: z.enum(['images', 'texts']),
        height: z.number().int().min(1).max(1024).default(28),
        width: z.number().int().min(1).max(1024).default(28),
        channels: z.union([z.literal(1), z.literal(3)]).default(1),
      })
      .optional(),
    clean: z
      .object({
        off: z
          .array(
            z.enum([
              'missing_fields',
              'unparsable',
              'out_of_range',
              'duplicates',
              'near_duplicates',
              'conflicting_labels',
              'unreadable',
              'trim_whitespace',
            ]),
          )
          .default([]),
      })
      .default({ off: [] }),
    testFraction: z.number().min(0.01).max(0.9).default(0.2),
    validationFraction: z.number().min(0).max(0.5).default(0),
    seed: z.number().int().min(0).default(42),
  })
  .refine((v) => [v.builtin, v.idx, v.cifar, v.folder].filter(Boolean).length === 1, {
    message: 'give exactly one source: builtin, idx, cifar or folder',
  });

export type ImportDatasetInput = z.input<typeof ImportDatasetSchema>;

export const DatasetRefParams = z.object({ name: DatasetNameSchema });

const CleaningRuleSchema = z.enum([
  'missing_fields',
  'unparsable',
  'out_of_range',
  'duplicates',
  'near_duplicates',
  'conflicting_labels',
  'unreadable',
  'trim_whitespace',
]);

export const TableSourceSchema = z.object({
  path: z.string().min(1),
  /** Name recorded as each row's source (default: the file name). */
  name: z.string().min(1).max(200).optional(),
  format: z.enum(['csv', 'tsv', 'jsonl']).optional(),
  delimiter: z.string().length(1).optional(),
  header: z.union([z.boolean(), z.literal('auto')]).default('auto'),
  /** Dataset column → this source's column; only mapped columns are read. */
  mapping: z.record(z.string(), z.string()).optional(),
  /** This source's label values → the dataset's class names (e.g. "1" → "spam"). */
  labelValues: z.record(z.string(), z.string()).optional(),
});

export const ImportTableSchema = z.object({
  name: DatasetNameSchema,
  sources: z.array(TableSourceSchema).min(1).max(32),
  label: z.string().optional(),
  text: z.string().optional(),
  features: z.array(z.string()).min(1).optional(),
  task: z.enum(['classification', 'regression']).optional(),
  ranges: z.record(z.string(), z.tuple([z.number(), z.number()])).optional(),
  keepUnlabeled: z.boolean().default(false),
  clean: z.object({ off: z.array(CleaningRuleSchema).default([]) }).default({ off: [] }),
  testFraction: z.number().min(0.01).max(0.9).default(0.2),
  validationFraction: z.number().min(0).max(0.5).default(0),
  seed: z.number().int().min(0).default(42),
});

export type ImportTableInput = z.input<typeof ImportTableSchema>;

export const DatasetVersionParams = z.object({
  name: DatasetNameSchema,
  version: z.coerce.number().int().min(1),
});

/** What goes with an uploaded file (the multipart field `options`, JSON, sent before the file). */
export const UploadOptionsSchema = ImportTableSchema.omit({ name: true, sources: true })
  .extend(TableSourceSchema.omit({ path: true, name: true }).shape)
  .extend({
    /** A table (CSV/TSV/JSONL, .gz or in a .zip), or a .zip of image or text folders per class. */
    type: z.enum(['table', 'images', 'texts']).default('table'),
    height: z.number().int().min(1).max(1024).optional(),
    width: z.number().int().min(1).max(1024).optional(),
    channels: z.union([z.literal(1), z.literal(3)]).optional(),
  });
export type UploadOptions = z.input<typeof UploadOptionsSchema>;
