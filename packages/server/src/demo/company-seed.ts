import { createRng } from '@qudao/ml';
import { createApiKey } from '../auth/api-keys.service.ts';
import { closePeriod } from '../billing/billing.service.ts';
import { createCustomer, createPartner } from '../channels/channels.service.ts';
import type { AppContext } from '../context.ts';
import { createFeedback, resolveComplaint } from '../feedback/feedback.service.ts';
import { importInquiryHistory } from '../intelligence/triage.service.ts';
import { type BackfillRow, backfillUsage } from '../metering/metering.service.ts';
import { type Catalogue, REGIONS, seedCatalogue, seedMarket } from './catalogue-seed.ts';
import { seedCompanyDeals } from './company-deals.ts';
import {
  makePartners,
  monthlyUnits,
  type PartnerPlan,
  ticketMix,
  ticketsPerMonth,
} from './company-model.ts';
import { type TicketLanguage, writeTicket } from './ticket-writer.ts';

const DAY = 86_400_000;

export interface CompanyDemoOptions {
  endpoints: [string, string];
  seed: number;
  /** The first of the current month (UTC); the demo covers the `months` before it. */
  now: Date;
  customers?: number;
  partners?: number;
  months?: number;
}

/** A customer's hidden state in the generator (never stored: the models must find it). */
interface Life {
  /** Month it starts declining (usage falling, complaints) and what happens after. */
  declineAt: number | null;
  declineMonths: number;
  recovers: boolean;
  /** Month it stops calling without warning, if it does. */
  suddenAt: number | null;
}

/**
 * The demo company at the scale the intelligence models need: ~32 partners, ~1,600 customers,
 * 24 months of weekly usage, CSAT/NPS/complaints, tens of thousands of zh/en tickets, ~2,400
 * deals, and every month closed. Hidden drivers: customers decline (usage falling, calls
 * thinning, complaints and urgent tickets) before most churns, a partner's service quality
 * drives its customers' churn and its deals' win rate, new customers arrive where demand and
 * partner coverage are. Same seed, same company.
 */
export async function seedCompanyDemo(ctx: AppContext, options: CompanyDemoOptions) {
  const rand = createRng(options.seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const months = options.months ?? 24;
  const now = options.now;
  const monthStart = (m: number) =>
    Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - months + m, 1);
  const iso = (ms: number) => new Date(ms).toISOString();
  const catalogue: Catalogue = await seedCatalogue(ctx, options.endpoints);
  const cells = await seedMarket(ctx, rand);

  const plans = makePartners(rand, options.partners ?? 32);
  const partners: (PartnerPlan & { id: string })[] = [];
  for (const p of plans) {
    const created = await createPartner(ctx, {
      name: p.name,
      channel: p.channel,
      tier: p.tier,
      regions: p.regions,
      industries: p.industries,
    });
    partners.push({ ...p, id: created.id });
  }
  const covering = (region: string, industry: string) =>
    partners.filter((p) => p.regions.includes(region) && p.industries.includes(industry));
  // New customers arrive in a cell in proportion to its demand and how well partners cover it.
  const cellWeights = cells.map((c) => {
    const n = covering(c.region, c.industry).length;
    return c.demandMinor * (0.35 + Math.min(n, 3) * 0.35);
  });
  const totalWeight = cellWeights.reduce((a, b) => a + b, 0);
  const drawCell = () => {
    let r = rand() * totalWeight;
    for (let i = 0; i < cells.length; i++) {
      r -= cellWeights[i]!;
      if (r <= 0) return cells[i]!;
    }
    return cells.at(-1)!;
  };

  const usage: BackfillRow[] = [];
  const keys: { customerId: string; keyId: string; key: string }[] = [];
  const tickets: Parameters<typeof importInquiryHistory>[1] = [];
  const count = options.customers ?? 1600;
  for (let i = 0; i < count; i++) {
    const cell = drawCell();
    const options_ = covering(cell.region, cell.industry);
    const partner = options_.length > 0 && rand() < 0.85 ? pick(options_) : null;
    const size = pick(['small', 'small', 'small', 'medium', 'medium', 'large', 'enterprise']);
    // A third were customers before the demo's first month; the rest arrive during it.
    const first = rand() < 0.33 ? -Math.floor(rand() * 18) - 1 : Math.floor(rand() * months);
    const since = monthStart(first) + Math.floor(rand() * 20) * DAY;
    const customer = await createCustomer(ctx, {
      name: `${pick(NAMES_A)} ${pick(NAMES_B)} ${i + 1}`,
      partnerId: partner?.id ?? null,
      region: cell.region,
      industry: cell.industry,
      size: size as 'small',
      since: iso(since),
    });
    const key = await createApiKey(ctx, customer.id);
    if (keys.length < 6) keys.push({ customerId: customer.id, keyId: key.id, key: key.key });
    const language: TicketLanguage = rand() < (cell.region === 'APAC' ? 0.75 : 0.08) ? 'zh' : 'en';
    const quality = partner?.quality ?? 0.6;
    const hazard =
      0.011 *
      { small: 1.6, medium: 1, large: 0.65, enterprise: 0.45 }[size]! *
      (1.7 - quality) *
      (rand() < 0.2 ? 2 : 1);
    const life: Life = { declineAt: null, declineMonths: 0, recovers: false, suddenAt: null };
    const start = Math.max(first, 0);
    for (let m = start + 2; m < months + 3 && life.declineAt === null; m++) {
      if (rand() < hazard * 1.3) {
        life.declineAt = m;
        life.declineMonths = 2 + Math.floor(rand() * 3);
        life.recovers = rand() < 0.3;
      }
    }
    for (let m = start + 1; m < months && life.suddenAt === null; m++) {
      if (rand() < hazard * 0.25) life.suddenAt = m;
    }
    const big = size === 'large' || size === 'enterprise';
    const product = catalogue.products[big ? 1 : 0]!;
    const base = monthlyUnits(rand, size);
    const growth = 0.01 + rand() * 0.04;
    let factor = 1;
    let churned = false;
    for (let m = first; m < months && !churned; m++) {
      if (m === life.suddenAt) break;
      const declining =
        life.declineAt !== null && m >= life.declineAt && m < life.declineAt + life.declineMonths;
      if (declining) factor *= 0.45 + rand() * 0.25;
      else if (life.declineAt !== null && m === life.declineAt + life.declineMonths) {
        if (!life.recovers) churned = true;
        else factor = Math.max(factor, 0.7);
      }
      if (churned || m < 0) continue;
      const calendar = new Date(monthStart(m)).getUTCMonth();
      const units =
        base * factor * (1 + growth) ** (m - first) * seasonality(cell.industry, calendar);
      const from = Math.max(monthStart(m), since);
      const to = monthStart(m + 1);
      for (let week = from; week < to; week += 7 * DAY) {
        if (declining && rand() < 0.3) continue; // calls thin out before a customer leaves
        const at = week + Math.floor(rand() * 5) * DAY + (8 + Math.floor(rand() * 10)) * 3_600_000;
        if (at >= to) continue;
        const share = Math.max(1, Math.round(((units * 7) / 30) * (0.85 + 0.3 * rand())));
        usage.push({
          endpointId: catalogue.endpointIds[big ? 1 : 0]!,
          endpointName: options.endpoints[big ? 1 : 0],
          productId: product.id,
          customerId: customer.id,
          partnerId: customer.partnerId,
          apiKeyId: key.id,
          at: iso(at),
          units: share,
          latencyMs: Math.round(share * 0.02) + 5,
        });
      }
      const unhappy = declining || (life.suddenAt !== null && m >= life.suddenAt - 1);
      if (rand() < 0.3) {
        const good = [3, 4, 4, 5, 5];
        const bad = [1, 2, 2, 3, 4];
        const score = unhappy ? pick(bad) : quality < 0.4 && rand() < 0.4 ? pick(bad) : pick(good);
        await createFeedback(ctx, {
          kind: 'csat',
          score,
          customerId: customer.id,
          createdAt: iso(from + 12 * DAY),
        });
      }
      if (rand() < 0.06) {
        await createFeedback(ctx, {
          kind: 'nps',
          score: unhappy ? pick([0, 2, 4, 6, 7]) : pick([6, 7, 8, 9, 9, 10, 10]),
          customerId: customer.id,
          createdAt: iso(from + 14 * DAY),
        });
      }
      if (rand() < (unhappy ? 0.45 : 0.02 + (1 - quality) * 0.03)) {
        const at = from + 3 * DAY;
        const complaint = await createFeedback(ctx, {
          kind: 'complaint',
          text: pick(['latency spikes', 'wrong invoice', 'slow support', 'accuracy dropped']),
          customerId: customer.id,
          createdAt: iso(at),
        });
        if (rand() < 0.8) {
          await resolveComplaint(ctx, complaint.id, {
            at: iso(at + (4 + Math.floor(rand() * 90 * (1.6 - quality))) * 3_600_000),
          });
        }
      }
      const lambda = ticketsPerMonth(size) * (declining ? 2.2 : 1);
      const mix = ticketMix(declining, m - first < 2);
      for (let t = 0; t < poisson(rand, lambda); t++) {
        const category = mix(rand);
        tickets.push({
          customerId: customer.id,
          receivedAt: iso(
            from + Math.floor(rand() * Math.max(1, (to - from) / 3_600_000)) * 3_600_000,
          ),
          text: writeTicket(rand, category, language, {
            company: customer.name,
            endpoint: options.endpoints[big ? 1 : 0],
            region: cell.region,
            month: iso(monthStart(m)).slice(0, 7),
          }),
          // A few tickets were filed under another class by the person who triaged them.
          category: rand() < 0.03 ? pick(['billing', 'technical', 'sales'] as const) : category,
        });
      }
    }
  }
  await backfillUsage(ctx, usage);
  await importInquiryHistory(ctx, tickets);
  const deals = await seedCompanyDeals(ctx, rand, { partners, months, monthStart, now });
  const closed = [];
  for (let m = 0; m < months; m++) {
    closed.push(await closePeriod(ctx, { start: iso(monthStart(m)), end: iso(monthStart(m + 1)) }));
  }
  return {
    partners: partners.length,
    customers: count,
    usageEvents: usage.length,
    tickets: tickets.length,
    deals,
    periods: closed.length,
    lastPeriod: closed.at(-1)!,
    regions: REGIONS.length,
    keys,
  };
}

const NAMES_A = ['Jade', 'Iron', 'Blue', 'Swift', 'Sun', 'Oak', 'Nova', 'Delta', 'Pearl', 'Red'];
const NAMES_B = ['Retail', 'Bank', 'Clinic', 'Works', 'Freight', 'Labs', 'Foods', 'Motors'];

/** Monthly usage multiplier by industry and calendar month (retail and logistics peak in Q4). */
function seasonality(industry: string, month: number): number {
  switch (industry) {
    case 'retail':
      return [0.9, 0.85, 0.95, 1, 1, 0.95, 0.95, 1, 1, 1.05, 1.3, 1.45][month]!;
    case 'logistics':
      return [0.9, 0.8, 1, 1, 1, 1, 0.95, 0.95, 1, 1.05, 1.25, 1.3][month]!;
    case 'finance':
      return [1, 1, 1.2, 1, 0.95, 1.05, 0.9, 0.9, 1.05, 1, 1, 1.25][month]!;
    case 'manufacturing':
      return [1, 0.75, 1.05, 1.05, 1.05, 1, 1, 0.8, 1.05, 1.05, 1.05, 1][month]!;
    default:
      return 1;
  }
}

function poisson(rand: () => number, lambda: number): number {
  const limit = Math.exp(-lambda);
  let k = 0;
  let p = rand();
  while (p > limit) {
    k++;
    p *= rand();
  }
  return k;
}
