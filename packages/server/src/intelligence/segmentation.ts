import {
  assignClusters,
  chooseK,
  createRng,
  fitStandardizer,
  type KMeansModel,
  type Standardizer,
  silhouette,
  standardize,
} from '@qudao/ml';
import type { AppContext } from '../context.ts';
import type { IntelligenceOutputTable } from '../db/schema.ts';
import { newId } from '../shared/ids.ts';
import { type BusinessData, DAY } from './business-data.ts';
import { type CustomerHistory, calledBetween, recencyDays, sumMonths } from './customer-panel.ts';
import { intelligenceErrors } from './intelligence.errors.ts';
import type { ModelFigure } from './intelligence.schemas.ts';
import { datasetVersionOf, loadClassicModel, modelRef, trainedVersion } from './lifecycle.ts';

export const SEGMENT_FEATURES = [
  'log_recency_days',
  'log_active_days_90d',
  'log_revenue_3m',
  'trend_3m',
  'log_tenure_months',
] as const;

/** The usual RFM segment names, from recency and the mean of frequency and monetary scores. */
export function rfmSegment(r: number, f: number, m: number, tenureMonths: number): string {
  const fm = Math.round((f + m) / 2);
  if (tenureMonths < 2) return 'New';
  if (r >= 4 && fm >= 4) return 'Champions';
  if (r >= 3 && fm >= 3) return 'Loyal';
  if (r >= 4) return 'Potential loyalists';
  if (r === 3) return 'Needs attention';
  if (fm >= 3) return 'At risk';
  if (r === 2) return 'Hibernating';
  return 'Lost';
}

/** Quintile score 1–5 of each value (ties share the lower score's rank order). */
function quintiles(values: number[], higherIsBetter = true): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out = new Array<number>(values.length);
  order.forEach(([, i], rank) => {
    const q = 1 + Math.min(4, Math.floor((rank * 5) / values.length));
    out[i] = higherIsBetter ? q : 6 - q;
  });
  return out;
}

interface SegmentArtifact {
  kmeans: KMeansModel;
  scaler: Standardizer;
  clusterNames: string[];
  silhouettes: { k: number; silhouette: number }[];
}

/**
 * Customer segmentation at `asOf`: RFM quintile segments (the explainable baseline) and k-means
 * on the standardised features with k chosen by silhouette; the figure is the silhouette of
 * the chosen k next to that of the RFM segments in the same space.
 */
export async function segmentCustomers(
  ctx: AppContext,
  data: BusinessData,
  histories: CustomerHistory[],
  refreshId: string,
): Promise<{ figure: ModelFigure; outputs: IntelligenceOutputTable[] }> {
  const now = data.asOfMs;
  const m = data.months.length;
  const seen = histories.filter((h) => calledBetween(h, now - 365 * DAY, now) && h.sinceMs < now);
  if (seen.length < 20)
    throw intelligenceErrors.tooLittleData(
      'segments',
      'at least 20 customers with usage in the last year',
    );
  const raw = seen.map((h) => {
    const recency = recencyDays(h, now);
    const days90 = h.callDays.filter((d) => d >= now / DAY - 90 && d < now / DAY).length;
    const revenue = sumMonths(h.revenue, m - 3, m);
    const trend =
      Math.log1p(sumMonths(h.units, m - 3, m)) - Math.log1p(sumMonths(h.units, m - 6, m - 3));
    const tenure = (now - h.sinceMs) / (30 * DAY);
    return { h, recency, days90, revenue, trend, tenure };
  });
  const r = quintiles(
    raw.map((x) => x.recency),
    false,
  );
  const f = quintiles(raw.map((x) => x.days90));
  const mq = quintiles(raw.map((x) => x.revenue));
  const segments = raw.map((x, i) => rfmSegment(r[i]!, f[i]!, mq[i]!, x.tenure));
  const features = raw.flatMap((x) => [
    Math.log1p(x.recency),
    Math.log1p(x.days90),
    Math.log1p(x.revenue / 100),
    x.trend,
    Math.log1p(x.tenure),
  ]);
  const d = SEGMENT_FEATURES.length;
  const names = [...new Set(segments)].sort();
  const dataset = await datasetVersionOf(
    ctx,
    'intelligence-segments',
    {
      kind: 'tabular',
      columns: [...SEGMENT_FEATURES],
      features: Float32Array.from(features),
      rowCount: raw.length,
      task: 'classification',
      labels: Uint16Array.from(segments, (s) => names.indexOf(s)),
      classes: names,
      targetName: 'rfm_segment',
    },
    'intelligence:segments',
  );
  const asOfLabel = data.months[m - 1]!.label;
  const { version } = await trainedVersion(ctx, {
    model: 'intelligence-segments',
    template: 'kmeans',
    dataset,
    config: {
      features: [...SEGMENT_FEATURES],
      ks: [2, 3, 4, 5, 6, 7, 8],
      seed: 42,
      period: {
        trainedOn: { from: data.months[Math.max(0, m - 12)]!.label, to: asOfLabel },
        heldOut: { from: asOfLabel, to: asOfLabel },
      },
    },
    refreshId,
    train: async () => {
      const scaler = fitStandardizer(features, d);
      const z = standardize(scaler, features);
      const picked = sampleIndices(raw.length, 1200);
      const sample = new Float64Array(picked.length * d);
      picked.forEach((i, j) => {
        sample.set(z.subarray(i * d, (i + 1) * d), j * d);
      });
      const { best, silhouettes } = chooseK(sample, d, [2, 3, 4, 5, 6, 7, 8], { seed: 42 });
      const chosen = silhouettes.find((s) => s.k === best.k)!.silhouette;
      // The RFM segments as a clustering of the same standardised points.
      const rfmSilhouette = silhouette(
        sample,
        d,
        Uint16Array.from(picked, (i) => names.indexOf(segments[i]!)),
      );
      const clusters = assignClusters(best, z, d);
      const clusterNames = Array.from({ length: best.k }, (_, c) => {
        const counts = new Map<string, number>();
        segments.forEach((s, i) => {
          if (clusters[i] === c) counts.set(s, (counts.get(s) ?? 0) + 1);
        });
        const top = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'empty';
        return `${top}-like, usage trend ${best.centroids[c]![3]! >= 0 ? 'above' : 'below'} average`;
      });
      return {
        metrics: {
          silhouette: chosen,
          rfmSilhouette: rfmSilhouette,
          silhouettes,
          k: best.k,
          customers: raw.length,
        },
        signature: {
          kind: 'tabular',
          task: 'classification',
          inputShape: [d],
          classes: clusterNames,
          columns: [...SEGMENT_FEATURES],
        },
        artifact: {
          json: { kmeans: best, scaler, clusterNames, silhouettes } satisfies SegmentArtifact,
        },
      };
    },
  });
  const model = await loadClassicModel<SegmentArtifact>(ctx, version);
  const metrics = version.metrics as {
    silhouette: number;
    rfmSilhouette: number;
    k: number;
    silhouettes: unknown;
  };
  const clusters = assignClusters(model.kmeans, standardize(model.scaler, features), d);
  const outputs = raw.map((x, i) => {
    const drivers = [
      `last call ${Math.round(x.recency)} days ago (R${r[i]})`,
      `active ${x.days90} of the last 90 days (F${f[i]})`,
      `$${Math.round(x.revenue / 100).toLocaleString('en-US')} in the last 3 months (M${mq[i]})`,
      `usage ${x.trend >= 0 ? '+' : ''}${Math.round((Math.exp(x.trend) - 1) * 100)}% against the 3 months before`,
    ];
    return {
      id: newId('out'),
      refresh_id: refreshId,
      model: 'segments',
      model_version_id: version.id,
      subject_kind: 'customer',
      subject_id: x.h.id,
      customer_id: x.h.id,
      partner_id: x.h.partnerId,
      score: r[i]! * 100 + f[i]! * 10 + mq[i]!,
      label: segments[i]!,
      detail_json: JSON.stringify({
        customerName: x.h.name,
        region: x.h.region,
        industry: x.h.industry,
        rfm: { r: r[i], f: f[i], m: mq[i] },
        cluster: clusters[i],
        clusterName: model.clusterNames[clusters[i]!],
        drivers,
      }),
    } satisfies IntelligenceOutputTable;
  });
  return {
    figure: {
      model: 'segments',
      version: modelRef(version),
      metric: 'silhouette',
      higherIsBetter: true,
      value: metrics.silhouette,
      baseline: { name: 'RFM quintile segments (same space)', value: metrics.rfmSilhouette },
      beatsBaseline: metrics.silhouette > metrics.rfmSilhouette,
      details: { k: metrics.k, silhouettes: metrics.silhouettes, customers: raw.length },
    },
    outputs,
  };
}

/** At most `limit` row indices, drawn with a fixed seed (silhouette is quadratic in the rows). */
function sampleIndices(n: number, limit: number): number[] {
  const all = Array.from({ length: n }, (_, i) => i);
  if (n <= limit) return all;
  const rng = createRng(11);
  return all
    .map((i) => [rng(), i] as const)
    .sort((a, b) => a[0] - b[0])
    .slice(0, limit)
    .map(([, i]) => i)
    .sort((a, b) => a - b);
}
