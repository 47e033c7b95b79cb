import { defineErrors } from '../shared/app-error.ts';

export const upgradeErrors = defineErrors({
  runNotFound: [
    'upgrade.run_not_found',
    404,
    (id: string) => `no upgrade run ${id}; see \`qudao retrain list\``,
  ],
  runActive: [
    'upgrade.run_active',
    409,
    (endpoint: string, id: string, status: string) =>
      `endpoint "${endpoint}" is already being retrained (run ${id}, ${status}); wait for it to finish (\`qudao retrain show ${id}\`)`,
  ],
  noLineage: [
    'upgrade.no_lineage',
    409,
    (ref: string) =>
      `${ref} was not trained here (it was imported without its data set), so there is nothing to retrain it from; train a version here first with \`qudao train\``,
  ],
});
