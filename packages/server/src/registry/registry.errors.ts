import { AppError } from '../shared/app-error.ts';

export const registryErrors = {
  modelNotFound: (name: string) =>
    new AppError(
      'registry.model_not_found',
      404,
      `no model named "${name}"; see \`qudao models list\``,
    ),
  versionNotFound: (name: string, version: number | string) =>
    new AppError('registry.version_not_found', 404, `model "${name}" has no version ${version}`),
  aliasNotFound: (name: string, alias: string) =>
    new AppError('registry.alias_not_found', 404, `model "${name}" has no alias "${alias}"`),
  tagNotFound: (ref: string, key: string) =>
    new AppError('registry.tag_not_found', 404, `${ref} has no tag "${key}"`),
  badReference: (ref: string) =>
    new AppError(
      'registry.bad_reference',
      400,
      `"${ref}" is not a model reference; write <model>@<version> or <model>@<alias>, e.g. mnist-cnn@1 or mnist-cnn@production`,
    ),
  versionInUse: (ref: string, users: string[]) =>
    new AppError(
      'registry.version_in_use',
      409,
      `${ref} is still used by ${users.join(', ')}; move those first, then delete it`,
    ),
  badBundle: (message: string) => new AppError('registry.bad_bundle', 400, message),
  signatureMismatch: (message: string) => new AppError('registry.signature_mismatch', 400, message),
};
