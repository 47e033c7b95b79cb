import type { AppContext } from '../context.ts';
import { driftReport } from './drift.service.ts';
import { rollUpAndRetain } from './prediction-log.service.ts';
import { endpointsLoggedSince } from './prediction-log.store.ts';

/** How often the log is rolled up and trimmed, and drift checked on endpoints with traffic. */
const EVERY_MS = 60 * 60 * 1000;

/**
 * Monitoring's background work, on the state's minute tick: roll-ups and retention, and a drift
 * check (recording alerts) of each endpoint that had calls since the last check.
 */
export function registerMonitoringWorkers(ctx: AppContext): void {
  let lastRollUp = 0;
  let lastDrift = ctx.clock.now().getTime();
  ctx.monitoring.on('tick', async (now) => {
    if (now.getTime() - lastRollUp >= EVERY_MS) {
      lastRollUp = now.getTime();
      await rollUpAndRetain(ctx, now);
    }
    if (now.getTime() - lastDrift >= EVERY_MS) {
      const since = new Date(lastDrift).toISOString();
      lastDrift = now.getTime();
      await checkDriftOfActiveEndpoints(ctx, since);
    }
  });
}

/** Checks drift (recording alerts) on every endpoint with calls logged since `since`. */
export async function checkDriftOfActiveEndpoints(ctx: AppContext, since: string) {
  const reports = [];
  for (const name of await endpointsLoggedSince(ctx.db, since)) {
    try {
      reports.push(await driftReport(ctx, name, {}, { record: true }));
    } catch (error) {
      // An endpoint gone, or a version without a reference: nothing to check there.
      process.emitWarning(`drift check of ${name}: ${(error as Error).message}`);
    }
  }
  return reports;
}
