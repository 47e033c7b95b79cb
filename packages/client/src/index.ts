export * from './client.ts';
export type { ApiClient, CallInput, CallOutput, DomainClient } from './contract-client.ts';
export type * from './types.ts';
