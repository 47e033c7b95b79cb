import { defineQueue } from '../jobs/queues.ts';
import { RefreshSchema } from './intelligence.schemas.ts';

/** A refresh run as a job (the API's POST /intelligence/refresh, and after each period close). */
export const refreshQueue = defineQueue<{ refreshId: string; models: number }>()(
  'intelligence-refresh',
  RefreshSchema,
);

declare module '../jobs/queues.ts' {
  interface Queues {
    'intelligence-refresh': typeof refreshQueue;
  }
}
