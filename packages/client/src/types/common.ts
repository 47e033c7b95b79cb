/** Errors and health. */

export interface ApiErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export type { HealthView as Health } from '@qudao/server/contract';
