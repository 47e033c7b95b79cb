import { AppError } from '../shared/app-error.ts';

export const dataErrors = {
  datasetNotFound: (name: string) =>
    new AppError(
      'data.dataset_not_found',
      404,
      `no dataset named "${name}"; see \`qudao data list\``,
    ),
  versionNotFound: (name: string, version: number) =>
    new AppError('data.version_not_found', 404, `dataset "${name}" has no version ${version}`),
  unknownBuiltin: (builtin: string, known: string[]) =>
    new AppError(
      'data.unknown_builtin',
      400,
      `unknown built-in dataset "${builtin}"; built-ins: ${known.join(', ')}`,
    ),
  corruptFile: (message: string) => new AppError('data.idx_corrupt', 422, message),
  fileNotFound: (file: string) => new AppError('data.file_not_found', 404, `no such file: ${file}`),
  corruptVersion: (name: string, version: number, why: string) =>
    new AppError(
      'data.version_corrupt',
      500,
      `the stored files of dataset ${name}@${version} are damaged (${why}); import it again`,
    ),
  pathNotAllowed: (file: string, allowed: string[]) =>
    new AppError(
      'data.path_not_allowed',
      403,
      `${file} is outside the folders imports may read (${allowed.join(', ')}); move it there or add its folder to QUDAO_IMPORT_DIRS`,
    ),
  /** A file that cannot be read as declared: bad encoding, truncated, ragged, too large… */
  badInput: (code: string, message: string) =>
    new AppError(code, code === 'data.too_large' ? 413 : 422, message),
  badMapping: (message: string) => new AppError('data.bad_mapping', 400, message),
  unknownFormat: (file: string) =>
    new AppError(
      'data.unknown_format',
      400,
      `cannot tell the format of ${file}; name it .csv, .tsv, .jsonl (optionally .gz) or pass a format`,
    ),
  uploadTooLarge: (limit: number) =>
    new AppError(
      'request.too_large',
      413,
      `the uploaded file is larger than ${limit} bytes (QUDAO_MAX_UPLOAD_BYTES); import it from a server folder instead`,
    ),
  missingUpload: () =>
    new AppError('data.missing_file', 400, 'send one file in a multipart/form-data field'),
};
