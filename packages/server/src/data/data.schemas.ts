import { z } from 'zod';
import { Instant, route } from '../shared/contract.ts';
import { ACCESS } from '../shared/roles.ts';

export const DatasetNameSchema = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9._-]{0,63}$/,
    'use 1-64 lowercase letters, digits, dot, dash or underscore',
  );

/** The cleaning rules a request can switch off (ml's CLEANING_RULES). */
export const CleaningRuleSchema = z.enum([
  'missing_fields',
  'unparsable',
  'out_of_range',
  'duplicates',
  'near_duplicates',
  'conflicting_labels',
  'unreadable',
  'trim_whitespace',
]);

/** A path on the server: longer ones no file system takes (PATH_MAX is 4096 on Linux). */
const ImportPath = z.string().min(1).max(4096);

export const ImportDatasetSchema = z
  .object({
    name: DatasetNameSchema,
    builtin: z.string().optional(),
    idx: z.object({ images: ImportPath, labels: ImportPath }).optional(),
    /** A CIFAR-10 binary batch file, or a folder of data_batch_*.bin. */
    cifar: ImportPath.optional(),
    /** A folder with one sub-folder per class: images (resized) or UTF-8 text files. */
    folder: z
      .object({
        path: ImportPath,
        type: z.enum(['images', 'texts']),
        height: z.number().int().min(1).max(1024).default(28),
        width: z.number().int().min(1).max(1024).default(28),
        channels: z.union([z.literal(1), z.literal(3)]).default(1),
      })
      .optional(),
    clean: z
      .object({
        off: z.array(CleaningRuleSchema).default([]),
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

export const TableSourceSchema = z.object({
  path: ImportPath,
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

/** `POST /api/v1/datasets/import`: a built-in data set (server-side files go through the CLI). */
export const ImportBuiltinSchema = z.object({
  name: DatasetNameSchema,
  builtin: z.string().min(1),
  testFraction: z.number().min(0.01).max(0.9).optional(),
  validationFraction: z.number().min(0).max(0.5).optional(),
  seed: z.number().int().min(0).optional(),
});

const Count = z.number().int().nonnegative();

export const CleaningSummarySchema = z
  .object({
    inputRows: Count,
    keptRows: Count,
    droppedRows: Count,
    byRule: z.record(z.string(), z.object({ dropped: Count, fixed: Count })),
  })
  .meta({ id: 'CleaningSummary' });

export const DatasetVersionSchema = z
  .object({
    id: z.string(),
    dataset: z.string(),
    version: z.number().int().positive(),
    hash: z.string(),
    rowCount: Count,
    kind: z.enum(['image', 'tabular', 'text']),
    task: z.enum(['classification', 'regression']),
    /** [height, width, channels] for images, [features] for tables, [] for text. */
    shape: z.array(z.number().int()),
    classes: z.array(z.string()),
    /** Feature columns of a table. */
    columns: z.array(z.string()).optional(),
    /** Target (label) column of a table. */
    targetName: z.string().optional(),
    /** Rows per class (unlabelled rows are not counted). */
    labelDistribution: z.record(z.string(), Count),
    /** min, max, mean of a regression target. */
    targetStats: z.object({ min: z.number(), max: z.number(), mean: z.number() }).optional(),
    /** Class-imbalance and size warnings. */
    warnings: z.array(z.string()),
    splits: z.object({
      train: Count,
      test: Count,
      validation: Count,
      seed: z.number().int().nullable(),
    }),
    /** Names of the sources of a merged version (each row keeps its source index). */
    sources: z.array(z.string()).optional(),
    source: z.string(),
    /** `name@version` this version was made from (cleaning, labeling, merge), or null. */
    parent: z.string().nullable(),
    cleaning: CleaningSummarySchema.optional(),
    createdAt: Instant,
  })
  .meta({ id: 'DatasetVersion' });

export const DatasetSchema = z
  .object({ name: z.string(), versions: Count, latest: DatasetVersionSchema })
  .meta({ id: 'Dataset' });

/** A row a cleaning rule dropped: where it came from and why. */
export const DroppedRowSchema = z.object({
  rule: CleaningRuleSchema,
  reason: z.string(),
  source: z.string(),
  line: z.number().int(),
  record: z.unknown(),
});

/** How the columns of a table became the dataset (ml's TablePlan). */
export const TablePlanSchema = z.object({
  kind: z.enum(['tabular', 'text']),
  task: z.enum(['classification', 'regression']),
  label: z.string(),
  text: z.string().optional(),
  features: z.array(z.string()),
  ignored: z.array(z.object({ column: z.string(), why: z.string() })),
  ranges: z.record(z.string(), z.tuple([z.number(), z.number()])),
  keepUnlabeled: z.boolean(),
});

export const CleaningReportSchema = z
  .object({
    rules: z.record(z.string(), z.boolean()),
    inputRows: Count,
    keptRows: Count,
    droppedRows: Count,
    byRule: z.record(
      z.string(),
      z.object({ dropped: Count, fixed: Count, examples: z.array(DroppedRowSchema) }),
    ),
    /** Table imports: how the columns were read, and the sources' names. */
    plan: TablePlanSchema.optional(),
    sources: z.array(z.string()).optional(),
  })
  .meta({ id: 'CleaningReport' });

/** What a person looks at in one row: the text, the feature values by column, or the pixels. */
export const RowContentSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('text'), text: z.string() }),
  z.object({ kind: z.literal('tabular'), values: z.record(z.string(), z.number()) }),
  z.object({
    kind: z.literal('image'),
    /** [height, width, channels]; `pixels` is row-major, channels last, 0..255. */
    shape: z.tuple([z.number().int(), z.number().int(), z.number().int()]),
    pixels: z.array(z.number().int()),
  }),
]);

/** The most rows one preview page holds; image pages hold at most 1M pixel values in all. */
export const MAX_PREVIEW_ROWS = 100;
export const MAX_PREVIEW_VALUES = 1_000_000;

export const DatasetRowsQuery = z.object({
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(MAX_PREVIEW_ROWS).default(24),
});

export const DatasetRowsSchema = z
  .object({
    /** Rows in the version (unlabelled rows included). */
    total: Count,
    offset: Count,
    rows: z.array(
      z.object({
        row: Count,
        split: z.enum(['train', 'test', 'validation']),
        /** The row's class (null: unlabelled, or a regression). */
        label: z.string().nullable(),
        /** A regression row's target. */
        value: z.number().nullable(),
        content: RowContentSchema,
      }),
    ),
  })
  .meta({ id: 'DatasetRows' });

export type RowContentView = z.infer<typeof RowContentSchema>;
export type DatasetRowsView = z.infer<typeof DatasetRowsSchema>;

export type DatasetVersionView = z.infer<typeof DatasetVersionSchema>;
export type DatasetView = z.infer<typeof DatasetSchema>;
export type CleaningSummary = z.infer<typeof CleaningSummarySchema>;
export type CleaningReportView = z.infer<typeof CleaningReportSchema>;

const datasetPath = '/api/v1/datasets/:name';
const createdOrSame =
  '201 with the new version; 200 with the latest version when the content hash is unchanged.';

export const dataContract = {
  list: route({
    method: 'GET',
    path: '/api/v1/datasets',
    summary: 'List datasets with their latest version',
    access: ACCESS.staffRead,
    response: z.array(DatasetSchema),
  }),
  get: route({
    method: 'GET',
    path: datasetPath,
    summary: "A dataset's latest version",
    access: ACCESS.staffRead,
    params: DatasetRefParams,
    response: DatasetVersionSchema,
  }),
  versions: route({
    method: 'GET',
    path: `${datasetPath}/versions`,
    summary: 'Every version of a dataset, oldest first',
    access: ACCESS.staffRead,
    params: DatasetRefParams,
    response: z.array(DatasetVersionSchema),
  }),
  report: route({
    method: 'GET',
    path: `${datasetPath}/versions/:version/report`,
    summary: 'The cleaning report of a version (rules, counts, examples), or null',
    access: ACCESS.staffRead,
    params: DatasetVersionParams,
    response: CleaningReportSchema.nullable(),
  }),
  rows: route({
    method: 'GET',
    path: `${datasetPath}/versions/:version/rows`,
    summary: 'A page of rows of a version as a person reads them (texts, values, pixels)',
    access: ACCESS.staffRead,
    params: DatasetVersionParams,
    query: DatasetRowsQuery,
    response: DatasetRowsSchema,
  }),
  importBuiltin: route({
    method: 'POST',
    path: '/api/v1/datasets/import',
    summary: 'Import a built-in data set as the next version',
    description: createdOrSame,
    access: ACCESS.staff,
    body: ImportBuiltinSchema,
    status: 201,
    response: DatasetVersionSchema,
  }),
  importTable: route({
    method: 'POST',
    path: '/api/v1/datasets/import-table',
    summary: 'Import (and integrate) tables from the server’s import folders',
    description: createdOrSame,
    access: ACCESS.staff,
    body: ImportTableSchema,
    status: 201,
    response: DatasetVersionSchema,
  }),
  upload: route({
    method: 'POST',
    path: `${datasetPath}/upload`,
    summary: 'Upload one file (CSV, TSV, JSONL, .gz, or a .zip) as the next version',
    description: `multipart/form-data: an \`options\` field (JSON, UploadOptions) first, then one file. ${createdOrSame}`,
    access: ACCESS.staff,
    params: DatasetRefParams,
    bodyTypes: ['multipart/form-data'],
    status: 201,
    response: DatasetVersionSchema,
  }),
};
