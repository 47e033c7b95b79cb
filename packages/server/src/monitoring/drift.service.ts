import {
  type ColumnDrift,
  columnDrift,
  DRIFT_THRESHOLDS,
  datasetDrift,
  encodeRawInputs,
  expandCounts,
  foldTokens,
  imageFeatures,
  intensityShares,
  loadPreprocessing,
  OTHER_TOKEN,
  type Preprocessing,
  psi,
  textFeatures,
} from '@qudao/ml';
import type { AppContext } from '../context.ts';
import {
  getModelVersion,
  getServableVersion,
  type ServableVersion,
} from '../registry/registry.service.ts';
import { parseInput } from '../shared/validate.ts';
import { raiseAlert, recentAlert } from './alerts.service.ts';
import { type DriftReference, referenceOf } from './drift-reference.service.ts';
import { monitoringErrors } from './monitoring.errors.ts';
import { DriftQuery, type DriftReportView } from './monitoring.schemas.ts';
import * as store from './prediction-log.store.ts';

/** A drift alert of an endpoint's version is not raised again within this time. */
const ALERT_COOLDOWN_MS = 60 * 60 * 1000;

type WindowRow = Awaited<ReturnType<typeof store.windowRows>>[number];

interface Current {
  numeric: Record<string, number[]>;
  intensity?: number[];
  tokens?: Map<string, number>;
  labels: string[];
  values: number[];
}

/** The features of the logged calls, computed as the reference's were. */
function currentOf(
  rows: WindowRow[],
  version: ServableVersion,
  p: Preprocessing | undefined,
): Current {
  const labels: string[] = [];
  const values: number[] = [];
  for (const r of rows) {
    const out = r.output_json
      ? (JSON.parse(r.output_json) as { labels?: string[]; values?: number[] })
      : {};
    labels.push(...(out.labels ?? []));
    values.push(...(out.values ?? []));
  }
  const inputs = rows.filter((r) => r.input !== null);
  const kind = version.signature.kind ?? 'image';
  if (kind === 'image') {
    const size = version.inputShape.reduce((a, b) => a * b, 1);
    const pixels = new Uint8Array(inputs.length * size);
    inputs.forEach((r, i) => {
      pixels.set(Buffer.from(r.input!, 'base64').subarray(0, size), i * size);
    });
    const f = imageFeatures(pixels, size);
    return {
      numeric: {
        pixel_mean: [...f.pixelMean],
        pixel_std: [...f.pixelStd],
        ink_fraction: [...f.inkFraction],
      },
      intensity: f.intensityCounts,
      labels,
      values,
    };
  }
  const all = inputs.flatMap((r) => JSON.parse(r.input!) as unknown[]);
  if (kind === 'text' && p?.kind === 'text') {
    const f = textFeatures(
      all.map(String),
      p.vocabulary,
      p.sequenceLength,
      p.tokenizer ?? 'legacy',
    );
    return {
      numeric: { tokens: [...f.length], oov_rate: [...f.oovRate] },
      tokens: f.tokenCounts,
      labels,
      values,
    };
  }
  const numeric: Record<string, number[]> = {};
  if (p?.kind === 'tabular' && all.length > 0) {
    const { x } = encodeRawInputs(p, all);
    const width = p.columns.length;
    p.columns.forEach((column, c) => {
      numeric[column] = Array.from({ length: x.length / width }, (_, r) => x[r * width + c]!);
    });
  }
  return { numeric, labels, values };
}

function compare(reference: DriftReference, current: Current) {
  const columns: ColumnDrift[] = Object.entries(reference.numeric)
    .filter(([name]) => (current.numeric[name]?.length ?? 0) > 0)
    .map(([name, ref]) => columnDrift(name, 'numeric', ref, current.numeric[name]!));
  if (reference.intensity && current.intensity) {
    // All pixels as one distribution: PSI over 30 equal-width bins of 0..255.
    const score = psi({
      reference: intensityShares(reference.intensity),
      current: intensityShares(current.intensity),
    });
    columns.push({
      column: 'pixel_intensity',
      kind: 'numeric',
      method: 'psi',
      score,
      threshold: DRIFT_THRESHOLDS.psi,
      drifted: score >= DRIFT_THRESHOLDS.psi,
      referenceRows: reference.intensity.reduce((s, n) => s + n, 0),
      currentRows: current.intensity.reduce((s, n) => s + n, 0),
    });
  }
  if (reference.tokens && current.tokens) {
    const top = new Set(Object.keys(reference.tokens).filter((t) => t !== OTHER_TOKEN));
    columns.push(
      columnDrift(
        'token',
        'categorical',
        expandCounts(reference.tokens),
        expandCounts(foldTokens(current.tokens, top)),
      ),
    );
  }
  let prediction: ColumnDrift | null = null;
  if (reference.labels && current.labels.length > 0) {
    prediction = columnDrift(
      'prediction',
      'categorical',
      expandCounts(reference.labels),
      current.labels,
    );
  } else if (reference.values && current.values.length > 0) {
    prediction = columnDrift('prediction', 'numeric', reference.values, current.values);
  }
  return { columns, prediction };
}

/**
 * Drift of an endpoint's version: its newest logged calls (inputs as the model saw them, and its
 * answers) against the reference from its training data, column by column with Evidently's
 * defaults. It drifted when half the input columns did (data set drift) or the predictions did.
 * With `record`, a drift is an alert (once an hour per version), sent to the webhook.
 */
export async function driftReport(
  ctx: AppContext,
  name: string,
  input: unknown,
  options: { record?: boolean } = {},
): Promise<DriftReportView> {
  const query = parseInput(DriftQuery, input ?? {}, 'query');
  const traffic = await ctx.endpoints.traffic(name);
  let version = traffic.primary ? await getServableVersion(ctx, traffic.primary) : undefined;
  if (version && query.version) {
    version = await getServableVersion(
      ctx,
      (await getModelVersion(ctx, version.model, query.version)).id,
    );
  }
  if (!version) throw monitoringErrors.badFeedback(`endpoint "${name}" serves no version now`);
  const reference = await referenceOf(ctx, version.id);
  if (!reference) throw monitoringErrors.noReference(`${version.model}@${version.version}`);
  await ctx.monitoring.log.flush(false);
  const rows = await store.windowRows(ctx.db, traffic.id, version.id, query.window);
  const base = {
    endpoint: name,
    model: version.model,
    version: version.version,
    kind: reference.kind,
    checkedAt: ctx.clock.now().toISOString(),
    alertId: null as string | null,
  };
  if (rows.length < query.minRows) {
    return {
      ...base,
      enough: false,
      drifted: false,
      share: 0,
      columns: [],
      prediction: null,
      message: `only ${rows.length} logged calls of ${version.model}@${version.version}; drift is judged on at least ${query.minRows}`,
    };
  }
  const preprocessing = await loadPreprocessing<Preprocessing>(version.artifactPath);
  const { columns, prediction } = compare(reference, currentOf(rows, version, preprocessing));
  const inputs = datasetDrift(columns);
  const drifted = inputs.drifted || prediction?.drifted === true;
  const what = [
    inputs.drifted ? `inputs drifted (${inputs.driftedColumns.join(', ')})` : null,
    prediction?.drifted ? 'predictions drifted' : null,
  ].filter(Boolean);
  const report: DriftReportView = {
    ...base,
    enough: true,
    drifted,
    share: inputs.share,
    columns,
    prediction,
    message: drifted
      ? `${name} (${version.model}@${version.version}): ${what.join('; ')} over the last ${rows.length} calls`
      : `${name} (${version.model}@${version.version}): no drift over the last ${rows.length} calls`,
  };
  if (drifted && options.record) {
    const since = new Date(ctx.clock.now().getTime() - ALERT_COOLDOWN_MS).toISOString();
    const open = await recentAlert(ctx, 'drift', name, version.id, since);
    const alert =
      open ??
      (await raiseAlert(ctx, {
        kind: 'drift',
        endpointId: traffic.id,
        endpoint: name,
        version,
        message: report.message,
        detail: { share: report.share, columns: columns.filter((c) => c.drifted), prediction },
      }));
    report.alertId = alert.id;
  }
  return report;
}
