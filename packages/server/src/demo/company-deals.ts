import type { AppContext } from '../context.ts';
import { createDeal, decideRegistration, moveDeal } from '../deals/deals.service.ts';
import type { PartnerPlan } from './company-model.ts';

const DAY = 86_400_000;
const TIER_EFFECT = { registered: -0.35, silver: 0, gold: 0.25, platinum: 0.45 };
const SOURCE_EFFECT: Record<string, number> = { direct: 0, inbound: 0.4, event: -0.45, partner: 0 };
const CHANNEL_EFFECT = { reseller: 0, integrator: 0.15, referral: 0.25, marketplace: -0.3 };

/**
 * The demo company's pipeline: about 100 deals a month, 70% registered by partners. Whether a
 * deal is won depends on the partner's hidden quality, its tier and channel, the source and the
 * deal's size (big deals close less often, and mostly with gold and platinum partners); the last
 * months' deals are still open. Returns the number of deals.
 */
export async function seedCompanyDeals(
  ctx: AppContext,
  rand: () => number,
  c: {
    partners: (PartnerPlan & { id: string })[];
    months: number;
    monthStart: (m: number) => number;
    now: Date;
  },
): Promise<number> {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const end = c.now.getTime() - DAY;
  let n = 0;
  for (let m = 0; m < c.months; m++) {
    const count = 85 + Math.floor(rand() * 30);
    for (let j = 0; j < count; j++) {
      const partner = rand() < 0.7 ? pick(c.partners) : null;
      const source = partner ? 'partner' : pick(['direct', 'direct', 'inbound', 'event']);
      const value = Math.round(5_000 * 10 ** (rand() * 2)) * 100; // $5k – $500k, log-uniform
      const big = value >= 200_000 * 100;
      let logit = -0.2 + SOURCE_EFFECT[source]! - 0.7 * Math.log10(value / 5_000_000);
      if (partner) {
        logit += TIER_EFFECT[partner.tier] + CHANNEL_EFFECT[partner.channel];
        logit += 3.2 * (partner.quality - 0.6);
        // Big deals need a partner that can carry them: gold and platinum win them, others lose.
        if (big) logit += partner.tier === 'gold' || partner.tier === 'platinum' ? 0.7 : -0.7;
      }
      const won = rand() < 1 / (1 + Math.exp(-logit));
      const created = c.monthStart(m) + Math.floor(rand() * 28) * DAY + 9 * 3_600_000;
      const deal = await createDeal(ctx, {
        company: `Prospect ${String(n + 1).padStart(4, '0')}`,
        partnerId: partner?.id ?? null,
        source: source as 'partner',
        valueMinor: value,
        createdAt: new Date(created).toISOString(),
      });
      n++;
      if (partner) await decideRegistration(ctx, deal.id, 'approved');
      // Won deals pass every stage; lost ones drop out at one; the clock may stop them first.
      const path = won
        ? (['qualified', 'proposal', 'won'] as const)
        : ([['lost'], ['qualified', 'lost'], ['qualified', 'proposal', 'lost']] as const)[
            Math.floor(rand() * 3)
          ]!;
      let t = created;
      for (const stage of path) {
        t += (8 + Math.floor(rand() * 30)) * DAY;
        if (t >= end) break;
        await moveDeal(ctx, deal.id, { stage, at: new Date(t).toISOString() });
      }
    }
  }
  return n;
}
