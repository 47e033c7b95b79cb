export * from './client.ts';
export type { ApiClient, CallInput, CallOutput, DomainClient } from './contract-client.ts';
export { GenerationStreamError, type StreamedGeneration } from './generation-stream.ts';
export type * from './types.ts';
