import { AppError, defineErrors } from '../shared/app-error.ts';

/**
 * Why a prediction input was refused, in `details.reason` of `serving.bad_input`: nothing to
 * predict on, an image sent to a tabular or text model (or rows to an image model), an image
 * of the wrong size or channels, bytes that are not a PNG, pixel values out of range, rows or
 * texts that do not fit the version's signature. ml's refusals map here in shared/ml-errors.ts.
 */
export const BAD_INPUT_REASONS = [
  'missing',
  'wrong_kind',
  'shape',
  'not_an_image',
  'values',
  'signature',
] as const;

export type BadInputReason = (typeof BAD_INPUT_REASONS)[number];

const table = defineErrors({
  endpointNotFound: [
    'serving.endpoint_not_found',
    404,
    (name: string) => `no endpoint named "${name}"; see \`qudao endpoints list\``,
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

export const servingErrors = {
  ...table,
  badInput,
  missingInput: () =>
    badInput(
      'missing',
      'nothing to predict on: send {"image": rows} as JSON, or a PNG (image/png, or a multipart file field) to an image model; {"inputs": [...]} or {"text": "..."} to a text or tabular model',
    ),
};
