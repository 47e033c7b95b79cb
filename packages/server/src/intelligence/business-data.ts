import type { Selectable } from 'kysely';
import { listInvoices, listPeriods } from '../billing/billing.service.ts';
import { listCustomers, listPartners } from '../channels/channels.service.ts';
import type { AppContext } from '../context.ts';
import type { InquiryTable } from '../db/schema.ts';
import { listDeals } from '../deals/deals.service.ts';
import { listFeedback } from '../feedback/feedback.service.ts';
import { listMarketCells } from '../market/market.service.ts';
import { type DailyUsage, dailyUsage } from '../metering/metering.service.ts';
import { listProducts } from '../plans/plans.service.ts';
import { intelligenceErrors } from './intelligence.errors.ts';
import * as store from './intelligence.store.ts';

export const DAY = 86_400_000;

/** A month of the data: its label and where it starts. */
export interface Month {
  label: string;
  start: number;
}

/** One invoice reduced to what the models read: whose, which month, how much, by product. */
export interface MonthInvoice {
  customerId: string;
  partnerId: string | null;
  month: number;
  totalMinor: number;
  byProduct: Map<string, number>;
}

/**
 * Everything the intelligence models learn from, read once per refresh through the owning
 * domains' services, up to `asOf` (the end of the last closed billing period, or of the month
 * asked for): nothing after it reaches a data set, so a refresh can be replayed for a past month.
 */
export interface BusinessData {
  asOf: string;
  asOfMs: number;
  /** Every month from the first with usage to the one before asOf. */
  months: Month[];
  customers: Awaited<ReturnType<typeof listCustomers>>;
  partners: Awaited<ReturnType<typeof listPartners>>;
  products: Awaited<ReturnType<typeof listProducts>>;
  usage: DailyUsage[];
  invoices: MonthInvoice[];
  feedback: Awaited<ReturnType<typeof listFeedback>>;
  inquiries: Selectable<InquiryTable>[];
  deals: Awaited<ReturnType<typeof listDeals>>;
  cells: Awaited<ReturnType<typeof listMarketCells>>;
}

const monthStartOf = (ms: number) => {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
};
const nextMonth = (ms: number) => {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
};

/** Index of the month holding `ms` (−1 before the first, months.length at or after asOf). */
export function monthIndex(data: Pick<BusinessData, 'months' | 'asOfMs'>, ms: number): number {
  if (ms >= data.asOfMs) return data.months.length;
  const first = data.months[0]?.start ?? 0;
  if (ms < first) return -1;
  const a = new Date(first);
  const b = new Date(ms);
  return (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + b.getUTCMonth() - a.getUTCMonth();
}

export async function loadBusinessData(ctx: AppContext, asOfMonth?: string): Promise<BusinessData> {
  const periods = (await listPeriods(ctx)).filter((p) => p.status === 'closed');
  let asOfMs: number;
  if (asOfMonth) asOfMs = nextMonth(Date.parse(`${asOfMonth}-01T00:00:00.000Z`));
  else {
    const last = periods.map((p) => Date.parse(p.end)).sort((a, b) => b - a)[0];
    if (last === undefined) throw intelligenceErrors.noData('any closed billing period');
    asOfMs = last;
  }
  const asOf = new Date(asOfMs).toISOString();
  const usage = await dailyUsage(ctx, asOf);
  if (usage.length === 0) throw intelligenceErrors.noData(`the months before ${asOf.slice(0, 7)}`);
  const firstDay = usage.map((u) => u.day).sort()[0]!;
  const months: Month[] = [];
  for (
    let m = monthStartOf(Date.parse(`${firstDay}T00:00:00.000Z`));
    m < asOfMs;
    m = nextMonth(m)
  ) {
    months.push({ label: new Date(m).toISOString().slice(0, 7), start: m });
  }
  const grid = { months, asOfMs };
  const periodMonth = new Map(
    periods.map((p) => [p.id, monthIndex(grid, Date.parse(p.start))] as const),
  );
  const invoices: MonthInvoice[] = [];
  for (const invoice of await listInvoices(ctx)) {
    const month = periodMonth.get(invoice.periodId);
    if (month === undefined || month < 0 || month >= months.length) continue;
    const byProduct = new Map<string, number>();
    for (const line of invoice.lines) {
      byProduct.set(line.productId, (byProduct.get(line.productId) ?? 0) + line.amountMinor);
    }
    invoices.push({
      customerId: invoice.customerId,
      partnerId: invoice.partnerId,
      month,
      totalMinor: invoice.totalMinor,
      byProduct,
    });
  }
  return {
    asOf,
    asOfMs,
    months,
    customers: await listCustomers(ctx),
    partners: await listPartners(ctx),
    products: await listProducts(ctx),
    usage,
    invoices,
    feedback: (await listFeedback(ctx)).filter((f) => f.createdAt < asOf),
    inquiries: await store.listInquiries(ctx.db, { before: asOf }),
    deals: await listDeals(ctx),
    cells: await listMarketCells(ctx),
  };
}
