import {
  fitHoltWinters,
  forecastHoltWinters,
  type HoltWintersModel,
  scoreForecast,
  seasonalNaive,
} from '@qudao/ml';
import type { AppContext } from '../context.ts';
import type { IntelligenceOutputTable } from '../db/schema.ts';
import { newId } from '../shared/ids.ts';
import { type BusinessData, monthIndex } from './business-data.ts';
import { intelligenceErrors } from './intelligence.errors.ts';
import type { ForecastSeries, ModelFigure } from './intelligence.schemas.ts';
import { datasetVersionOf, loadClassicModel, modelRef, trainedVersion } from './lifecycle.ts';

const HELD_OUT = 6;
const AHEAD = 6;
const BY = ['product', 'partner', 'channel'] as const;
const METRICS = ['usage', 'revenue'] as const;

interface Series {
  by: (typeof BY)[number];
  id: string;
  name: string;
  partnerId: string | null;
  metric: (typeof METRICS)[number];
  values: number[];
}

/** Monthly usage and revenue per product, partner and channel (direct sales is a channel). */
function buildSeries(data: BusinessData): Series[] {
  const m = data.months.length;
  const partners = new Map(data.partners.map((p) => [p.id, p]));
  const out = new Map<string, Series>();
  const add = (
    by: Series['by'],
    id: string,
    name: string,
    partnerId: string | null,
    metric: Series['metric'],
    month: number,
    v: number,
  ) => {
    const key = `${by}|${id}|${metric}`;
    let s = out.get(key);
    if (!s) {
      s = { by, id, name, partnerId, metric, values: new Array<number>(m).fill(0) };
      out.set(key, s);
    }
    s.values[month]! += v;
  };
  const products = new Map(data.products.map((p) => [p.id, p.name]));
  const both = (
    metric: Series['metric'],
    partnerId: string | null,
    productId: string | null,
    month: number,
    v: number,
  ) => {
    const partner = partnerId ? partners.get(partnerId) : undefined;
    if (productId)
      add('product', productId, products.get(productId) ?? productId, null, metric, month, v);
    if (partner) add('partner', partner.id, partner.name, partner.id, metric, month, v);
    const channel = partner?.channel ?? 'direct';
    add('channel', channel, channel, null, metric, month, v);
  };
  for (const u of data.usage) {
    const month = monthIndex(data, Date.parse(`${u.day}T00:00:00.000Z`));
    if (month >= 0 && month < m) both('usage', u.partnerId, u.productId, month, u.units);
  }
  for (const i of data.invoices) {
    for (const [productId, amount] of i.byProduct)
      both('revenue', i.partnerId, productId, i.month, amount);
  }
  // A series needs most of its training months to carry numbers to be forecast at all.
  return [...out.values()]
    .filter((s) => s.values.slice(0, m - HELD_OUT).filter((v) => v > 0).length >= 9)
    .sort((a, b) => (a.by + a.id + a.metric < b.by + b.id + b.metric ? -1 : 1));
}

/**
 * Demand forecasting: additive Holt-Winters per series against seasonal naive on the last six
 * months held out; then refitted on every month for the next six, with ~80% intervals.
 */
export async function forecastDemand(
  ctx: AppContext,
  data: BusinessData,
  refreshId: string,
): Promise<{ figure: ModelFigure; outputs: IntelligenceOutputTable[] }> {
  const m = data.months.length;
  if (m < HELD_OUT + 9)
    throw intelligenceErrors.tooLittleData('demand forecasts', '15 months of usage');
  const series = buildSeries(data);
  if (series.length === 0)
    throw intelligenceErrors.noData('demand forecasts (no series with 9 months of numbers)');
  const dataset = await datasetVersionOf(
    ctx,
    'intelligence-demand',
    {
      kind: 'tabular',
      columns: ['series', 'month'],
      features: Float32Array.from(
        series.flatMap((_, s) =>
          data.months.flatMap((mo) => [s, Number(mo.label.replace('-', ''))]),
        ),
      ),
      rowCount: series.length * m,
      task: 'regression',
      target: Float32Array.from(series.flatMap((s) => s.values)),
      targetName: 'value',
    },
    'intelligence:demand',
  );
  const period = {
    trainedOn: { from: data.months[0]!.label, to: data.months[m - HELD_OUT - 1]!.label },
    heldOut: { from: data.months[m - HELD_OUT]!.label, to: data.months[m - 1]!.label },
  };
  const { version } = await trainedVersion(ctx, {
    model: 'intelligence-demand',
    template: 'holt-winters',
    dataset,
    config: {
      series: series.map((s) => `${s.by}:${s.id}:${s.metric}`),
      heldOutMonths: HELD_OUT,
      ahead: AHEAD,
      period,
    },
    refreshId,
    train: async () => {
      const perSeries = series.map((s) => {
        const train = s.values.slice(0, m - HELD_OUT);
        const actual = s.values.slice(m - HELD_OUT);
        const hw = forecastHoltWinters(fitHoltWinters(train), HELD_OUT).mean;
        const naive = seasonalNaive(train, HELD_OUT);
        return { hw, naive, actual, full: fitHoltWinters(s.values) };
      });
      const mean = (f: (p: (typeof perSeries)[number]) => number) =>
        perSeries.reduce((a, p) => a + f(p), 0) / perSeries.length;
      const byMetric = Object.fromEntries(
        METRICS.map((metric) => {
          const ps = perSeries.filter((_, i) => series[i]!.metric === metric);
          const avg = (f: (p: (typeof perSeries)[number]) => number) =>
            ps.reduce((a, p) => a + f(p), 0) / Math.max(ps.length, 1);
          return [
            metric,
            {
              series: ps.length,
              smape: avg((p) => scoreForecast(p.hw, p.actual).smape),
              baselineSmape: avg((p) => scoreForecast(p.naive, p.actual).smape),
            },
          ];
        }),
      );
      return {
        metrics: {
          smape: mean((p) => scoreForecast(p.hw, p.actual).smape),
          mape: mean((p) => scoreForecast(p.hw, p.actual).mape ?? 0),
          baseline: {
            smape: mean((p) => scoreForecast(p.naive, p.actual).smape),
            mape: mean((p) => scoreForecast(p.naive, p.actual).mape ?? 0),
          },
          byMetric,
          series: series.length,
          heldOut: perSeries.map((p) => ({ forecast: p.hw, baseline: p.naive })),
        },
        signature: {
          kind: 'tabular',
          task: 'regression',
          inputShape: [2],
          classes: [],
          columns: ['series', 'month'],
          target: 'value',
        },
        artifact: { json: { models: perSeries.map((p) => p.full) } },
      };
    },
  });
  const artifact = await loadClassicModel<{ models: HoltWintersModel[] }>(ctx, version);
  const metrics = version.metrics as {
    smape: number;
    mape: number;
    baseline: { smape: number; mape: number };
    heldOut: { forecast: number[]; baseline: number[] }[];
  } & Record<string, unknown>;
  const future = (h: number) => {
    const d = new Date(data.asOfMs);
    return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + h, 1)).toISOString().slice(0, 7);
  };
  const outputs = series.map((s, i) => {
    const f = forecastHoltWinters(artifact.models[i]!, AHEAD);
    const held = metrics.heldOut[i]!;
    const detail: ForecastSeries = {
      by: s.by,
      id: s.id,
      name: s.name,
      metric: s.metric,
      history: s.values.map((actual, t) => ({ month: data.months[t]!.label, actual })),
      heldOut: held.forecast.map((forecast, h) => ({
        month: data.months[m - HELD_OUT + h]!.label,
        forecast,
        baseline: held.baseline[h]!,
        actual: s.values[m - HELD_OUT + h]!,
      })),
      forecast: f.mean.map((mean, h) => ({
        month: future(h),
        mean,
        lower: f.lower[h]!,
        upper: f.upper[h]!,
      })),
    };
    return {
      id: newId('out'),
      refresh_id: refreshId,
      model: 'forecast',
      model_version_id: version.id,
      subject_kind: 'series',
      subject_id: `${s.by}:${s.id}:${s.metric}`,
      customer_id: null,
      partner_id: s.partnerId,
      score: f.mean.reduce((a, b) => a + b, 0),
      label: s.by,
      detail_json: JSON.stringify(detail),
    } satisfies IntelligenceOutputTable;
  });
  return {
    figure: {
      model: 'forecast',
      version: modelRef(version),
      metric: 'smape',
      higherIsBetter: false,
      value: metrics.smape,
      baseline: {
        name: 'seasonal naive (same month a year earlier)',
        value: metrics.baseline.smape,
      },
      beatsBaseline: metrics.smape < metrics.baseline.smape,
      details: {
        mape: metrics.mape,
        baselineMape: metrics.baseline.mape,
        byMetric: metrics.byMetric,
        series: metrics.series,
      },
    },
    outputs,
  };
}
