import type { Selectable } from 'kysely';
import type { AppContext } from '../context.ts';
import type {
  PredictionFeedbackTable,
  PredictionLogTable,
  PredictionRollupTable,
} from '../db/schema.ts';
import { isStaff, type Principal } from '../shared/principal.ts';
import { canSeeCustomer, tenantFilter } from '../shared/tenancy.ts';
import { parseInput } from '../shared/validate.ts';
import { monitoringErrors } from './monitoring.errors.ts';
import {
  type LoggedPredictionView,
  PredictionListQuery,
  RollupQuery,
  type RollupView,
} from './monitoring.schemas.ts';
import * as store from './prediction-log.store.ts';

type LogRow = Selectable<PredictionLogTable>;

/** The value at quantile `q` of sorted numbers (nearest rank), or null when there are none. */
export function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export function feedbackView(f: Selectable<PredictionFeedbackTable>) {
  return {
    predictionId: f.prediction_id,
    label: f.label,
    value: f.value,
    correct: f.correct === null ? null : f.correct === 1,
    absError: f.abs_error,
    at: f.at,
  };
}

async function views(
  ctx: AppContext,
  rows: LogRow[],
  viewer: Principal,
): Promise<LoggedPredictionView[]> {
  const ids = rows.map((r) => r.id);
  const feedback = new Map((await store.feedbackOf(ctx.db, ids)).map((f) => [f.prediction_id, f]));
  // Shadow answers are the owner's experiment: a caller never sees one, not even in its log.
  const shadows = isStaff(viewer) ? await store.shadowsOf(ctx.db, ids) : [];
  return rows.map((r) => {
    const f = feedback.get(r.id);
    return {
      id: r.id,
      endpoint: r.endpoint,
      model: r.model,
      version: r.version,
      arm: r.arm,
      customerId: r.customer_id,
      partnerId: r.partner_id,
      at: r.at,
      latencyMs: r.latency_ms,
      status: r.status,
      errorCode: r.error_code,
      rows: r.rows,
      inputKind: r.input_kind,
      output: r.output_json ? JSON.parse(r.output_json) : null,
      feedback: f ? feedbackView(f) : null,
      shadows: shadows
        .filter((s) => s.shadow_of === r.id)
        .map((s) => ({
          model: s.model,
          version: s.version,
          output: s.output_json ? JSON.parse(s.output_json) : null,
          agrees: s.agrees === null ? null : s.agrees === 1,
          latencyMs: s.latency_ms,
          errorCode: s.error_code,
        })),
    };
  });
}

/** The prediction log, newest first; a partner sees its customers' calls, a customer its own. */
export async function listPredictions(
  ctx: AppContext,
  input: unknown,
  viewer: Principal,
): Promise<LoggedPredictionView[]> {
  const query = parseInput(PredictionListQuery, input ?? {}, 'query');
  const tenant = tenantFilter(viewer) ?? {};
  const endpointId = query.endpoint ? await ctx.endpoints.idOf(query.endpoint) : undefined;
  const rows = await store.listLogged(
    ctx.db,
    { ...tenant, endpointId, version: query.version, arm: query.arm, before: query.before },
    query.limit,
  );
  return views(ctx, rows, viewer);
}

/** A logged prediction the viewer may see (another tenant's answers 404, as if absent). */
export async function visiblePrediction(ctx: AppContext, id: string, viewer: Principal) {
  await ctx.monitoring.log.flush();
  const row = await store.findLogged(ctx.db, id);
  if (!row || row.arm === 'shadow') throw monitoringErrors.predictionNotFound(id);
  if (
    row.customer_id === null
      ? !isStaff(viewer)
      : !canSeeCustomer(viewer, { id: row.customer_id, partnerId: row.partner_id })
  ) {
    throw monitoringErrors.predictionNotFound(id);
  }
  return row;
}

export async function getPrediction(ctx: AppContext, id: string, viewer: Principal) {
  return (await views(ctx, [await visiblePrediction(ctx, id, viewer)], viewer))[0]!;
}

function rollupOf(
  day: string,
  rows: LogRow[],
  correct: Map<string, number | null>,
): PredictionRollupTable {
  const first = rows[0]!;
  const latencies = rows.map((r) => r.latency_ms).sort((a, b) => a - b);
  const labels: Record<string, number> = {};
  let feedback = 0;
  let right = 0;
  for (const r of rows) {
    for (const label of (r.output_json ? JSON.parse(r.output_json).labels : null) ?? []) {
      labels[label] = (labels[label] ?? 0) + 1;
    }
    const c = correct.get(r.id);
    if (c !== undefined && c !== null) {
      feedback++;
      right += c;
    }
  }
  return {
    day,
    endpoint_id: first.endpoint_id,
    endpoint: first.endpoint,
    model_version_id: first.model_version_id,
    model: first.model,
    version: first.version,
    arm: first.arm,
    calls: rows.length,
    errors: rows.filter((r) => r.status !== 200).length,
    latency_mean: latencies.reduce((s, v) => s + v, 0) / latencies.length,
    latency_p50: quantile(latencies, 0.5)!,
    latency_p95: quantile(latencies, 0.95)!,
    labels_json: JSON.stringify(labels),
    feedback,
    correct: right,
    agreements: rows.filter((r) => r.agrees === 1).length,
  };
}

/**
 * Rolls each finished day of the log up into one row per endpoint, version and arm (calls,
 * errors, latency, predicted labels, feedback, shadow agreement), then deletes the rows of
 * rolled-up days past the retention, and the oldest rows past the cap: the log cannot grow
 * without bound, and the roll-ups (a few rows a day) keep the history.
 */
export async function rollUpAndRetain(ctx: AppContext, now: Date = ctx.clock.now()) {
  await ctx.monitoring.log.flush(false);
  const today = now.toISOString().slice(0, 10);
  const rolled: string[] = [];
  for (const day of await store.daysToRollUp(ctx.db, today)) {
    const rows = (await store.rowsOfDay(ctx.db, day)) as LogRow[];
    const correct = await store.correctnessOf(
      ctx.db,
      rows.map((r) => r.id),
    );
    const groups = new Map<string, LogRow[]>();
    for (const r of rows) {
      const key = `${r.endpoint_id}\0${r.model_version_id}\0${r.arm}`;
      groups.set(key, [...(groups.get(key) ?? []), r]);
    }
    await store.insertRollups(
      ctx.db,
      [...groups.values()].map((g) => rollupOf(day, g, correct)),
    );
    rolled.push(day);
  }
  const cutoff = new Date(now.getTime() - ctx.config.monitoring.retentionDays * 86_400_000)
    .toISOString()
    .slice(0, 10);
  let deleted = await store.deleteRolledBefore(ctx.db, cutoff);
  const over = (await store.countLogged(ctx.db)) - ctx.config.monitoring.maxRows;
  if (over > 0) deleted += await store.deleteOldest(ctx.db, over);
  return { rolledDays: rolled, deleted };
}

export async function listRollups(ctx: AppContext, input: unknown): Promise<RollupView[]> {
  const query = parseInput(RollupQuery, input ?? {}, 'query');
  const endpointId = query.endpoint ? await ctx.endpoints.idOf(query.endpoint) : undefined;
  const since =
    query.since ?? new Date(ctx.clock.now().getTime() - 30 * 86_400_000).toISOString().slice(0, 10);
  return (await store.listRollups(ctx.db, endpointId, since)).map((r) => ({
    day: r.day,
    endpoint: r.endpoint,
    model: r.model,
    version: r.version,
    arm: r.arm,
    calls: r.calls,
    errors: r.errors,
    latencyMean: r.latency_mean,
    latencyP50: r.latency_p50,
    latencyP95: r.latency_p95,
    labels: JSON.parse(r.labels_json),
    feedback: r.feedback,
    correct: r.correct,
    agreements: r.agreements,
  }));
}
