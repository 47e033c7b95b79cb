import { createRng } from '@qudao/ml';
import { createApiKey } from '../auth/api-keys.service.ts';
import { closePeriod } from '../billing/billing.service.ts';
import { createCustomer, createPartner } from '../channels/channels.service.ts';
import type { AppContext } from '../context.ts';
import { createDeal, decideRegistration, moveDeal } from '../deals/deals.service.ts';
import { createFeedback, resolveComplaint } from '../feedback/feedback.service.ts';
import { type BackfillRow, backfillUsage } from '../metering/metering.service.ts';
import { subscribe } from '../plans/plans.service.ts';
import { INDUSTRIES, REGIONS, seedCatalogue, seedMarket } from './catalogue-seed.ts';
import { seedCompanyDemo } from './company-seed.ts';

/** The demo's partners: name, channel, tier, regions, industries (docs/channels.md, "Demo"). */
const PARTNERS = [
  ['Lotus Reseller', 'reseller', 'gold', ['APAC'], ['retail', 'manufacturing']],
  ['Nordic Integrators', 'integrator', 'silver', ['EU'], ['finance', 'health']],
  ['Maple Referral', 'referral', 'registered', ['NA'], ['retail']],
  ['Andes Cloud Market', 'marketplace', 'silver', ['LATAM'], ['logistics', 'retail']],
  ['Gulf Systems', 'integrator', 'registered', ['MEA'], ['finance', 'logistics']],
  ['Pacific Partners', 'reseller', 'platinum', ['APAC', 'NA'], ['health', 'finance']],
] as const;
const SIZES = ['small', 'medium', 'large', 'enterprise'] as const;
/** Units a month in a customer's first month, by size; +5% a month after. */
const BASE_UNITS = { small: 3_000, medium: 20_000, large: 120_000, enterprise: 600_000 };
const DAY = 86_400_000;

export interface ChannelsDemoOptions {
  /** Endpoints to sell: Starter on the first, Enterprise on the second. */
  endpoints: [string, string];
  seed?: number;
  /** The first of the current month (UTC); the demo year is the 12 months before it. */
  now?: Date;
  /**
   * `year` (default): six partners, 36 customers, 12 months — the channel tests' fixture.
   * `company`: the company the intelligence models learn from (company-seed.ts).
   */
  scale?: 'year' | 'company';
  /** The company's size (tests seed a smaller one); defaults in company-seed.ts. */
  company?: { customers?: number; partners?: number; months?: number };
}

/**
 * A seeded year of an AI company selling through channels: six partners in five regions, 36
 * customers, a year of usage (backfilled per customer and working day), deals, feedback, and
 * the 12 months closed into invoices and commission statements. Same seed, same numbers.
 */
export async function seedChannelsDemo(ctx: AppContext, options: ChannelsDemoOptions) {
  const current = options.now ?? new Date();
  const now = new Date(Date.UTC(current.getUTCFullYear(), current.getUTCMonth(), 1));
  if (options.scale === 'company') {
    const { endpoints, seed, company } = options;
    return seedCompanyDemo(ctx, { ...company, endpoints, seed: seed ?? 42, now });
  }
  return seedYear(ctx, options, now);
}

async function seedYear(ctx: AppContext, options: ChannelsDemoOptions, now: Date) {
  const rand = createRng(options.seed ?? 42);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const yearStart = Date.UTC(now.getUTCFullYear() - 1, now.getUTCMonth(), 1);
  const monthStart = (m: number) =>
    new Date(Date.UTC(now.getUTCFullYear() - 1, now.getUTCMonth() + m, 1));
  const iso = (ms: number) => new Date(ms).toISOString();

  const { products, endpointIds } = await seedCatalogue(ctx, options.endpoints);
  await seedMarket(ctx, rand);
  const partners = [];
  for (const [name, channel, tier, regions, industries] of PARTNERS) {
    partners.push(
      await createPartner(ctx, {
        name,
        channel,
        tier,
        regions: [...regions],
        industries: [...industries],
      }),
    );
  }

  const usage: BackfillRow[] = [];
  const customers = [];
  const keys: { customerId: string; keyId: string; key: string }[] = [];
  for (let i = 0; i < 36; i++) {
    const partner = i < 30 ? partners[Math.floor(i / 5)]! : null;
    const size = pick(SIZES);
    const firstMonth = Math.floor(rand() * 12);
    const since = monthStart(firstMonth).getTime() + Math.floor(rand() * 10) * DAY;
    const customer = await createCustomer(ctx, {
      name: `${pick(['Jade', 'Iron', 'Blue', 'Swift', 'Sun', 'Oak', 'Nova', 'Delta'])} ${pick(['Retail', 'Bank', 'Clinic', 'Works', 'Freight', 'Labs'])} ${i + 1}`,
      partnerId: partner?.id ?? null,
      region: partner ? pick(partner.regions) : pick(REGIONS),
      industry: partner ? pick(partner.industries) : pick(INDUSTRIES),
      size,
      since: iso(since),
    });
    customers.push(customer);
    const big = size === 'large' || size === 'enterprise';
    const product = products[big ? 1 : 0]!;
    await subscribe(ctx, customer.id, { productId: product.id, startedAt: iso(since) });
    const key = await createApiKey(ctx, customer.id);
    keys.push({ customerId: customer.id, keyId: key.id, key: key.key });
    for (let m = firstMonth; m < 12; m++) {
      const units = Math.round(
        BASE_UNITS[size] * (1 + 0.05 * (m - firstMonth)) * (0.8 + 0.4 * rand()),
      );
      const from = Math.max(monthStart(m).getTime(), since);
      const days = Math.max(1, Math.round((monthStart(m + 1).getTime() - from) / DAY) - 8);
      for (let d = 0; d < days; d++) {
        const share = Math.floor(units / days) + (d < units % days ? 1 : 0);
        usage.push({
          endpointId: endpointIds[big ? 1 : 0]!,
          endpointName: options.endpoints[big ? 1 : 0],
          productId: product.id,
          customerId: customer.id,
          partnerId: customer.partnerId,
          apiKeyId: key.id,
          at: iso(from + d * DAY + 10 * 3_600_000),
          units: share,
          latencyMs: share * 0.3,
        });
      }
    }
    for (let q = firstMonth; q < 12; q += 3) {
      const at = iso(monthStart(q).getTime() + 15 * DAY);
      await createFeedback(ctx, {
        kind: 'csat',
        score: pick([3, 4, 4, 5, 5]),
        customerId: customer.id,
        createdAt: at,
      });
    }
    await createFeedback(ctx, {
      kind: 'nps',
      score: pick([5, 7, 8, 9, 9, 10]),
      customerId: customer.id,
      createdAt: iso(monthStart(11).getTime() + 5 * DAY),
    });
    if (rand() < 0.15) {
      const at = monthStart(11).getTime() + 2 * DAY;
      const complaint = await createFeedback(ctx, {
        kind: 'complaint',
        text: 'latency spikes',
        customerId: customer.id,
        createdAt: iso(at),
      });
      await resolveComplaint(ctx, complaint.id, {
        at: iso(at + (2 + Math.floor(rand() * 70)) * 3_600_000),
      });
    }
  }
  await backfillUsage(ctx, usage);

  let deals = 0;
  for (const partner of [...partners, null]) {
    for (let j = 0; j < (partner ? 14 : 20); j++) {
      const created = yearStart + Math.floor(rand() * 360) * DAY;
      const deal = await createDeal(ctx, {
        company: `Prospect ${partner ? partner.name.split(' ')[0] : 'Direct'} ${j + 1}`,
        partnerId: partner?.id ?? null,
        source: partner ? 'partner' : pick(['direct', 'inbound', 'event']),
        valueMinor: (5 + Math.floor(rand() * 46)) * 100_000,
        createdAt: iso(created),
      });
      deals++;
      // The owner approves each partner's registration: only approved deals earn a bounty.
      if (partner) await decideRegistration(ctx, deal.id, 'approved');
      const outcome = rand();
      let t = created;
      const next = () => {
        t += (5 + Math.floor(rand() * 15)) * DAY;
        return iso(Math.min(t, now.getTime() - DAY));
      };
      if (outcome < 0.3) {
        for (const stage of ['qualified', 'proposal', 'won'] as const) {
          await moveDeal(ctx, deal.id, { stage, at: next() });
        }
      } else if (outcome < 0.6) {
        await moveDeal(ctx, deal.id, { stage: 'lost', at: next() });
      } else if (outcome < 0.8) {
        await moveDeal(ctx, deal.id, { stage: 'qualified', at: next() });
      }
    }
  }
  const closed = [];
  for (let m = 0; m < 12; m++) {
    closed.push(
      await closePeriod(ctx, {
        start: monthStart(m).toISOString(),
        end: monthStart(m + 1).toISOString(),
      }),
    );
  }
  return {
    partners: partners.length,
    customers: customers.length,
    usageEvents: usage.length,
    deals,
    periods: closed.length,
    lastPeriod: closed.at(-1)!,
    keys,
  };
}
