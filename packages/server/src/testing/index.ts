// `@qudao/server/testing`: factories and fixtures for tests, kept out of the main entry point.
export { digitRows, writeMnistSubset } from '../demo/mnist-subset.ts';
export { createTestContext, ManualClock, sellEndpoint } from './factories.ts';
export { registerTestLanguageModel } from './language-model-fixture.ts';
export { makeZip } from './zip-fixtures.ts';
