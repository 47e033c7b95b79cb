import type { AppContext } from '../context.ts';
import { parseInput } from '../shared/validate.ts';
import { type EndpointLiveSchema, LiveQuery, type VersionLiveView } from './monitoring.schemas.ts';
import { quantile } from './prediction-log.service.ts';
import * as store from './prediction-log.store.ts';

/** How one version did on one side of an endpoint: what canary decisions compare. */
export interface ArmStats {
  versionId: string;
  model: string;
  version: number;
  arm: string;
  calls: number;
  /** Calls that failed on the server's side (5xx); a caller's bad input is not the model's fault. */
  errors: number;
  errorRate: number | null;
  latencyP50: number | null;
  latencyP95: number | null;
  feedback: number;
  accuracy: number | null;
  meanAbsError: number | null;
  /** Shadow: share of its answers that said what the answer said. */
  agreement: number | null;
}

const key = (versionId: string, arm: string) => `${versionId}\0${arm}`;

/** Calls, server errors, latency and feedback of each version and side of an endpoint since `since`. */
export async function armStats(
  ctx: AppContext,
  endpointId: string,
  since: string,
): Promise<ArmStats[]> {
  await ctx.monitoring.log.flush(false);
  type Group = ArmStats & {
    latencies: number[];
    right: number;
    abs: number;
    regressions: number;
    compared: number;
    agreed: number;
  };
  const groups = new Map<string, Group>();
  for (const r of await store.armRows(ctx.db, endpointId, since)) {
    const k = key(r.model_version_id, r.arm);
    const g = groups.get(k) ?? {
      versionId: r.model_version_id,
      model: r.model,
      version: r.version,
      arm: r.arm,
      calls: 0,
      errors: 0,
      errorRate: null,
      latencyP50: null,
      latencyP95: null,
      feedback: 0,
      accuracy: null,
      meanAbsError: null,
      agreement: null,
      latencies: [],
      right: 0,
      abs: 0,
      regressions: 0,
      compared: 0,
      agreed: 0,
    };
    g.calls++;
    if (r.agrees !== null) {
      g.compared++;
      g.agreed += r.agrees;
    }
    if (r.status >= 500) g.errors++;
    else g.latencies.push(r.latency_ms);
    groups.set(k, g);
  }
  for (const f of await store.feedbackSince(ctx.db, endpointId, since)) {
    const g = groups.get(key(f.model_version_id, f.arm));
    if (!g) continue;
    g.feedback++;
    if (f.correct !== null) g.right += f.correct;
    if (f.abs_error !== null) {
      g.abs += f.abs_error;
      g.regressions++;
    }
  }
  return [...groups.values()].map(
    ({ latencies, right, abs, regressions, compared, agreed, ...g }) => {
      const sorted = latencies.sort((a, b) => a - b);
      return {
        ...g,
        errorRate: g.calls ? g.errors / g.calls : null,
        latencyP50: quantile(sorted, 0.5),
        latencyP95: quantile(sorted, 0.95),
        accuracy: g.feedback > regressions ? right / (g.feedback - regressions) : null,
        meanAbsError: regressions ? abs / regressions : null,
        agreement: compared ? agreed / compared : null,
      };
    },
  );
}

/**
 * What each version an endpoint runs is doing: calls, errors and latency over the last hours,
 * and live accuracy over each version's last `window` labels (a shadow's too: its answer to a
 * labelled call is scored against the same label).
 */
export async function endpointLive(
  ctx: AppContext,
  name: string,
  input: unknown,
): Promise<import('zod').infer<typeof EndpointLiveSchema>> {
  const query = parseInput(LiveQuery, input ?? {}, 'query');
  const endpointId = await ctx.endpoints.idOf(name);
  const since = new Date(ctx.clock.now().getTime() - query.hours * 3_600_000).toISOString();
  const stats = await armStats(ctx, endpointId, since);
  const labels = await store.latestFeedback(ctx.db, endpointId, query.window * 20);
  const shadows = await store.shadowsOf(
    ctx.db,
    labels.map((l) => l.prediction_id),
  );
  const scored = new Map<string, { n: number; right: number; abs: number; values: number }>();
  const score = (k: string, correct: number | null, absError: number | null) => {
    const s = scored.get(k) ?? { n: 0, right: 0, abs: 0, values: 0 };
    if (s.n >= query.window) return;
    s.n++;
    if (correct !== null) s.right += correct;
    if (absError !== null) {
      s.abs += absError;
      s.values++;
    }
    scored.set(k, s);
  };
  const byPrediction = new Map(labels.map((l) => [l.prediction_id, l]));
  for (const l of labels) score(key(l.model_version_id, l.arm), l.correct, l.abs_error);
  for (const s of shadows) {
    const label = byPrediction.get(s.shadow_of!);
    if (!label || s.status !== 200 || !s.output_json) continue;
    const output = JSON.parse(s.output_json) as { labels?: string[]; values?: number[] };
    const correct =
      label.label !== null && output.labels ? (output.labels[0] === label.label ? 1 : 0) : null;
    const absError =
      label.value !== null && output.values ? Math.abs(output.values[0]! - label.value) : null;
    score(key(s.model_version_id, 'shadow'), correct, absError);
  }
  const versions: VersionLiveView[] = stats.map((g) => {
    const s = scored.get(key(g.versionId, g.arm));
    return {
      model: g.model,
      version: g.version,
      arm: g.arm,
      calls: g.calls,
      errors: g.errors,
      errorRate: g.errorRate,
      latencyP50: g.latencyP50,
      latencyP95: g.latencyP95,
      feedback: s?.n ?? 0,
      accuracy: s && s.n > s.values ? s.right / (s.n - s.values) : null,
      meanAbsError: s?.values ? s.abs / s.values : null,
      agreement: g.agreement,
    };
  });
  return { endpoint: name, since, window: query.window, versions };
}
