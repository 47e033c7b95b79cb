/** Wire types of the Qudao REST API (v1). The server's zod schemas produce exactly these shapes. */

export type * from './types/channels.ts';
export type * from './types/common.ts';
export type * from './types/data.ts';
export type * from './types/gateway.ts';
export type * from './types/registry.ts';
export type * from './types/serving.ts';
export type * from './types/training.ts';
