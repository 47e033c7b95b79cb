import { INDUSTRIES, REGIONS } from './catalogue-seed.ts';
import type { TicketCategory } from './ticket-writer.ts';

/** A generated partner and its hidden service quality (0.2–1), which drives churn and wins. */
export interface PartnerPlan {
  name: string;
  channel: 'reseller' | 'referral' | 'integrator' | 'marketplace';
  tier: 'registered' | 'silver' | 'gold' | 'platinum';
  regions: string[];
  industries: string[];
  quality: number;
}

const PREFIXES = [
  'Lotus',
  'Nordic',
  'Maple',
  'Andes',
  'Gulf',
  'Pacific',
  'Harbor',
  'Summit',
  'Silk Road',
  'Cedar',
  'Aurora',
  'Baltic',
  'Everest',
  'Fjord',
  'Granite',
  'Horizon',
  'Indigo',
  'Kestrel',
  'Lumen',
  'Meridian',
  'Nimbus',
  'Orchid',
  'Pampas',
  'Quartz',
  'Rhine',
  'Sahara',
  'Tundra',
  'Umber',
  'Vista',
  'Willow',
  'Yangtze',
  'Zephyr',
  'Atlas',
  'Borealis',
  'Coral',
  'Dune',
];
const SUFFIX = {
  reseller: 'Reseller',
  referral: 'Referral',
  integrator: 'Integrators',
  marketplace: 'Cloud Market',
} as const;

export function makePartners(rand: () => number, count: number): PartnerPlan[] {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const channels = ['reseller', 'reseller', 'integrator', 'referral', 'marketplace'] as const;
  const tiers = ['registered', 'registered', 'silver', 'silver', 'gold', 'platinum'] as const;
  return Array.from({ length: count }, (_, i) => {
    const channel = pick(channels);
    const home = REGIONS[i % REGIONS.length]!;
    // Most partners cover one region and one or two industries, so some cells have none.
    const regions = rand() < 0.2 ? [home, pick(REGIONS.filter((r) => r !== home))] : [home];
    const industries = [
      ...new Set([pick(INDUSTRIES), ...(rand() < 0.5 ? [pick(INDUSTRIES)] : [])]),
    ];
    return {
      name: `${PREFIXES[i % PREFIXES.length]!}${i >= PREFIXES.length ? ` ${Math.floor(i / PREFIXES.length) + 1}` : ''} ${SUFFIX[channel]}`,
      channel,
      tier: pick(tiers),
      regions,
      industries,
      quality: 0.2 + rand() * 0.8,
    };
  });
}

const BASE_UNITS = { small: 3_000, medium: 20_000, large: 120_000, enterprise: 600_000 };

/** A customer's usage in its first month: its size's base, log-normally spread. */
export function monthlyUnits(rand: () => number, size: string): number {
  const spread = Math.exp(0.5 * (rand() + rand() + rand() - 1.5));
  return BASE_UNITS[size as keyof typeof BASE_UNITS]! * spread;
}

export function ticketsPerMonth(size: string): number {
  return { small: 0.5, medium: 0.9, large: 1.5, enterprise: 2.3 }[size] ?? 1;
}

/** The category mix of a month's tickets: complaints when declining, questions when new. */
export function ticketMix(declining: boolean, isNew: boolean) {
  const weights: Record<TicketCategory, number> = declining
    ? { billing: 0.15, technical: 0.28, sales: 0.05, complaint: 0.34, urgent_complaint: 0.18 }
    : isNew
      ? { billing: 0.12, technical: 0.5, sales: 0.28, complaint: 0.08, urgent_complaint: 0.02 }
      : { billing: 0.24, technical: 0.36, sales: 0.22, complaint: 0.14, urgent_complaint: 0.04 };
  const entries = Object.entries(weights) as [TicketCategory, number][];
  return (rand: () => number): TicketCategory => {
    let r = rand();
    for (const [category, w] of entries) {
      r -= w;
      if (r <= 0) return category;
    }
    return 'technical';
  };
}
