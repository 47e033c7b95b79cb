// `@qudao/ml/testing`: small synthetic datasets and gradient checks for tests, kept out of
// the main entry point so production code cannot come to depend on them.
export * from './fixtures.ts';
export * from './gradient-check.ts';
