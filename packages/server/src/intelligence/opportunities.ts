import { scoreForecast } from '@qudao/ml';
import type { AppContext } from '../context.ts';
import type { IntelligenceOutputTable } from '../db/schema.ts';
import { newId } from '../shared/ids.ts';
import { type BusinessData, monthIndex } from './business-data.ts';
import type { CustomerHistory } from './customer-panel.ts';
import { sumMonths } from './customer-panel.ts';
import { PartnerRecord } from './deal-scoring.ts';
import { intelligenceErrors } from './intelligence.errors.ts';
import type { ModelFigure, Opportunity } from './intelligence.schemas.ts';
import { datasetVersionOf, loadClassicModel, modelRef, trainedVersion } from './lifecycle.ts';

const COLUMNS = ['demand', 'partners_covering'] as const;
const QUARTER = 3;
/** Coverage levels the model tells apart: no partner, 1, 2, 3 or more. */
const LEVELS = 4;

/**
 * New customers per unit of demand at each coverage level, made non-decreasing (a partner more
 * never predicts fewer), and what a new customer brings in its first quarter — a table a person
 * can check by hand.
 */
export interface CoverageModel {
  kind: 'coverage-multiplier';
  /** New customers a quarter per million dollars of yearly demand. */
  ratePerLevel: number[];
  /** Mean first-quarter revenue of a new customer, dollars. */
  revenuePerCustomer: number;
}

function fitCoverage(windows: CellWindow[]): CoverageModel {
  const revenue = new Array<number>(LEVELS).fill(0);
  const demand = new Array<number>(LEVELS).fill(0);
  for (const w of windows) {
    revenue[w.level]! += w.newCustomers;
    demand[w.level]! += w.demand / 1e6;
  }
  const overall =
    revenue.reduce((a, b) => a + b, 0) /
    Math.max(
      demand.reduce((a, b) => a + b, 0),
      1,
    );
  let floor = 0;
  const ratePerLevel = revenue.map((r, k) => {
    // A level without data borrows the overall rate; each level at least the one below it.
    floor = Math.max(floor, demand[k]! > 0 ? r / demand[k]! : overall);
    return floor;
  });
  const arrivals = windows.reduce((a, w) => a + w.newCustomers, 0);
  const money = windows.reduce((a, w) => a + w.newRevenue, 0);
  return {
    kind: 'coverage-multiplier',
    ratePerLevel,
    revenuePerCustomer: arrivals ? money / arrivals : 0,
  };
}

/** New customers a quarter in a cell of `demand` dollars covered by `level` partners. */
const predictCoverage = (model: CoverageModel, demand: number, level: number) =>
  (demand / 1e6) * model.ratePerLevel[Math.min(level, LEVELS - 1)]!;

interface CellWindow {
  cell: number;
  start: number;
  /** Yearly demand, dollars, and how many partners covered the cell (capped at 3). */
  demand: number;
  level: number;
  /** Customers that arrived in the quarter, and their revenue in their first three months ($). */
  newCustomers: number;
  newRevenue: number;
}

/**
 * Market opportunities: the customers a region × industry cell wins in a quarter as its demand
 * times a rate per coverage level (no partner, one, two, three or more), checked on the last two
 * complete quarters against "in proportion to demand" alone. A cell's opportunity is what one
 * more partner adds by that model: its new customers a year times what a new customer brings.
 */
export async function rankOpportunities(
  ctx: AppContext,
  data: BusinessData,
  histories: CustomerHistory[],
  refreshId: string,
): Promise<{ figure: ModelFigure; outputs: IntelligenceOutputTable[] }> {
  const m = data.months.length;
  const cells = data.cells;
  if (cells.length === 0) throw intelligenceErrors.noData('market opportunities (no market cells)');
  const cover = (c: (typeof cells)[number]) =>
    data.partners.filter((p) => p.regions.includes(c.region) && p.industries.includes(c.industry))
      .length;
  const inCell = (c: (typeof cells)[number]) =>
    histories.filter((h) => h.region === c.region && h.industry === c.industry);
  const windows: CellWindow[] = [];
  for (let s = 0; s + 2 * QUARTER <= m; s += QUARTER) {
    const from = data.months[s]!.start;
    const to = data.months[s + QUARTER]!.start;
    cells.forEach((c, i) => {
      const arrivals = inCell(c).filter((h) => h.sinceMs >= from && h.sinceMs < to);
      const revenue = arrivals.reduce((a, h) => {
        const first = Math.max(0, monthIndex(data, h.sinceMs));
        return a + sumMonths(h.revenue, first, first + QUARTER) / 100;
      }, 0);
      windows.push({
        cell: i,
        start: s,
        demand: c.demandMinor / 100,
        level: Math.min(cover(c), LEVELS - 1),
        newCustomers: arrivals.length,
        newRevenue: revenue,
      });
    });
  }
  const starts = [...new Set(windows.map((w) => w.start))];
  if (starts.length < 3)
    throw intelligenceErrors.tooLittleData('market opportunities', 'nine months of customers');
  // The last two quarters, pooled per cell (one quarter of one cell is a handful of customers).
  const testStart = starts.at(-2)!;
  const train = windows.filter((w) => w.start + 2 * QUARTER <= testStart);
  const test = cells.map((_, i) => {
    const ws = windows.filter((w) => w.cell === i && w.start >= testStart);
    return {
      ...ws[0]!,
      newCustomers: ws.reduce((a, w) => a + w.newCustomers, 0),
      quarters: ws.length,
    };
  });
  const dataset = await datasetVersionOf(
    ctx,
    'intelligence-opportunities',
    {
      kind: 'tabular',
      columns: ['cell', 'window_month', ...COLUMNS],
      features: Float32Array.from(
        windows.flatMap((w) => [
          w.cell,
          Number(data.months[w.start]!.label.replace('-', '')),
          w.demand,
          w.level,
        ]),
      ),
      rowCount: windows.length,
      task: 'regression',
      target: Float32Array.from(windows, (w) => w.newCustomers),
      targetName: 'new_customers',
    },
    'intelligence:opportunities',
  );
  const label = (i: number) => data.months[i]!.label;
  const period = {
    trainedOn: {
      from: label(0),
      to: label(Math.max(...train.map((w) => w.start)) + 2 * QUARTER - 1),
    },
    heldOut: {
      from: label(testStart),
      to: label(Math.min(m - 1, starts.at(-1)! + 2 * QUARTER - 1)),
    },
  };
  const { version } = await trainedVersion(ctx, {
    model: 'intelligence-opportunities',
    template: 'coverage-multiplier',
    dataset,
    config: {
      features: [...COLUMNS],
      target: 'customers arriving in a quarter',
      period,
    },
    refreshId,
    train: async () => {
      const model = fitCoverage(train);
      const predicted = test.map((w) => w.quarters * predictCoverage(model, w.demand, w.level));
      const demandShare =
        train.reduce((a, w) => a + w.newCustomers, 0) / train.reduce((a, w) => a + w.demand, 0);
      const baseline = test.map((w) => w.quarters * w.demand * demandShare);
      const actual = test.map((w) => w.newCustomers);
      return {
        metrics: {
          smape: scoreForecast(predicted, actual).smape,
          baseline: { smape: scoreForecast(baseline, actual).smape },
          ratePerLevel: model.ratePerLevel,
          revenuePerCustomer: model.revenuePerCustomer,
          cells: test.length,
          trainWindows: train.length,
        },
        signature: {
          kind: 'tabular',
          task: 'regression',
          inputShape: [COLUMNS.length],
          classes: [],
          columns: [...COLUMNS],
          target: 'new_customers',
        },
        artifact: { json: model },
      };
    },
  });
  const model = await loadClassicModel<CoverageModel>(ctx, version);
  const metrics = version.metrics as { smape: number; baseline: { smape: number } } & Record<
    string,
    unknown
  >;
  const record = new PartnerRecord(data.deals);
  const yearly = (c: (typeof cells)[number], extra: number) =>
    4 *
    100 *
    model.revenuePerCustomer *
    predictCoverage(model, c.demandMinor / 100, cover(c) + extra);
  const ranked = cells
    .map((c) => {
      const now = yearly(c, 0);
      const more = yearly(c, 1);
      const covering = data.partners.filter(
        (p) => p.regions.includes(c.region) && p.industries.includes(c.industry),
      );
      const rates = covering.map((p) => record.rate(p.id, data.asOf).rate);
      const customers = inCell(c).filter((h) => h.sinceMs < data.asOfMs);
      const revenue = 4 * customers.reduce((a, h) => a + sumMonths(h.revenue, m - 3, m), 0);
      return { c, now, more, covering, rates, customers: customers.length, revenue };
    })
    .sort(
      (a, b) =>
        b.more - b.now - (a.more - a.now) ||
        (a.c.region + a.c.industry < b.c.region + b.c.industry ? -1 : 1),
    );
  const outputs = ranked.map((r, i) => {
    const captured = r.c.demandMinor > 0 ? r.revenue / r.c.demandMinor : 0;
    const detail: Opportunity = {
      rank: i + 1,
      region: r.c.region,
      industry: r.c.industry,
      demandMinor: r.c.demandMinor,
      revenueMinor: Math.round(r.revenue),
      partners: r.covering.length,
      customers: r.customers,
      winRate: r.rates.length ? r.rates.reduce((a, b) => a + b, 0) / r.rates.length : null,
      predictedNewRevenueMinor: Math.round(r.now),
      withPartnerNewRevenueMinor: Math.round(r.more),
      addedRevenueMinor: Math.round(r.more - r.now),
      reasons: [
        `demand $${Math.round(r.c.demandMinor / 100).toLocaleString('en-US')} a year, ${(captured * 100).toFixed(1)}% captured`,
        r.covering.length === 0
          ? 'no partner covers it'
          : `${r.covering.length} partner(s) cover it`,
        `${r.customers} customers there now`,
      ],
    };
    return {
      id: newId('out'),
      refresh_id: refreshId,
      model: 'opportunities',
      model_version_id: version.id,
      subject_kind: 'cell',
      subject_id: `${r.c.region}:${r.c.industry}`,
      customer_id: null,
      partner_id: null,
      score: r.more - r.now,
      label: null,
      detail_json: JSON.stringify(detail),
    } satisfies IntelligenceOutputTable;
  });
  return {
    figure: {
      model: 'opportunities',
      version: modelRef(version),
      metric: 'smape',
      higherIsBetter: false,
      value: metrics.smape,
      baseline: { name: 'new customers in proportion to demand', value: metrics.baseline.smape },
      beatsBaseline: metrics.smape < metrics.baseline.smape,
      details: {
        cells: metrics.cells,
        trainWindows: metrics.trainWindows,
        ratePerLevel: metrics.ratePerLevel,
      },
    },
    outputs,
  };
}
