import { hostname } from 'node:os';
import type { AppContext } from '../context.ts';
import { isAppError } from '../shared/app-error.ts';
import { checkCanaries } from './canary-watch.service.ts';
import { afterTraining, failRun, startRetrain } from './upgrade.service.ts';
import * as store from './upgrade.store.ts';
import { dueSchedules, policyOf } from './upgrade-policy.service.ts';

/** Canaries are judged at most this often while traffic flows (always when a caller waits). */
const CANARY_CHECK_MS = 1000;

/** Starts a triggered run; an endpoint already being retrained is left alone. */
async function trigger(ctx: AppContext, name: string, why: 'schedule' | 'drift', actor: string) {
  try {
    await startRetrain(ctx, name, undefined, actor, why);
  } catch (error) {
    if (!(isAppError(error) && error.code === 'upgrade.run_active')) throw error;
  }
}

/** Starts the runs whose schedule is due at `now`. */
export async function runDueRetrains(ctx: AppContext, now: Date = ctx.clock.now()) {
  const due = await dueSchedules(ctx, now);
  const names = await ctx.endpoints.namesOf(due);
  for (const id of due) {
    const name = names.get(id);
    if (name) await trigger(ctx, name, 'schedule', 'schedule');
  }
}

/**
 * The upgrade loop's hooks on monitoring: canaries are judged as their calls are logged,
 * schedules are checked every minute, a drift alert retrains an endpoint whose policy says so,
 * and runs left half-way by a stopped process are taken up again at start.
 */
export function registerUpgradeWorkers(ctx: AppContext): void {
  let lastCheck = 0;
  let checking: Promise<void> | null = null;
  // One judging at a time: judging reads the log, which flushes it, which fires this hook
  // again; that nested call (and any other while one runs) is skipped, unless a caller waits
  // (forced), which then waits for the running one and judges again with its own rows in.
  const check = async (forced: boolean) => {
    if (checking && !forced) return;
    while (checking) await checking;
    checking = checkCanaries(ctx).finally(() => {
      checking = null;
    });
    await checking;
  };
  ctx.monitoring.on('flushed', async ({ forced }) => {
    const now = Date.now();
    if (!forced && now - lastCheck < CANARY_CHECK_MS) return;
    lastCheck = now;
    await check(forced);
  });
  ctx.monitoring.on('tick', async (now) => {
    await runDueRetrains(ctx, now);
    await check(false);
  });
  ctx.monitoring.on('alert', async (alert) => {
    if (alert.kind !== 'drift' || !alert.endpoint) return;
    const policy = await policyOf(ctx, await ctx.endpoints.idOf(alert.endpoint));
    if (policy.onDrift) await trigger(ctx, alert.endpoint, 'drift', `alert:${alert.id}`);
  });
  ctx.monitoring.track(resumeRuns(ctx));
}

/** Whether the process that ran a run's steps is gone (another machine's: assumed alive). */
function workerGone(worker: string): boolean {
  const [host, pid] = worker.split(':');
  if (host !== hostname() || Number(pid) === process.pid) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'EPERM';
  }
}

/**
 * Runs a stopped process left in a step: one whose training job ended goes on (evaluation,
 * canary), others fail as interrupted. Canaries need no owner: any process judges them.
 */
async function resumeRuns(ctx: AppContext): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  for (const run of await store.activeRuns(ctx.db)) {
    if (run.status === 'canary' || !workerGone(run.worker)) continue;
    if (run.status === 'training' && run.training_job_id) {
      const job = await ctx.jobs.get(run.training_job_id);
      if (job && job.status !== 'queued' && job.status !== 'running')
        await afterTraining(ctx, run.id);
      continue;
    }
    await failRun(ctx, run, new Error('the process running this step stopped'));
  }
}
