import type { DealView } from '../deals/deals.schemas.ts';
import type { TierMetrics, TierRules } from './tier-rules.schemas.ts';

export const TIERS = ['registered', 'silver', 'gold', 'platinum'] as const;
export type Tier = (typeof TIERS)[number];

/** An invoice as tier review counts it: the end of its period and what it is worth. */
export interface CountedInvoice {
  periodEnd: string;
  partnerId: string | null;
  customerId: string | null;
  currency: string;
  totalMinor: number;
}

/** The first instant `months` calendar months before `at` (UTC, same day and time). */
export function monthsBefore(at: string, months: number): string {
  const d = new Date(at);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d.toISOString();
}

/**
 * A partner's metrics for a period ending at `end`: revenue of the periods ending in the last
 * `revenueMonths` (in the rules' currency; amounts in others converted by `convert`, skipped
 * without a rate), customers with a positive invoice of the period ending at `end`, certified
 * users, and the win rate of its deals closed in the same months.
 */
export function metricsOf(
  partnerId: string,
  end: string,
  rules: Pick<TierRules, 'revenueMonths'>,
  inputs: {
    revenue: readonly CountedInvoice[];
    invoices: readonly CountedInvoice[];
    deals: readonly DealView[];
    certified: number;
    convert: (amountMinor: number, from: string) => number | null;
  },
): TierMetrics {
  const from = monthsBefore(end, rules.revenueMonths);
  let revenueMinor = 0;
  for (const i of inputs.revenue) {
    if (i.partnerId !== partnerId || i.periodEnd <= from || i.periodEnd > end) continue;
    revenueMinor += inputs.convert(i.totalMinor, i.currency) ?? 0;
  }
  const active = new Set(
    inputs.invoices
      .filter((i) => i.partnerId === partnerId && i.periodEnd === end && i.totalMinor > 0)
      .map((i) => i.customerId),
  );
  const closed = inputs.deals.filter(
    (d) =>
      d.partnerId === partnerId &&
      (d.stage === 'won' || d.stage === 'lost') &&
      d.closedAt !== null &&
      d.closedAt > from &&
      d.closedAt <= end,
  );
  const won = closed.filter((d) => d.stage === 'won').length;
  return {
    revenueMinor,
    activeCustomers: active.size,
    certifiedUsers: inputs.certified,
    winRateBps: closed.length === 0 ? 0 : Math.floor((won * 10_000) / closed.length),
  };
}

/** The highest tier whose every requirement the metrics meet (registered needs none). */
export function qualifiedTier(metrics: TierMetrics, rules: TierRules): Tier {
  let tier: Tier = 'registered';
  for (const t of ['silver', 'gold', 'platinum'] as const) {
    const r = rules.requirements[t];
    const meets =
      metrics.revenueMinor >= r.revenueMinor &&
      metrics.activeCustomers >= r.activeCustomers &&
      metrics.certifiedUsers >= r.certifiedUsers &&
      metrics.winRateBps >= r.winRateBps;
    if (!meets) break;
    tier = t;
  }
  return tier;
}

/**
 * What a review does: promote at once to a higher qualified tier; below its tier, a partner
 * keeps it for `gracePeriods` closes in a row (grace), then drops to the qualified tier.
 */
export function decide(current: Tier, qualified: Tier, graceUsed: number, gracePeriods: number) {
  const rank = (t: Tier) => TIERS.indexOf(t);
  if (rank(qualified) > rank(current)) return { action: 'promoted' as const, tier: qualified };
  if (rank(qualified) === rank(current)) return { action: 'kept' as const, tier: current };
  if (graceUsed < gracePeriods) return { action: 'grace' as const, tier: current };
  return { action: 'demoted' as const, tier: qualified };
}
