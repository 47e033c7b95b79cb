import { z } from 'zod';
import {
  DatasetNameSchema,
  DatasetRefParams,
  DatasetVersionSchema,
  RowContentSchema,
} from '../data/data.schemas.ts';
import { route } from '../shared/contract.ts';
import { ACCESS } from '../shared/roles.ts';

const VersionNumber = z.number().int().min(1);
export const LABELING_ORDERS = ['order', 'random', 'least-confident'] as const;

/** Opening (or extending) the queue of a dataset version; the dataset comes from the path. */
export const OpenQueueBodySchema = z.object({
  version: VersionNumber.optional(),
  /** Unlabelled rows (default), or every row (for a second opinion and agreement). */
  rows: z.enum(['unlabeled', 'all']).default('unlabeled'),
  limit: z.number().int().min(1).optional(),
  seed: z.number().int().min(0).default(42),
  /** `<model>@<version>` (or alias): score the queued items for least-confident-first order. */
  model: z.string().min(1).optional(),
});
export const OpenQueueSchema = OpenQueueBodySchema.extend({ dataset: DatasetNameSchema });
export type OpenQueueInput = z.input<typeof OpenQueueSchema>;

/** What `GET …/labeling/next` takes in its query string (numbers arrive as text). */
export const NextItemQuerySchema = z.object({
  version: z.coerce.number().int().min(1).optional(),
  labeler: z.string().min(1).max(100),
  order: z.enum(LABELING_ORDERS).default('order'),
  /** Answers wanted per item: 2 to measure agreement between people. */
  answersPerItem: z.coerce.number().int().min(1).max(5).default(1),
  /** With least-confident order: score the items no model has scored yet with this version. */
  model: z.string().min(1).optional(),
});
export const NextItemSchema = z.object({
  dataset: DatasetNameSchema,
  version: VersionNumber.optional(),
  labeler: z.string().min(1).max(100),
  order: z.enum(LABELING_ORDERS).default('order'),
  answersPerItem: z.number().int().min(1).max(5).default(1),
  model: z.string().min(1).optional(),
});
export type NextItemInput = z.input<typeof NextItemSchema>;

export const AnswerBodySchema = z.object({
  itemId: z.string().min(1),
  labeler: z.string().min(1).max(100),
  label: z.string().min(1),
});
export const AnswerSchema = AnswerBodySchema.extend({ dataset: DatasetNameSchema });
export type AnswerInput = z.input<typeof AnswerSchema>;

export const VersionQuerySchema = z.object({ version: z.coerce.number().int().min(1).optional() });
export const ExportBodySchema = z.object({ version: VersionNumber.optional() });

export const ConfidencesSchema = z.object({
  version: VersionNumber.optional(),
  scores: z.array(z.object({ row: z.number().int().min(0), confidence: z.number().min(0).max(1) })),
});

const Count = z.number().int().nonnegative();

export const LabelingStatsSchema = z
  .object({
    dataset: z.string(),
    version: z.number().int(),
    items: Count,
    answered: Count,
    /** Answers per labeler. */
    byLabeler: z.record(z.string(), Count),
    /** Cohen's kappa of each pair of labelers over the items both answered. */
    agreement: z.array(
      z.object({ labelers: z.tuple([z.string(), z.string()]), items: Count, kappa: z.number() }),
    ),
    /** Items whose answers disagree. */
    disputed: Count,
    /** When the queue was opened with a model: which version scored how many items. */
    scores: z.object({ model: z.string(), scored: Count }).optional(),
  })
  .meta({ id: 'LabelingStats' });

/** What a person looks at: the text, the feature values by column, or the image pixels. */
export const LabelingContentSchema = RowContentSchema;

export const LabelingItemSchema = z
  .object({
    id: z.string(),
    row: Count,
    /** `unlabeled`, or `review` for a row that has a label already. */
    reason: z.string(),
    /** A model's top class probability, for least-confident-first order. */
    confidence: z.number().nullable(),
    classes: z.array(z.string()),
    currentLabel: z.string().nullable(),
    content: LabelingContentSchema,
  })
  .meta({ id: 'LabelingItem' });

export const NextItemReplySchema = z.object({
  item: LabelingItemSchema.nullable(),
  /** Open items left for this labeler. */
  remaining: Count,
});

export const LabelAnswerSchema = z
  .object({ itemId: z.string(), labeler: z.string(), label: z.string() })
  .meta({ id: 'LabelAnswer' });

export const LabeledVersionSchema = DatasetVersionSchema.extend({
  /** Rows whose label the answers changed. */
  changed: Count,
}).meta({ id: 'LabeledVersion' });

export type LabelingStatsView = z.infer<typeof LabelingStatsSchema>;
export type LabelingItemView = z.infer<typeof LabelingItemSchema>;
export type NextItemView = z.infer<typeof NextItemReplySchema>;
export type LabelAnswerView = z.infer<typeof LabelAnswerSchema>;
export type LabelingOrder = (typeof LABELING_ORDERS)[number];

const base = '/api/v1/datasets/:name/labeling';

export const labelingContract = {
  open: route({
    method: 'POST',
    path: base,
    summary: 'Open (or extend) the labeling queue of a dataset version',
    access: ACCESS.staff,
    params: DatasetRefParams,
    body: OpenQueueBodySchema,
    response: LabelingStatsSchema,
  }),
  next: route({
    method: 'GET',
    path: `${base}/next`,
    summary: 'The next item for a labeler, or null when none is left',
    access: ACCESS.staffRead,
    params: DatasetRefParams,
    query: NextItemQuerySchema,
    response: NextItemReplySchema,
  }),
  answer: route({
    method: 'POST',
    path: `${base}/answers`,
    summary: "Record a labeler's answer for an item (answering again replaces it)",
    access: ACCESS.staff,
    params: DatasetRefParams,
    body: AnswerBodySchema,
    status: 201,
    response: LabelAnswerSchema,
  }),
  stats: route({
    method: 'GET',
    path: `${base}/stats`,
    summary: 'Progress and agreement between labelers',
    access: ACCESS.staffRead,
    params: DatasetRefParams,
    query: VersionQuerySchema,
    response: LabelingStatsSchema,
  }),
  confidences: route({
    method: 'POST',
    path: `${base}/confidences`,
    summary: "Set items' model confidences for least-confident-first order",
    access: ACCESS.staff,
    params: DatasetRefParams,
    body: ConfidencesSchema,
    response: z.object({ updated: Count }),
  }),
  export: route({
    method: 'POST',
    path: `${base}/export`,
    summary: 'Write the labelled set as the next dataset version (majority label per row)',
    description:
      '201 with the new version; 200 with the latest version when nothing changed its content.',
    access: ACCESS.staff,
    params: DatasetRefParams,
    body: ExportBodySchema,
    status: 201,
    response: LabeledVersionSchema,
  }),
};
