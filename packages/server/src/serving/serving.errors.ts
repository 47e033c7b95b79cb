import { AppError } from '../shared/app-error.ts';

export const servingErrors = {
  endpointNotFound: (name: string) =>
    new AppError('serving.endpoint_not_found', 404, `no endpoint named "${name}"`),
  endpointStopped: (name: string) =>
    new AppError('serving.endpoint_stopped', 409, `endpoint "${name}" is stopped`),
  badInput: (code: string, message: string) =>
    new AppError(`serving.${code.replace(/^input\./, '')}`, 400, message),
  missingInput: () =>
    new AppError(
      'serving.missing_input',
      400,
      'send {"image": [[...28 numbers...], ...28 rows]} as JSON, or a PNG as image/png or a multipart field "image"; text and tabular models take {"inputs": [...]} or {"text": "..."}',
    ),
  unsupportedMediaType: (type: string) =>
    new AppError(
      'serving.unsupported_media_type',
      415,
      `content type ${type} is not accepted; use application/json, image/png or multipart/form-data`,
    ),
};
