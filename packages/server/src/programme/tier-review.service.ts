import { certifiedUsers } from '../auth/partner-users.service.ts';
import { listInvoices, listPeriods, listWholesaleInvoices } from '../billing/billing.service.ts';
import { getPartner, listPartners, setPartnerTier } from '../channels/channels.service.ts';
import { recordEvent } from '../channels/partner-events.service.ts';
import type { AppContext } from '../context.ts';
import { listDeals } from '../deals/deals.service.ts';
import { actorOf } from '../shared/actor.ts';
import { convertMinorExact } from '../shared/exchange-rates.ts';
import { newId } from '../shared/ids.ts';
import type { ClosingPeriod } from '../shared/period-close.ts';
import { OWNER, type Principal } from '../shared/principal.ts';
import { inTransaction } from '../shared/transaction.ts';
import { parseInput } from '../shared/validate.ts';
import {
  type CountedInvoice,
  decide,
  metricsOf,
  qualifiedTier,
  TIERS,
  type Tier,
} from './tier-metrics.ts';
import * as store from './tier-review.store.ts';
import {
  type TierMetrics,
  type TierProgressView,
  type TierReviewView,
  type TierRules,
  type TierRulesInput,
  TierRulesSchema,
} from './tier-rules.schemas.ts';

const KEY = 'tier_rules';

export async function tierRules(ctx: AppContext): Promise<TierRules | null> {
  const row = await store.getSetting(ctx.db, KEY);
  return row ? TierRulesSchema.parse(JSON.parse(row.value_json)) : null;
}

export async function setTierRules(
  ctx: AppContext,
  input: TierRulesInput,
  viewer: Principal = OWNER,
): Promise<TierRules> {
  const data = parseInput(TierRulesSchema, input, 'tier rules');
  await inTransaction(ctx, async (tx) => {
    await store.putSetting(tx.db, {
      key: KEY,
      value_json: JSON.stringify(data),
      updated_at: tx.clock.now().toISOString(),
    });
    await recordEvent(tx, {
      partnerId: null,
      subjectType: 'settings',
      subjectId: KEY,
      action: 'settings_changed',
      actor: actorOf(viewer),
      details: data,
    });
  });
  return data;
}

/** Revenue as tiers count it: Qudao's invoices to referral customers, resellers' wholesale ones. */
async function closedRevenue(ctx: AppContext) {
  const ends = new Map((await listPeriods(ctx)).map((p) => [p.id, p.end]));
  const invoices: CountedInvoice[] = (await listInvoices(ctx)).map((i) => ({
    periodEnd: ends.get(i.periodId)!,
    partnerId: i.partnerId,
    customerId: i.customerId,
    currency: i.currency,
    totalMinor: i.totalMinor,
    issuer: i.issuer,
  }));
  const wholesale: CountedInvoice[] = (await listWholesaleInvoices(ctx)).map((w) => ({
    periodEnd: ends.get(w.periodId)!,
    partnerId: w.partnerId,
    customerId: null,
    currency: w.currency,
    totalMinor: w.totalMinor,
  }));
  return { invoices, wholesale };
}

async function converter(ctx: AppContext, into: string) {
  const rates = new Map<string, number | null>();
  return async (amount: number, from: string) => {
    if (from === into) return amount;
    if (!rates.has(from)) rates.set(from, await ctx.rates.rateOf(from, into));
    const rate = rates.get(from)!;
    return rate === null ? null : Math.round(convertMinorExact(amount, rate, from, into));
  };
}

/** Every partner's metrics for the period ending at `end`, from `invoices` and `wholesale`. */
async function allMetrics(
  ctx: AppContext,
  rules: TierRules,
  end: string,
  invoices: (CountedInvoice & { issuer?: string })[],
  wholesale: CountedInvoice[],
) {
  const convert = await converter(ctx, rules.currency);
  const partners = await listPartners(ctx);
  const models = new Map(partners.map((p) => [p.id, p.model]));
  const revenue: CountedInvoice[] = [];
  for (const i of [...invoices.filter((i) => i.issuer !== 'partner'), ...wholesale]) {
    const own = i.customerId === null ? 'wholesale' : 'referral';
    if (i.partnerId && models.get(i.partnerId) !== own) continue;
    const converted = await convert(i.totalMinor, i.currency);
    if (converted !== null) revenue.push({ ...i, currency: rules.currency, totalMinor: converted });
  }
  const deals = await listDeals(ctx);
  const certified = await certifiedUsers(ctx);
  return new Map(
    partners.map((p) => [
      p.id,
      {
        partner: p,
        metrics: metricsOf(p.id, end, rules, {
          revenue,
          invoices,
          deals,
          certified: certified.get(p.id) ?? 0,
          convert: (amount) => amount,
        }),
      },
    ]),
  );
}

/** Closes below the tier in a row, as of the partner's latest reviews. */
function graceUsedOf(reviews: Awaited<ReturnType<typeof store.listReviews>>, partnerId: string) {
  let used = 0;
  for (const r of reviews.filter((r) => r.partner_id === partnerId).reverse()) {
    if (r.action !== 'grace') break;
    used++;
  }
  return used;
}

/**
 * The tier review at a period close (a billing period-close hook): each partner's metrics with
 * the period's invoices, promotion at once, demotion after the grace period; the reviews and
 * tier changes are written in the close's transaction. No tier rules: no review.
 */
export async function reviewTiers(ctx: AppContext, closing: ClosingPeriod) {
  const rules = await tierRules(ctx);
  if (!rules) return null;
  const closed = await closedRevenue(ctx);
  const invoices = [
    ...closed.invoices,
    ...closing.invoices.map((i) => ({ ...i, periodEnd: closing.end })),
  ];
  const wholesale = [
    ...closed.wholesale,
    ...closing.wholesaleInvoices.map((w) => ({ ...w, customerId: null, periodEnd: closing.end })),
  ];
  const metrics = await allMetrics(ctx, rules, closing.end, invoices, wholesale);
  const reviews = await store.listReviews(ctx.db);
  const rows = [...metrics.values()].map(({ partner, metrics: m }) => {
    const current = partner.tier as Tier;
    const qualified = qualifiedTier(m, rules);
    const used = graceUsedOf(reviews, partner.id);
    const { action, tier } = decide(current, qualified, used, rules.gracePeriods);
    const previous = reviews.filter((r) => r.partner_id === partner.id).at(-1);
    const below = action === 'grace' || action === 'demoted';
    return {
      id: newId('trv'),
      period_id: closing.periodId,
      partner_id: partner.id,
      tier_before: current,
      tier_after: tier,
      qualified_tier: qualified,
      action,
      below_since: below
        ? previous?.action === 'grace'
          ? previous.below_since
          : closing.end
        : null,
      metrics_json: JSON.stringify(m),
      at: closing.at,
    };
  });
  return async (tx: AppContext) => {
    await store.insertReviews(tx.db, rows);
    for (const row of rows) {
      if (row.tier_after !== row.tier_before) {
        await setPartnerTier(tx, row.partner_id, row.tier_after as Tier, 'review', 'system');
      }
    }
  };
}

/** The programme's part in a period close: the tier review. */
export function registerProgrammeHooks(ctx: AppContext): void {
  ctx.periodCloseHooks.push(reviewTiers);
}

export async function listTierReviews(ctx: AppContext): Promise<TierReviewView[]> {
  return (await store.listReviews(ctx.db)).map((r) => ({
    id: r.id,
    periodId: r.period_id,
    partnerId: r.partner_id,
    tierBefore: r.tier_before as Tier,
    tierAfter: r.tier_after as Tier,
    qualifiedTier: r.qualified_tier as Tier,
    action: r.action as TierReviewView['action'],
    belowSince: r.below_since,
    metrics: JSON.parse(r.metrics_json) as TierMetrics,
    at: r.at,
  }));
}

/** Where a partner stands against its next tier, as of the last closed period. */
export async function tierProgress(
  ctx: AppContext,
  partnerId: string,
  viewer: Principal = OWNER,
): Promise<TierProgressView> {
  const partner = await getPartner(ctx, partnerId, viewer);
  const tier = partner.tier as Tier;
  const next = TIERS[TIERS.indexOf(tier) + 1] ?? null;
  const rules = await tierRules(ctx);
  const last = (await listPeriods(ctx)).at(-1) ?? null;
  const zero = { revenueMinor: 0, activeCustomers: 0, certifiedUsers: 0, winRateBps: 0 };
  let metrics: TierMetrics = zero;
  if (rules && last) {
    const closed = await closedRevenue(ctx);
    const all = await allMetrics(ctx, rules, last.end, closed.invoices, closed.wholesale);
    metrics = all.get(partner.id)?.metrics ?? zero;
  }
  const req = rules && next && next !== 'registered' ? rules.requirements[next] : null;
  const requirements = req ? { ...zero, ...req } : null;
  const missing = requirements
    ? {
        revenueMinor: Math.max(0, requirements.revenueMinor - metrics.revenueMinor),
        activeCustomers: Math.max(0, requirements.activeCustomers - metrics.activeCustomers),
        certifiedUsers: Math.max(0, requirements.certifiedUsers - metrics.certifiedUsers),
        winRateBps: Math.max(0, requirements.winRateBps - metrics.winRateBps),
      }
    : null;
  return {
    partnerId: partner.id,
    tier,
    nextTier: next,
    asOf: last?.end ?? null,
    metrics,
    requirements,
    missing,
    graceUsed: graceUsedOf(await store.listReviews(ctx.db), partner.id),
    gracePeriods: rules?.gracePeriods ?? 0,
  };
}
