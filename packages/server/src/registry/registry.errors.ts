import { AppError } from '../shared/app-error.ts';

export const registryErrors = {
  modelNotFound: (name: string) =>
    new AppError(
      'registry.model_not_found',
      404,
      `no model named "${name}"; see \`qudao models list\``,
    ),
  versionNotFound: (name: string, version: number) =>
    new AppError('registry.version_not_found', 404, `model "${name}" has no version ${version}`),
  badReference: (ref: string) =>
    new AppError(
      'registry.bad_reference',
      400,
      `"${ref}" is not a model reference; write <model>@<version>, e.g. mnist-cnn@1`,
    ),
};
