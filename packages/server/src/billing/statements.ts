import type { CustomerView, PartnerView } from '../channels/channels.service.ts';
import type { DealView } from '../deals/deals.schemas.ts';
import type { ProductView, SubscriptionView } from '../plans/plans.service.ts';
import { priceTokens, priceUsage } from '../plans/pricing.ts';
import type {
  CommissionLine,
  CommissionRule,
  InvoiceDraft,
  InvoiceLine,
  StatementDraft,
} from './billing.schemas.ts';

export type { InvoiceDraft, StatementDraft } from './billing.schemas.ts';

export interface PeriodInputs {
  start: string;
  end: string;
  usage: {
    customerId: string;
    productId: string;
    units: number;
    /** Language-model calls' tokens (absent on usage from before token metering). */
    inputTokens?: number;
    outputTokens?: number;
  }[];
  subscriptions: SubscriptionView[];
  products: ProductView[];
  customers: CustomerView[];
  partners: PartnerView[];
  rules: CommissionRule[];
  deals: DealView[];
}

/** Binary order (not locale order), so ids sort the same in JS and in the database. */
export const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const YEAR_MS = 365 * 24 * 3600 * 1000;

function shareOf(amount: number, bps: number): number {
  return Math.floor((2 * amount * bps + 10_000) / 20_000);
}

/**
 * A period's invoices and commission statements, computed from raw inputs only (so closing is
 * reproducible). Subscribed products carry the monthly fee and included units; usage of a
 * product without a subscription is billed at the tier prices alone. A partner earns its rule's
 * share of each of its customers' invoices (first-year rate within a year of the customer's
 * start, renewal rate after) and a bounty per deal won in the period that it earned: a
 * registration the owner approved, or a lead the owner offered and the partner accepted (which
 * also leaves the deal `approved`). A pending or rejected registration earns no bounty.
 */
export function computePeriod(inputs: PeriodInputs) {
  const products = new Map(inputs.products.map((p) => [p.id, p]));
  const units = new Map<string, number>();
  const tokens = new Map<string, { input: number; output: number }>();
  for (const u of inputs.usage) {
    const key = `${u.customerId}|${u.productId}`;
    units.set(key, (units.get(key) ?? 0) + u.units);
    const t = tokens.get(key) ?? { input: 0, output: 0 };
    t.input += u.inputTokens ?? 0;
    t.output += u.outputTokens ?? 0;
    tokens.set(key, t);
  }
  const subscribed = new Set(
    inputs.subscriptions
      .filter((s) => s.startedAt < inputs.end)
      .map((s) => `${s.customerId}|${s.productId}`),
  );
  const invoices: InvoiceDraft[] = [];
  for (const customer of [...inputs.customers].sort((a, b) => byText(a.id, b.id))) {
    const byCurrency = new Map<string, InvoiceLine[]>();
    for (const product of [...products.values()].sort((a, b) => byText(a.id, b.id))) {
      const key = `${customer.id}|${product.id}`;
      const used = units.get(key) ?? 0;
      const isSubscribed = subscribed.has(key);
      if (!isSubscribed && used === 0) continue;
      const plan = isSubscribed
        ? product.plan
        : { ...product.plan, monthlyFeeMinor: 0, includedUnits: 0 };
      const priced = [
        ...priceUsage(plan, used),
        ...priceTokens(product.plan, tokens.get(key) ?? { input: 0, output: 0 }),
      ];
      const lines = priced.map((line) => ({
        ...line,
        productId: product.id,
        product: product.name,
      }));
      const list = byCurrency.get(product.plan.currency) ?? [];
      list.push(...lines);
      byCurrency.set(product.plan.currency, list);
    }
    for (const [currency, lines] of [...byCurrency].sort(([a], [b]) => byText(a, b))) {
      if (lines.length === 0) continue;
      invoices.push({
        customerId: customer.id,
        partnerId: customer.partnerId,
        currency,
        totalMinor: lines.reduce((sum, l) => sum + l.amountMinor, 0),
        lines,
      });
    }
  }

  const customers = new Map(inputs.customers.map((c) => [c.id, c]));
  const statements = new Map<string, StatementDraft>();
  const add = (partnerId: string, currency: string, line: CommissionLine) => {
    const key = `${partnerId}|${currency}`;
    const s = statements.get(key) ?? { partnerId, currency, totalMinor: 0, lines: [] };
    s.lines.push(line);
    s.totalMinor += line.amountMinor;
    statements.set(key, s);
  };
  for (const partner of inputs.partners) {
    const rule =
      inputs.rules.find((r) => r.partnerId === partner.id) ??
      inputs.rules.find((r) => !r.partnerId && r.tier === partner.tier);
    if (!rule) continue;
    for (const invoice of invoices.filter((i) => i.partnerId === partner.id)) {
      const since = Date.parse(customers.get(invoice.customerId)!.since);
      const firstYear = Date.parse(inputs.start) < since + YEAR_MS;
      const rate = firstYear ? rule.firstYearBps : rule.renewalBps;
      add(partner.id, invoice.currency, {
        kind: 'revenue_share',
        description: `${rate / 100}% of ${customers.get(invoice.customerId)!.name}'s invoice (${firstYear ? 'first year' : 'renewal'})`,
        customerId: invoice.customerId,
        dealId: null,
        term: firstYear ? 'first_year' : 'renewal',
        basisMinor: invoice.totalMinor,
        rateBps: rate,
        amountMinor: shareOf(invoice.totalMinor, rate),
      });
    }
    const won = inputs.deals.filter(
      (d) =>
        d.partnerId === partner.id &&
        d.stage === 'won' &&
        d.registration === 'approved' &&
        d.closedAt !== null &&
        d.closedAt >= inputs.start &&
        d.closedAt < inputs.end,
    );
    for (const deal of won) {
      if (rule.bountyMinor === 0) continue;
      add(partner.id, rule.currency, {
        kind: 'bounty',
        description: `bounty for the deal won with ${deal.company}`,
        customerId: deal.customerId,
        dealId: deal.id,
        term: null,
        basisMinor: 0,
        rateBps: null,
        amountMinor: rule.bountyMinor,
      });
    }
  }
  return {
    invoices,
    statements: [...statements.values()].sort(
      (a, b) => byText(a.partnerId, b.partnerId) || byText(a.currency, b.currency),
    ),
  };
}
