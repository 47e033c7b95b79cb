import { AppError, defineErrors } from '../shared/app-error.ts';

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
  missingInput: [
    'serving.missing_input',
    400,
    () =>
      'send {"image": [[...28 numbers...], ...28 rows]} as JSON, or a PNG as image/png or a multipart field "image"; text and tabular models take {"inputs": [...]} or {"text": "..."}',
  ],
  unsupportedMediaType: [
    'serving.unsupported_media_type',
    415,
    (type: string) =>
      `content type ${type} is not accepted; use application/json, image/png or multipart/form-data`,
  ],
});

export const servingErrors = {
  ...table,
  /** The code of ml's input checks (`input.bad_shape` → `serving.bad_shape`). */
  badInput: (code: string, message: string) =>
    new AppError(`serving.${code.replace(/^input\./, '')}`, 400, message),
};
