import { AppError, defineErrors } from '../shared/app-error.ts';

/**
 * Why a prediction input was refused, in `details.reason` of `serving.bad_input`: nothing to
 * predict on, an image sent to a tabular or text model (or rows to an image model), an image
 * of the wrong size or channels, bytes that are not a PNG, pixel values out of range, rows or
 * texts that do not fit the version's signature, values the model cannot compute with (a
 * number past float32's range, or activations that overflow to Infinity or NaN: never answered
 * as a label, never billed). ml's refusals map here in shared/ml-errors.ts.
 */
export const BAD_INPUT_REASONS = [
  'missing',
  'wrong_kind',
  'shape',
  'not_an_image',
  'values',
  'signature',
  'non_finite',
] as const;

/** Why a call was refused as overloaded, in `details.reason` of `serving.overloaded`. */
export type OverloadReason = 'queue_full' | 'draining';

export type BadInputReason = (typeof BAD_INPUT_REASONS)[number];

const table = defineErrors({
  endpointNotFound: [
    'serving.endpoint_not_found',
    404,
    (name: string) => `no endpoint named "${name}"; see \`qudao endpoints list\``,
  ],
  nameTaken: [
    'serving.name_taken',
    409,
    (name: string) =>
      `"${name}" is already sold as a model through upstream providers (\`qudao providers list\`): deploy the endpoint under another name`,
  ],
  endpointStopped: [
    'serving.endpoint_stopped',
    409,
    (name: string) =>
      `endpoint "${name}" is stopped and takes no calls (none are billed); its owner starts it again with \`qudao endpoints start ${name}\``,
  ],
  aliasMissing: [
    'serving.alias_missing',
    409,
    (name: string, ref: string) =>
      `endpoint "${name}" routes by ${ref}, which points at no version; point it at one with \`qudao models alias\``,
  ],
  versionGone: [
    'serving.version_missing',
    409,
    (name: string) =>
      `the version endpoint "${name}" served is gone; deploy a version to it with \`qudao deploy <model@version> --name ${name}\``,
  ],
  noCanary: [
    'serving.no_canary',
    409,
    (name: string) =>
      `endpoint "${name}" has no canary to promote; start one with \`qudao endpoints canary ${name} <version> --percent 10\``,
  ],
  nothingToRollBack: [
    'serving.nothing_to_roll_back',
    409,
    (name: string) =>
      `endpoint "${name}" has no canary and no promotion to undo; \`qudao endpoints history ${name}\` shows what happened`,
  ],
  badTraffic: ['serving.bad_traffic', 400, (why: string) => why],
  badInput: ['serving.bad_input', 400, (_reason: BadInputReason, message: string) => message],
  overloaded: [
    'serving.overloaded',
    503,
    (endpoint: string, reason: OverloadReason, queuedRows: number, retryAfterSeconds: number) =>
      reason === 'draining'
        ? `the server is shutting down and takes no new calls for "${endpoint}"; retry in ${retryAfterSeconds} s (another instance, or this one once restarted)`
        : `endpoint "${endpoint}" has ${queuedRows} rows waiting, its queue's limit; nothing was billed, retry in ${retryAfterSeconds} s`,
  ],
  tooManyRows: [
    'serving.too_many_rows',
    413,
    (endpoint: string, rows: number, limit: number) =>
      `the call holds ${rows} rows; endpoint "${endpoint}" queues at most ${limit} (its batching.maxQueueRows): send fewer rows a call`,
  ],
  modelLoadFailed: [
    'serving.model_load_failed',
    422,
    (ref: string, why: string) =>
      `${ref} could not be loaded (${why}); the endpoint keeps what it served before: fix or re-import the version`,
  ],
  modelUnsupported: [
    'serving.model_unsupported',
    422,
    (ref: string, why: string) =>
      `${ref} cannot run here: ${why}; export it with operators onnxruntime supports (standard ONNX opsets) and import it again`,
  ],
  badOnnxModel: [
    'serving.bad_onnx_model',
    422,
    (why: string) => `the ONNX model cannot be served as given: ${why}`,
  ],
  onnxUnavailable: [
    'serving.onnx_unavailable',
    501,
    (why: string) => `ONNX models cannot be served by this installation: ${why}`,
  ],
  workerFailed: [
    'serving.worker_failed',
    503,
    (why: string) => `${why}; nothing was billed, retry the call`,
  ],
  inferenceFailed: [
    'serving.inference_failed',
    500,
    (ref: string, why: string) => `${ref} failed on this input (${why}); see the server log`,
  ],
  notALanguageModel: [
    'serving.not_a_language_model',
    404,
    (name: string) =>
      `endpoint "${name}" does not serve a language model; GET /v1/models lists the models this key may call`,
  ],
  notReady: [
    'server.not_ready',
    503,
    (why: string) => `the server is not ready to take traffic: ${why}`,
  ],
  unsupportedMediaType: [
    'serving.unsupported_media_type',
    415,
    (type: string) =>
      `content type ${type} is not accepted; use application/json, image/png or multipart/form-data`,
  ],
});

/** A bad input: one code for all, the reason in `details.reason` (clients switch on it). */
function badInput(reason: BadInputReason, message: string): AppError {
  const error = table.badInput(reason, message);
  return new AppError(error.code, error.status, error.message, { reason }, error.params);
}

/** 503 with `Retry-After` and the reason in details (clients back off, load balancers retry). */
function overloaded(
  endpoint: string,
  reason: OverloadReason,
  queuedRows: number,
  retryAfterSeconds: number,
): AppError {
  const error = table.overloaded(endpoint, reason, queuedRows, retryAfterSeconds);
  return new AppError(
    error.code,
    error.status,
    error.message,
    { reason, queuedRows },
    error.params,
    { 'retry-after': String(retryAfterSeconds) },
  );
}

export const servingErrors = {
  ...table,
  badInput,
  overloaded,
  missingInput: () =>
    badInput(
      'missing',
      'nothing to predict on: send {"image": rows} as JSON, or a PNG (image/png, or a multipart file field) to an image model; {"inputs": [...]} or {"text": "..."} to a text or tabular model',
    ),
};
