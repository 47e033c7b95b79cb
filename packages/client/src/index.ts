/** The wire contract itself (routes with their access, zod schemas, enums): the console reads it in the browser. */
export * as contract from '@qudao/server/contract';
export * from './client.ts';
export type { ApiClient, CallInput, CallOutput, DomainClient } from './contract-client.ts';
export { GenerationStreamError, type StreamedGeneration } from './generation-stream.ts';
export type * from './types.ts';
