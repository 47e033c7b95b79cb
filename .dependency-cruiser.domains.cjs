/**
 * No cycles between the server's domains (its folders): a domain that needs another's thing
 * gets it from the lower one or from shared/. The files at the root of packages/server/src
 * (the context type, the composition root, the package's entry point) see every domain and are
 * left out, so they do not close every pair of domains into a cycle.
 * Run by `npm run lint:deps` after `.dependency-cruiser.cjs`.
 */
const base = require('./.dependency-cruiser.cjs');

module.exports = {
  forbidden: [
    {
      name: 'no-domain-cycle',
      comment: 'server domains form a hierarchy; see docs/architecture.md for the order',
      severity: 'error',
      scope: 'folder',
      from: { path: '^packages/server/src/[^/]+' },
      to: { path: '^packages/server/src/[^/]+', circular: true },
    },
  ],
  options: {
    ...base.options,
    exclude: {
      path: [base.options.exclude.path, '^packages/server/src/[^/]+\\.ts$', '\\.test\\.ts$'],
    },
  },
};
