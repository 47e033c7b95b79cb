import { createCommissionRule } from '../billing/billing.service.ts';
import type { AppContext } from '../context.ts';
import { addMarketCell, setStrategy } from '../market/market.service.ts';
import { createPlan, createProduct } from '../plans/plans.service.ts';
import { endpointIdOf } from '../serving/serving.service.ts';

export const REGIONS = ['APAC', 'EU', 'NA', 'LATAM', 'MEA'];
export const INDUSTRIES = ['retail', 'finance', 'health', 'manufacturing', 'logistics'];
const RULES = [
  ['registered', 1000, 500, 10000],
  ['silver', 1500, 800, 20000],
  ['gold', 2000, 1000, 50000],
  ['platinum', 2500, 1200, 100000],
] as const;

export type Catalogue = Awaited<ReturnType<typeof seedCatalogue>>;

/**
 * What every demo sells: the Starter and Enterprise plans, a product on each of the two
 * endpoints, and the commission rules per tier.
 */
export async function seedCatalogue(ctx: AppContext, endpoints: [string, string]) {
  const starter = await createPlan(ctx, {
    name: 'Starter',
    currency: 'USD',
    unit: 'thousand_units',
    monthlyFeeMinor: 4900,
    includedUnits: 5000,
    tiers: [
      { upTo: 45000, priceMinor: 200 },
      { upTo: null, priceMinor: 150 },
    ],
    quotaUnits: 200_000,
    overagePriceMinor: 300,
  });
  const enterprise = await createPlan(ctx, {
    name: 'Enterprise',
    currency: 'USD',
    unit: 'thousand_units',
    monthlyFeeMinor: 49900,
    includedUnits: 100_000,
    tierMode: 'volume',
    tiers: [
      { upTo: 1_000_000, priceMinor: 120 },
      { upTo: null, priceMinor: 90 },
    ],
  });
  const products = [
    await createProduct(ctx, { name: 'Digits Starter', endpoint: endpoints[0], plan: starter.id }),
    await createProduct(ctx, {
      name: 'Digits Enterprise',
      endpoint: endpoints[1],
      plan: enterprise.id,
    }),
  ];
  const endpointIds = [
    await endpointIdOf(ctx, endpoints[0]),
    await endpointIdOf(ctx, endpoints[1]),
  ];
  for (const [tier, firstYearBps, renewalBps, bountyMinor] of RULES) {
    await createCommissionRule(ctx, { tier, firstYearBps, renewalBps, bountyMinor });
  }
  return { products, endpointIds };
}

/** Every region × industry as a target cell with a seeded yearly demand, and the strategy. */
export async function seedMarket(ctx: AppContext, rand: () => number) {
  const cells = [];
  for (const region of REGIONS) {
    for (const industry of INDUSTRIES) {
      cells.push(
        await addMarketCell(ctx, {
          region,
          industry,
          demandMinor: (5 + Math.floor(rand() * 96)) * 1_000_000,
        }),
      );
    }
  }
  await setStrategy(ctx, {
    mode: 'partner-led',
    targets: {
      coverage: 0.6,
      partnerSourcedShare: 0.6,
      winRate: 0.45,
      csat: 4.2,
      nps: 30,
      marginShare: 0.75,
    },
  });
  return cells;
}
