import { z } from 'zod';
import {
  AliasName,
  ModelNameParams,
  ModelRefParams,
  ModelVersionSchema,
} from '../registry/registry.schemas.ts';
import { Instant, route } from '../shared/contract.ts';
import { ACCESS } from '../shared/roles.ts';

export const EndpointNameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'use 1-63 lowercase letters, digits or dashes');

/**
 * How an endpoint batches concurrent calls (rows, not requests). Each field left out keeps the
 * endpoint's current value, or the server's default (QUDAO_BATCH_MAX_ROWS, QUDAO_BATCH_MAX_DELAY_MS,
 * QUDAO_QUEUE_MAX_ROWS) for a new endpoint.
 */
export const BatchingSchema = z
  .object({
    /** Most rows one batch holds; a call with more runs as several batches of this size. */
    maxBatchRows: z.number().int().min(1).max(4096),
    /** Longest a row waits for others while a worker is free, in ms (0: never waits). */
    maxDelayMs: z.number().min(0).max(1000),
    /** Most rows waiting; past it calls answer 503 serving.overloaded with Retry-After. */
    maxQueueRows: z.number().int().min(1).max(1_000_000),
  })
  .meta({ id: 'Batching' });

/**
 * Serve a model by a pinned `version`, or by a registry `alias` (e.g. `production`): an endpoint
 * that routes by alias follows it, so `qudao models alias` moves its traffic.
 */
export const DeploySchema = z
  .object({
    name: EndpointNameSchema,
    model: z.string().min(1),
    version: z.number().int().positive().optional(),
    alias: AliasName.optional(),
    batching: BatchingSchema.partial().optional(),
  })
  .refine((v) => (v.version === undefined) !== (v.alias === undefined), {
    message: 'give exactly one of version or alias',
  });

export type DeployInput = z.input<typeof DeploySchema>;

export const EndpointParams = z.object({ name: z.string().min(1).max(100) });

/** At most this many rows or texts a call. */
export const MAX_PREDICT_INPUTS = 1000;

/** Rows (tabular) or texts for one version, at most 1,000 a call. */
export const PredictVersionBody = z.object({
  inputs: z.array(z.unknown()).min(1).max(MAX_PREDICT_INPUTS),
});

const Pixel = z.number().min(0).max(255);

/**
 * An image as JSON: `height` rows of `width` pixels, each a number (one channel) or a list of
 * `channels` numbers (e.g. `[r, g, b]`), or all values flat in that order. Values are 0..255,
 * or 0..1 when none is above 1.
 */
export const JsonImageSchema = z
  .union([z.array(z.array(z.union([Pixel, z.array(Pixel)]))), z.array(Pixel)])
  .meta({ id: 'JsonImage' });

/**
 * What a prediction takes as JSON: an image for image models; rows (arrays in column order or
 * objects keyed by column) or texts for tabular and text models. PNG bodies (`image/png`, or a
 * multipart file field) are the other way to send an image.
 */
export const PredictBodySchema = z
  .union([
    z.object({ image: JsonImageSchema }),
    z.object({ inputs: z.array(z.unknown()).min(1) }),
    z.object({ text: z.string() }),
  ])
  .meta({ id: 'PredictRequest' });

export type PredictRequest = z.input<typeof PredictBodySchema>;

/** A canary or shadow: the version it runs (null: its alias points nowhere now) and its share. */
export const TrafficArmSchema = z
  .object({
    model: z.string(),
    version: z.number().int().nullable(),
    /** The alias it follows, or null when pinned to `version`. */
    alias: z.string().nullable(),
    /** Canary: share of callers (sticky per caller); shadow: share of calls also sent to it. */
    percent: z.number(),
    since: Instant,
  })
  .meta({ id: 'TrafficArm' });

/** Where an endpoint's calls go besides its main version (see docs/serving.md, Traffic). */
export const EndpointTrafficSchema = z
  .object({
    /** The registry alias the endpoint routes by, or null when it pins `version`. */
    alias: z.string().nullable(),
    canary: TrafficArmSchema.nullable(),
    shadow: TrafficArmSchema.nullable(),
  })
  .meta({ id: 'EndpointTraffic' });

export type EndpointTrafficView = z.infer<typeof EndpointTrafficSchema>;

export const EndpointSchema = z
  .object({
    name: z.string(),
    /** The model and version it serves ('(deleted)' and 0 if that version is gone). */
    model: z.string(),
    version: z.number().int(),
    status: z.enum(['active', 'stopped']),
    inputShape: z.array(z.number().int()),
    classes: z.array(z.string()),
    /** The batching in effect (the endpoint's own values, else the server's defaults). */
    batching: BatchingSchema,
    usage: z.object({
      calls: z.number().int(),
      avgLatencyMs: z.number().nullable(),
      lastCallAt: Instant.nullable(),
    }),
    createdAt: Instant,
    traffic: EndpointTrafficSchema,
  })
  .meta({ id: 'Endpoint' });

export type EndpointView = z.infer<typeof EndpointSchema>;

const ClassProbability = z.object({ label: z.string(), probability: z.number() });

/** One input's answer: a class with every class's probability, or a value (regression). */
export const RowPredictionSchema = z
  .union([
    z.object({ label: z.string(), probabilities: z.array(ClassProbability) }),
    z.object({ value: z.number() }),
  ])
  .meta({ id: 'RowPrediction' });

export type RowPredictionView = z.infer<typeof RowPredictionSchema>;

export const PredictionSchema = z
  .object({
    /** Names this answer in the prediction log: `POST /api/v1/predictions/:id/feedback` labels it. */
    predictionId: z.string(),
    endpoint: z.string(),
    model: z.string(),
    version: z.number().int(),
    /** The predicted class of the (first) input, for classifiers. */
    label: z.string().optional(),
    probabilities: z.array(ClassProbability).optional(),
    /** The predicted value of the (first) input, for regression models. */
    value: z.number().optional(),
    /** One prediction per input, for tabular and text models. */
    predictions: z.array(RowPredictionSchema).optional(),
    latencyMs: z.number(),
    /** Whether the call was metered (a customer's call); the owner's test calls are not. */
    billed: z.boolean(),
  })
  .meta({ id: 'Prediction' });

export type PredictionView = z.infer<typeof PredictionSchema>;

export const VersionPredictionsSchema = z
  .object({ predictions: z.array(RowPredictionSchema) })
  .meta({ id: 'VersionPredictions' });

/** Media types a prediction takes besides JSON. */
export const PREDICT_BODY_TYPES = ['image/png', 'multipart/form-data'] as const;

export const IdempotencyHeaders = z.object({
  /** A repeated call with the same key answers the saved answer and is billed once. */
  'idempotency-key': z.string().min(1).max(255).optional(),
});

const list = (what: string) =>
  z
    .string()
    .min(1)
    .transform((v) => v.split(',').map((x) => x.trim()))
    .refine((v) => v.every((x) => x.length > 0), `give ${what} separated by commas`);

/**
 * How an ONNX model trained elsewhere is served (query of the import; the file is the body).
 * Its input shape and layout (NCHW as PyTorch exports, or NHWC) are read from the file.
 */
export const OnnxImportQuery = z.object({
  /** `image`: PNG or JSON images, prepared like ours; `tabular`: rows of numbers, fed as they are. */
  kind: z.enum(['image', 'tabular']),
  /** Output classes in order, comma-separated (`0,1,…,9`); leave out for a tabular regression. */
  classes: list('the class names').optional(),
  /** Tabular: the feature names, comma-separated (default `x1`, `x2`, …). */
  columns: list('the column names').optional(),
  /** Image: multiplies 0..255 pixel values (default 1/255: the model reads 0..1). */
  scale: z.coerce
    .number()
    .positive()
    .default(1 / 255),
  /** Image: invert PNGs with a light border (models trained on light-on-dark digits). */
  invert: z.enum(['true', 'false']).default('false'),
});

export type OnnxImportOptions = z.output<typeof OnnxImportQuery>;

/** The media type of an ONNX file upload. */
export const ONNX_TYPE = 'application/octet-stream';

export const servingContract = {
  listEndpoints: route({
    method: 'GET',
    path: '/api/v1/endpoints',
    summary: 'Endpoints with the version they serve and their usage',
    access: ACCESS.staffRead,
    response: z.array(EndpointSchema),
  }),
  deploy: route({
    method: 'POST',
    path: '/api/v1/endpoints',
    summary: 'Serve a model version or alias as a named endpoint (deploying to a name switches it)',
    access: ACCESS.staff,
    body: DeploySchema,
    status: 201,
    response: EndpointSchema,
  }),
  getEndpoint: route({
    method: 'GET',
    path: '/api/v1/endpoints/:name',
    summary: 'One endpoint',
    access: ACCESS.staffRead,
    params: EndpointParams,
    response: EndpointSchema,
  }),
  stop: route({
    method: 'POST',
    path: '/api/v1/endpoints/:name/stop',
    summary: 'Stop an endpoint: its predictions answer 409 serving.endpoint_stopped, unbilled',
    access: ACCESS.staff,
    params: EndpointParams,
    response: EndpointSchema,
  }),
  start: route({
    method: 'POST',
    path: '/api/v1/endpoints/:name/start',
    summary: 'Start a stopped endpoint again',
    access: ACCESS.staff,
    params: EndpointParams,
    response: EndpointSchema,
  }),
  predictRef: route({
    method: 'POST',
    path: '/api/v1/model-refs/:ref/predict',
    summary: 'Predict with a tabular or text version by reference, without an endpoint or metering',
    access: ACCESS.staff,
    params: ModelRefParams,
    body: PredictVersionBody,
    response: VersionPredictionsSchema,
  }),
  importOnnx: route({
    method: 'POST',
    path: '/api/v1/models/:name/onnx',
    summary: 'Register an ONNX model trained elsewhere as the next version of a model',
    description:
      'The body is the `.onnx` file (application/octet-stream). It is loaded with onnxruntime and run once before it is registered: an operator onnxruntime lacks answers 422 serving.model_unsupported, an output that does not fit the classes 422 serving.bad_onnx_model.',
    access: ACCESS.staff,
    params: ModelNameParams,
    query: OnnxImportQuery,
    bodyTypes: [ONNX_TYPE],
    status: 201,
    response: ModelVersionSchema,
  }),
  predict: route({
    method: 'POST',
    path: '/api/v1/endpoints/:name/predict',
    summary: 'Predict with an endpoint (a customer call is metered and billed)',
    description:
      'JSON (`PredictRequest`), a PNG as `image/png`, or a multipart upload with one file field. A customer call is admitted by its key, rate limit and quota first; `Idempotency-Key` replays the saved answer of a repeated call.',
    access: ACCESS.staffOrCustomer,
    params: EndpointParams,
    headers: IdempotencyHeaders,
    body: PredictBodySchema,
    bodyTypes: PREDICT_BODY_TYPES,
    response: PredictionSchema,
    // Built field by field in predict-execution.ts; a zod parse per call is overhead here.
    replyAsBuilt: true,
  }),
};
