import { defineErrors } from '../shared/app-error.ts';

/** The data domain's errors; ml's own data errors are mapped in shared/ml-errors.ts. */
export const dataErrors = defineErrors({
  datasetNotFound: [
    'data.dataset_not_found',
    404,
    (name: string) => `no dataset named "${name}"; see \`qudao data list\``,
  ],
  versionNotFound: [
    'data.version_not_found',
    404,
    (name: string, version: number) =>
      `dataset "${name}" has no version ${version}; see \`qudao data versions ${name}\``,
  ],
  unknownBuiltin: [
    'data.unknown_builtin',
    400,
    (builtin: string, known: string[]) =>
      `unknown built-in dataset "${builtin}"; built-ins: ${known.join(', ')}`,
  ],
  fileNotFound: [
    'data.file_not_found',
    404,
    (file: string) => `no such file: ${file}; check the path`,
  ],
  corruptVersion: [
    'data.version_corrupt',
    500,
    (name: string, version: number, why: string) =>
      `the stored files of dataset ${name}@${version} are damaged (${why}); import it again`,
  ],
  /** Names the setting, not the folders: the caller may be anywhere (the CLI adds them). */
  pathNotAllowed: [
    'data.path_not_allowed',
    403,
    (file: string) =>
      `${file} is outside the folders imports may read (the server's QUDAO_IMPORT_DIRS); move it there or add its folder to QUDAO_IMPORT_DIRS`,
  ],
  badPath: [
    'data.bad_path',
    400,
    (why: string) => `the import path cannot be used: ${why}; check it`,
  ],
  /** Not what it claims to be; the sentence names the file and what it is. */
  badFormat: ['data.bad_format', 422, (why: string) => why],
  /** Nothing left to import; the sentence says where and why. */
  empty: ['data.empty', 422, (why: string) => why],
  truncatedGzip: [
    'data.truncated',
    422,
    (file: string) => `${file} is a truncated gzip file; copy or download it again`,
  ],
  /** Past a size limit or a zip bomb; the sentence names the limit. */
  tooLarge: ['data.too_large', 413, (why: string) => why],
  badArchive: [
    'data.bad_archive',
    422,
    (file: string, why: string) =>
      `${file}: ${why}; pack it again as a plain ZIP of folders and files`,
  ],
  badMapping: ['data.bad_mapping', 400, (why: string) => why],
  unknownFormat: [
    'data.unknown_format',
    400,
    (file: string) =>
      `cannot tell the format of ${file}; name it .csv, .tsv, .jsonl (optionally .gz) or pass a format`,
  ],
  uploadTooLarge: [
    'request.too_large',
    413,
    (limit: number) =>
      `the uploaded file is larger than ${limit} bytes (QUDAO_MAX_UPLOAD_BYTES); import it from a server folder instead`,
  ],
  missingUpload: [
    'data.missing_file',
    400,
    () => 'send one file in a multipart/form-data field, after the `options` field',
  ],
});
