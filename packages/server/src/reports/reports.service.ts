import { listAllApiKeys } from '../auth/api-keys.service.ts';
import { computeFromRaw } from '../billing/billing.service.ts';
import { listCustomers, listPartners } from '../channels/channels.service.ts';
import type { AppContext } from '../context.ts';
import { listDeals } from '../deals/deals.service.ts';
import { listFeedback } from '../feedback/feedback.service.ts';
import { getStrategy, listMarketCells } from '../market/market.service.ts';
import { computeTime, firstCalls } from '../metering/metering.service.ts';
import { monthFromLabel, monthOf } from '../metering/periods.ts';
import { listProducts } from '../plans/plans.service.ts';
import { listMdf } from '../programme/programme.service.ts';
import { parseInput } from '../shared/validate.ts';
import { type ChannelReport, channelKpis } from './kpis.ts';
import { type ReportQuery, ReportQuerySchema } from './reports.schemas.ts';

/**
 * The channel KPI report of one month: revenue and commissions are computed exactly as closing
 * the period would (without writing anything), compute cost from the measured inference time.
 */
export async function channelReport(
  ctx: AppContext,
  query: ReportQuery = {},
): Promise<ChannelReport> {
  const q = parseInput(ReportQuerySchema, query, 'report query');
  const { start, end } = q.period ? monthFromLabel(q.period) : monthOf(new Date());
  const money = await computeFromRaw(ctx, start, end);
  const keys = await listAllApiKeys(ctx);
  return channelKpis({
    start,
    end,
    customers: await listCustomers(ctx),
    partners: await listPartners(ctx),
    products: await listProducts(ctx),
    deals: await listDeals(ctx),
    feedback: await listFeedback(ctx),
    invoices: money.invoices,
    statements: money.statements,
    compute: await computeTime(ctx, start, end),
    keys,
    mdf: await listMdf(ctx),
    cells: await listMarketCells(ctx),
    strategy: await getStrategy(ctx),
    firstCalls: await firstCalls(ctx),
    computeCostPerHourMinor: q.computeCostPerHourMinor,
    costCurrency: q.costCurrency,
  });
}
