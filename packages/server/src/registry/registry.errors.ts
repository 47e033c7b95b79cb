import { defineErrors } from '../shared/app-error.ts';

export const registryErrors = defineErrors({
  modelNotFound: [
    'registry.model_not_found',
    404,
    (name: string) => `no model named "${name}"; see \`qudao models list\``,
  ],
  versionNotFound: [
    'registry.version_not_found',
    404,
    (name: string, version: number | string) =>
      `model "${name}" has no version ${version}; see \`qudao models list\``,
  ],
  aliasNotFound: [
    'registry.alias_not_found',
    404,
    (name: string, alias: string) =>
      `model "${name}" has no alias "${alias}"; see \`qudao models aliases ${name}\``,
  ],
  tagNotFound: [
    'registry.tag_not_found',
    404,
    (ref: string, key: string) => `${ref} has no tag "${key}"`,
  ],
  badReference: [
    'registry.bad_reference',
    400,
    (ref: string) =>
      `"${ref}" is not a model reference; write <model>@<version> or <model>@<alias>, e.g. mnist-cnn@1 or mnist-cnn@production`,
  ],
  versionInUse: [
    'registry.version_in_use',
    409,
    (ref: string, users: string[]) =>
      `${ref} is still used by ${users.join(', ')}; move those first, then delete it`,
  ],
  noTfjsFiles: [
    'registry.no_tfjs_files',
    404,
    (ref: string) =>
      `${ref} has no TensorFlow.js files (it was imported from ONNX); download it with \`qudao models export\` instead`,
  ],
  badBundle: [
    'registry.bad_bundle',
    400,
    (why: string) => `${why}; send a .qudao-model file written by \`qudao models export\``,
  ],
});
