import { listAllApiKeys } from '../auth/api-keys.service.ts';
import { computeFromRaw } from '../billing/billing.service.ts';
import { listCustomers, listPartners } from '../channels/channels.service.ts';
import type { AppContext } from '../context.ts';
import { listDeals } from '../deals/deals.service.ts';
import { listFeedback } from '../feedback/feedback.service.ts';
import { intelligenceReport } from '../intelligence/intelligence-report.service.ts';
import { getStrategy, listMarketCells } from '../market/market.service.ts';
import { computeTime, firstCalls } from '../metering/metering.service.ts';
import { monthFromLabel, monthOf } from '../metering/periods.ts';
import { listProducts } from '../plans/plans.service.ts';
import { listMdf } from '../programme/programme.service.ts';
import { parseInput } from '../shared/validate.ts';
import { converterInto } from './exchange-rates.service.ts';
import { channelKpis } from './kpis.ts';
import { type ChannelReport, type ReportQuery, ReportQuerySchema } from './reports.schemas.ts';

/**
 * The period a report covers: the month asked for; `mtd`, the current month up to now; by
 * default the last complete month, so a report opened early in a month is not empty.
 */
export function reportPeriod(period: string | undefined, now: Date) {
  if (period === 'mtd') {
    const { start } = monthOf(now);
    const label = `${start.slice(0, 7)} (month to date)`;
    return { start, end: now.toISOString(), label, kind: 'month_to_date' as const };
  }
  const bounds = period
    ? monthFromLabel(period)
    : monthOf(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)));
  return { ...bounds, label: bounds.start.slice(0, 7), kind: 'month' as const };
}

/**
 * The channel KPI report of one period: revenue and commissions are computed exactly as closing
 * the period would (without writing anything), compute cost from the measured inference time,
 * totals per currency and, with the owner's exchange rates, in the reporting currency.
 */
export async function channelReport(
  ctx: AppContext,
  query: ReportQuery = {},
): Promise<ChannelReport> {
  const q = parseInput(ReportQuerySchema, query, 'report query');
  const period = reportPeriod(q.period, ctx.clock.now());
  const { start, end } = period;
  const money = await computeFromRaw(ctx, start, end);
  const kpis = channelKpis({
    ...period,
    converter: await converterInto(ctx, q.currency ?? q.costCurrency),
    customers: await listCustomers(ctx),
    partners: await listPartners(ctx),
    products: await listProducts(ctx),
    deals: await listDeals(ctx),
    feedback: await listFeedback(ctx),
    invoices: money.invoices,
    statements: money.statements,
    compute: await computeTime(ctx, start, end),
    keys: await listAllApiKeys(ctx),
    mdf: await listMdf(ctx),
    cells: await listMarketCells(ctx),
    strategy: await getStrategy(ctx),
    firstCalls: await firstCalls(ctx),
    computeCostPerHourMinor: q.computeCostPerHourMinor,
    costCurrency: q.costCurrency,
  });
  return { ...kpis, intelligence: await intelligenceReport(ctx) };
}
