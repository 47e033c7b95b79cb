import type { AppContext } from '../context.ts';
import { refreshQueue } from './intelligence.queues.ts';
import * as store from './intelligence.store.ts';
import { refreshIntelligence } from './refresh.service.ts';

/**
 * The refresh queue's handler, and the monthly retraining: once the owner has refreshed
 * intelligence, every month closed afterwards queues a refresh on the data it completes.
 */
export function registerIntelligenceWorkers(ctx: AppContext): void {
  ctx.jobs.register(refreshQueue, async (payload, job) => {
    const view = await refreshIntelligence(ctx, payload, { refreshId: `ref_${job.jobId}` });
    return { refreshId: view.id, models: view.models.length };
  });
  ctx.periodClosed.push(async () => {
    if (await store.latestRefresh(ctx.db)) await ctx.jobs.enqueue('intelligence-refresh', {});
  });
}
