import { z } from 'zod';
import { Instant, route } from '../shared/contract.ts';
import { ACCESS } from '../shared/roles.ts';

/** `:name` of an endpoint (serving's; repeated so monitoring stays below serving). */
const EndpointParams = z.object({ name: z.string().min(1).max(100) });

const Output = z
  .object({
    labels: z.array(z.string()).optional(),
    /** The top class's probability, per row. */
    confidence: z.array(z.number()).optional(),
    values: z.array(z.number()).optional(),
  })
  .meta({ id: 'LoggedOutput' });

export const PredictionFeedbackSchema = z
  .object({
    predictionId: z.string(),
    label: z.string().nullable(),
    value: z.number().nullable(),
    /** Whether the logged answer was the true label (null for regression). */
    correct: z.boolean().nullable(),
    absError: z.number().nullable(),
    at: Instant,
  })
  .meta({ id: 'PredictionFeedback' });

export type PredictionFeedbackView = z.infer<typeof PredictionFeedbackSchema>;

const ShadowAnswer = z.object({
  model: z.string(),
  version: z.number().int(),
  output: Output.nullable(),
  /** Whether it said what the answer said. */
  agrees: z.boolean().nullable(),
  latencyMs: z.number(),
  errorCode: z.string().nullable(),
});

export const LoggedPredictionSchema = z
  .object({
    id: z.string(),
    endpoint: z.string(),
    model: z.string(),
    version: z.number().int(),
    /** primary or canary: which side answered. */
    arm: z.string(),
    customerId: z.string().nullable(),
    partnerId: z.string().nullable(),
    at: Instant,
    latencyMs: z.number(),
    status: z.number().int(),
    errorCode: z.string().nullable(),
    rows: z.number().int(),
    /** image, rows, texts, or none (an input the model refused). */
    inputKind: z.string(),
    output: Output.nullable(),
    feedback: PredictionFeedbackSchema.nullable(),
    /** What shadow versions answered to the same input (staff only: callers never see them). */
    shadows: z.array(ShadowAnswer),
  })
  .meta({ id: 'LoggedPrediction' });

export type LoggedPredictionView = z.infer<typeof LoggedPredictionSchema>;

export const PredictionParams = z.object({ predictionId: z.string().min(1).max(100) });

export const PredictionListQuery = z.object({
  endpoint: z.string().optional(),
  version: z.coerce.number().int().positive().optional(),
  arm: z.enum(['primary', 'canary']).optional(),
  /** Only predictions logged before this instant (the next page). */
  before: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

/** The true answer of a prediction: a class label, or a value for regression. */
export const FeedbackBodySchema = z
  .object({ label: z.string().min(1).max(200).optional(), value: z.number().optional() })
  .refine((v) => (v.label === undefined) !== (v.value === undefined), {
    message: 'give exactly one of label or value',
  })
  .meta({ id: 'PredictionFeedbackRequest' });

export type FeedbackInput = z.input<typeof FeedbackBodySchema>;

export const VersionLiveSchema = z
  .object({
    model: z.string(),
    version: z.number().int(),
    arm: z.string(),
    calls: z.number().int(),
    errors: z.number().int(),
    errorRate: z.number().nullable(),
    latencyP50: z.number().nullable(),
    latencyP95: z.number().nullable(),
    /** Labels among the version's last `window` labelled predictions. */
    feedback: z.number().int(),
    accuracy: z.number().nullable(),
    meanAbsError: z.number().nullable(),
    /** Shadow: share of calls where it said what the answer said. */
    agreement: z.number().nullable(),
  })
  .meta({ id: 'VersionLive' });

export type VersionLiveView = z.infer<typeof VersionLiveSchema>;

export const EndpointLiveSchema = z
  .object({
    endpoint: z.string(),
    since: Instant,
    window: z.number().int(),
    versions: z.array(VersionLiveSchema),
  })
  .meta({ id: 'EndpointLive' });

export const LiveQuery = z.object({
  /** Accuracy over each version's last this many labels. */
  window: z.coerce.number().int().min(1).max(100_000).default(500),
  /** Calls, errors and latency over the last this many hours. */
  hours: z.coerce
    .number()
    .min(0.01)
    .max(24 * 90)
    .default(24),
});

export const ColumnDriftSchema = z
  .object({
    column: z.string(),
    kind: z.enum(['numeric', 'categorical']),
    method: z.enum(['ks', 'chisquare', 'z', 'wasserstein', 'jensenshannon', 'psi']),
    /** p-value (ks, chisquare, z: drift below the threshold) or distance (drift at or above). */
    score: z.number(),
    threshold: z.number(),
    drifted: z.boolean(),
    referenceRows: z.number().int(),
    currentRows: z.number().int(),
  })
  .meta({ id: 'ColumnDrift' });

export const DriftReportSchema = z
  .object({
    endpoint: z.string(),
    model: z.string(),
    version: z.number().int(),
    kind: z.string(),
    checkedAt: Instant,
    /** Whether the window was large enough to judge (see `minRows`). */
    enough: z.boolean(),
    drifted: z.boolean(),
    /** Share of input columns that drifted (data set drift: at least half). */
    share: z.number(),
    columns: z.array(ColumnDriftSchema),
    /** The predicted classes (or values) against those on the reference. */
    prediction: ColumnDriftSchema.nullable(),
    message: z.string(),
    /** The alert a check recorded (null: no drift, or only a report). */
    alertId: z.string().nullable(),
  })
  .meta({ id: 'DriftReport' });

export type DriftReportView = z.infer<typeof DriftReportSchema>;

export const DriftQuery = z.object({
  /** The newest this many logged calls of the version. */
  window: z.coerce.number().int().min(10).max(20_000).default(500),
  /** Fewer logged calls than this: not enough to judge, no alert. */
  minRows: z.coerce.number().int().min(10).max(20_000).default(200),
  /** Default: the endpoint's main version. */
  version: z.coerce.number().int().positive().optional(),
});

export const AlertSchema = z
  .object({
    id: z.string(),
    /** drift, canary.rolled_back, retrain.failed. */
    kind: z.string(),
    endpoint: z.string().nullable(),
    model: z.string().nullable(),
    version: z.number().int().nullable(),
    message: z.string(),
    detail: z.record(z.string(), z.unknown()),
    at: Instant,
    /** none: no QUDAO_ALERT_WEBHOOK; sent; failed (with the reason). */
    webhook: z.object({ status: z.string(), error: z.string().nullable() }),
  })
  .meta({ id: 'Alert' });

export type AlertView = z.infer<typeof AlertSchema>;

export const AlertQuery = z.object({
  endpoint: z.string().optional(),
  kind: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

export const RollupSchema = z
  .object({
    day: z.string(),
    endpoint: z.string(),
    model: z.string(),
    version: z.number().int(),
    arm: z.string(),
    calls: z.number().int(),
    errors: z.number().int(),
    latencyMean: z.number(),
    latencyP50: z.number(),
    latencyP95: z.number(),
    labels: z.record(z.string(), z.number()),
    feedback: z.number().int(),
    correct: z.number().int(),
    agreements: z.number().int(),
  })
  .meta({ id: 'PredictionRollup' });

export type RollupView = z.infer<typeof RollupSchema>;

export const RollupQuery = z.object({
  endpoint: z.string().optional(),
  /** First day (YYYY-MM-DD); default 30 days back. */
  since: z.string().optional(),
});

export const monitoringContract = {
  listPredictions: route({
    method: 'GET',
    path: '/api/v1/predictions',
    summary: 'The prediction log, newest first (a partner sees its customers’, a customer its own)',
    access: ACCESS.anyone,
    query: PredictionListQuery,
    response: z.array(LoggedPredictionSchema),
  }),
  getPrediction: route({
    method: 'GET',
    path: '/api/v1/predictions/:predictionId',
    summary: 'One logged prediction, with its feedback',
    access: ACCESS.anyone,
    params: PredictionParams,
    response: LoggedPredictionSchema,
  }),
  feedback: route({
    method: 'POST',
    path: '/api/v1/predictions/:predictionId/feedback',
    summary: 'The true label of a prediction (a customer labels its own predictions only)',
    access: ACCESS.staffOrCustomer,
    params: PredictionParams,
    body: FeedbackBodySchema,
    response: PredictionFeedbackSchema,
  }),
  live: route({
    method: 'GET',
    path: '/api/v1/endpoints/:name/live',
    summary: 'Calls, errors, latency and feedback accuracy of each version an endpoint runs',
    access: ACCESS.staffRead,
    params: EndpointParams,
    query: LiveQuery,
    response: EndpointLiveSchema,
  }),
  drift: route({
    method: 'GET',
    path: '/api/v1/endpoints/:name/drift',
    summary: 'Drift of the logged inputs and predictions against the training reference',
    access: ACCESS.staffRead,
    params: EndpointParams,
    query: DriftQuery,
    response: DriftReportSchema,
  }),
  checkDrift: route({
    method: 'POST',
    path: '/api/v1/endpoints/:name/drift/check',
    summary: 'Check drift now and record (and send) an alert if it drifted',
    access: ACCESS.staff,
    params: EndpointParams,
    query: DriftQuery,
    response: DriftReportSchema,
  }),
  alerts: route({
    method: 'GET',
    path: '/api/v1/alerts',
    summary: 'Alerts: drift, canaries rolled back, retraining that failed (newest first)',
    access: ACCESS.staffRead,
    query: AlertQuery,
    response: z.array(AlertSchema),
  }),
  rollups: route({
    method: 'GET',
    path: '/api/v1/prediction-rollups',
    summary: 'Daily roll-ups of the prediction log (what remains after its retention)',
    access: ACCESS.staffRead,
    query: RollupQuery,
    response: z.array(RollupSchema),
  }),
};
