/**
 * The import rules of the repository (`npm run lint:deps`, part of `npm test`), see
 * docs/architecture.md: the package direction web → client → (HTTP) → server → ml → kernels
 * (cli may use server, ml and client; web may load ml's browser entry, `BROWSER_ENTRY`, and
 * nothing else of ml), pure schema files, domains that use each other's services and never each
 * other's stores, no test code in production code, no import cycles.
 * Cycles between server domains (folders) are checked by `.dependency-cruiser.domains.cjs`.
 */
/** The wire contract's own modules, imported with the schemas in the browser. */
const PURE = [
  '^packages/server/src/contract/',
  '^packages/server/src/shared/contract\\.ts$',
  '^packages/server/src/shared/roles\\.ts$',
];
const TESTS = '(\\.test\\.ts$|^test/|/testing/|/test-utils\\.ts$)';

/**
 * The one ml module the console may import (lazily, on the offline demo page): TensorFlow.js's
 * custom layers and the image preparation, bundled for the browser without Node
 * (packages/ml/src/browser.test.ts). What it imports is ml's own business (ml → kernels).
 */
const BROWSER_ENTRY = '^packages/ml/src/browser\\.ts$';

/** A package may not import these packages. */
const direction = [
  ['kernels', 'ml|server|cli|client|web', 'kernels knows nothing above it'],
  ['ml', 'server|cli|client|web', 'ml knows nothing of HTTP, the database or the apps'],
  [
    'client',
    'kernels|ml|server/(?!src/contract/)|cli|web',
    'the client talks to the server over HTTP only, typed by its wire contract',
  ],
  ['server', 'cli|web|kernels', 'the server uses kernels through ml only'],
  ['cli', 'web|kernels', 'the CLI uses server, ml and client'],
  [
    'web',
    'kernels|ml|server|cli',
    "the console talks to the server through the client only, and runs a model with ml's browser entry only",
  ],
].map(([from, to, comment]) => ({
  name: `direction-${from}`,
  comment,
  severity: 'error',
  // Tests may start a real server for the code under test (the client's tests do).
  from: { path: `^packages/${from}/`, pathNot: TESTS },
  to: { path: `^packages/(${to})/`, ...(from === 'web' ? { pathNot: BROWSER_ENTRY } : {}) },
}));

module.exports = {
  forbidden: [
    ...direction,
    {
      name: 'server-to-client-in-tests-only',
      comment: 'server code answers HTTP; only its tests call it through the real client',
      severity: 'error',
      from: { path: '^packages/server/', pathNot: TESTS },
      to: { path: '^packages/client/' },
    },
    {
      name: 'schemas-are-pure',
      comment:
        'the console loads *.schemas.ts in the browser: zod, other schemas and constant modules only',
      severity: 'error',
      from: { path: ['\\.schemas\\.ts$', ...PURE] },
      to: {
        pathNot: [
          '\\.schemas\\.ts$',
          '^packages/ml/src/names\\.ts$',
          '^node_modules/zod/',
          ...PURE,
        ],
      },
    },
    {
      name: 'no-other-domain-store',
      comment: 'a domain talks to another through its service, never through its store',
      severity: 'error',
      from: { path: '^packages/server/src/([^/]+)/' },
      to: {
        path: '^packages/server/src/[^/]+/[^/]+\\.store\\.ts$',
        pathNot: '^packages/server/src/$1/',
      },
    },
    {
      name: 'no-test-code-in-production',
      comment: 'fixtures and factories live behind the ./testing exports, for tests only',
      severity: 'error',
      from: { pathNot: [TESTS, '^scripts/'] },
      to: { path: TESTS },
    },
    {
      name: 'no-circular',
      comment: 'import cycles make load order matter and hide a missing lower module',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    // Type-only imports count: a cycle through types is still a cycle between domains.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist|build|\\.tsbuild)/' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'],
    },
  },
};
