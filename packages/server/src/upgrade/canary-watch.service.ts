import type { Selectable } from 'kysely';
import type { AppContext } from '../context.ts';
import type { UpgradeRunTable } from '../db/schema.ts';
import { raiseAlert } from '../monitoring/alerts.service.ts';
import { type ArmStats, armStats } from '../monitoring/live.service.ts';
import { promote, rollback } from '../serving/traffic.service.ts';
import type { RetrainOptions } from './upgrade.schemas.ts';
import { failRun, step } from './upgrade.service.ts';
import * as store from './upgrade.store.ts';

/** Milliseconds of latency noise a canary may add on top of the allowed ratio. */
const LATENCY_SLACK_MS = 2;

export interface CanaryVerdict {
  ready: boolean;
  /** Why it is not judged yet, or what the checks found. */
  why: string;
  checks?: { errorRate: boolean; latency: boolean; accuracy: boolean | null };
}

const round = (v: number | null) => (v === null ? null : Math.round(v * 10_000) / 10_000);

function summary(s: ArmStats | undefined) {
  if (!s) return null;
  return {
    version: s.version,
    calls: s.calls,
    errorRate: round(s.errorRate),
    latencyP95: round(s.latencyP95),
    feedback: s.feedback,
    accuracy: round(s.accuracy),
    meanAbsError: round(s.meanAbsError),
  };
}

/**
 * Judges a canary against the main version over the same period: once it has had
 * `minRequests` calls (and `minFeedback` labels, or 5 × minRequests calls without them), it
 * holds if its server error rate, p95 latency and feedback accuracy (or mean absolute error) are
 * within the options' margins of the main version's.
 */
export function judgeCanary(
  canary: ArmStats | undefined,
  primary: ArmStats | undefined,
  options: RetrainOptions,
): CanaryVerdict {
  if (!canary || canary.calls < options.minRequests) {
    return { ready: false, why: `${canary?.calls ?? 0} of ${options.minRequests} canary calls` };
  }
  const labelled = canary.feedback >= Math.max(1, options.minFeedback);
  if (!labelled && options.minFeedback > 0 && canary.calls < 5 * options.minRequests) {
    return {
      ready: false,
      why: `${canary.feedback} of ${options.minFeedback} labels on canary answers`,
    };
  }
  const errorRate =
    (canary.errorRate ?? 0) <= (primary?.errorRate ?? 0) + options.maxErrorRateIncrease;
  const latency =
    primary?.latencyP95 == null ||
    canary.latencyP95 == null ||
    canary.latencyP95 <= primary.latencyP95 * options.maxLatencyRatio + LATENCY_SLACK_MS;
  let accuracy: boolean | null = null;
  if (labelled && primary && primary.feedback > 0) {
    if (canary.accuracy !== null && primary.accuracy !== null) {
      accuracy = canary.accuracy >= primary.accuracy - options.maxAccuracyDrop;
    } else if (canary.meanAbsError !== null && primary.meanAbsError !== null) {
      accuracy = canary.meanAbsError <= primary.meanAbsError * (1 + options.maxAccuracyDrop);
    }
  }
  const holds = errorRate && latency && accuracy !== false;
  const failed = [
    errorRate ? null : 'error rate',
    latency ? null : 'latency',
    accuracy === false ? 'feedback accuracy' : null,
  ].filter(Boolean);
  return {
    ready: true,
    why: holds
      ? `error rate, latency${accuracy === null ? '' : ' and feedback accuracy'} held over ${canary.calls} calls`
      : `${failed.join(', ')} did not hold over ${canary.calls} calls`,
    checks: { errorRate, latency, accuracy },
  };
}

async function judge(ctx: AppContext, run: Selectable<UpgradeRunTable>): Promise<void> {
  const actor = `upgrade:${run.id}`;
  let traffic: Awaited<ReturnType<typeof ctx.endpoints.traffic>>;
  try {
    traffic = await ctx.endpoints.traffic(run.endpoint);
  } catch {
    await step(
      ctx,
      run,
      'abandoned',
      { why: 'the endpoint is gone' },
      { status: 'abandoned', finished_at: ctx.clock.now().toISOString() },
    );
    return;
  }
  if (traffic.canary?.versionId !== run.candidate_version_id) {
    const promoted = traffic.primary === run.candidate_version_id;
    await step(
      ctx,
      run,
      promoted ? 'promoted' : 'abandoned',
      { why: promoted ? 'promoted by hand' : 'the canary was changed or ended by hand' },
      { status: promoted ? 'promoted' : 'abandoned', finished_at: ctx.clock.now().toISOString() },
    );
    return;
  }
  const stats = await armStats(ctx, traffic.id, run.canary_since!);
  const canary = stats.find((s) => s.arm === 'canary' && s.versionId === run.candidate_version_id);
  const primary = stats.find((s) => s.arm === 'primary' && s.versionId === traffic.primary);
  const options = JSON.parse(run.options_json) as RetrainOptions;
  const verdict = judgeCanary(canary, primary, options);
  if (!verdict.ready) return;
  const detail = {
    why: verdict.why,
    checks: verdict.checks,
    canary: summary(canary),
    primary: summary(primary),
  };
  const now = ctx.clock.now().toISOString();
  if (verdict.checks!.errorRate && verdict.checks!.latency && verdict.checks!.accuracy !== false) {
    await promote(ctx, run.endpoint, { reason: verdict.why }, actor);
    await step(ctx, run, 'promoted', detail, { status: 'promoted', finished_at: now });
    return;
  }
  await rollback(ctx, run.endpoint, { reason: verdict.why }, actor);
  await step(ctx, run, 'rolled_back', detail, { status: 'rolled_back', finished_at: now });
  await raiseAlert(ctx, {
    kind: 'canary.rolled_back',
    endpointId: run.endpoint_id,
    endpoint: run.endpoint,
    version: { id: run.candidate_version_id!, model: canary!.model, version: canary!.version },
    message: `the canary ${canary!.model}@${canary!.version} of ${run.endpoint} was rolled back: ${verdict.why}`,
    detail: { run: run.id, ...detail },
  });
}

/** Judges every canary of the upgrade loop that has had enough traffic: promoted or rolled back. */
export async function checkCanaries(ctx: AppContext): Promise<void> {
  for (const run of await store.activeRuns(ctx.db)) {
    if (run.status !== 'canary') continue;
    try {
      await judge(ctx, run);
    } catch (error) {
      await failRun(ctx, run, error);
    }
  }
}
