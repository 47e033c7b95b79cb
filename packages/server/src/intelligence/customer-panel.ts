import { type BusinessData, DAY, monthIndex } from './business-data.ts';

/** One customer's history by month, and the dated events features are counted from. */
export interface CustomerHistory {
  id: string;
  name: string;
  partnerId: string | null;
  region: string | null;
  industry: string | null;
  size: number;
  partnerTier: number;
  sinceMs: number;
  units: Float64Array;
  activeDays: Float64Array;
  revenue: Float64Array;
  /** Days (ms since epoch / DAY) with at least one call, ascending. */
  callDays: number[];
  csat: { at: number; score: number }[];
  complaints: number[];
  tickets: { at: number; category: string }[];
}

const SIZE = { small: 0, medium: 1, large: 2, enterprise: 3 } as Record<string, number>;
const TIER = { registered: 1, silver: 2, gold: 3, platinum: 4 } as Record<string, number>;

/** Every customer's monthly history, built from the refresh's business data. */
export function customerHistories(data: BusinessData): CustomerHistory[] {
  const m = data.months.length;
  const tiers = new Map(data.partners.map((p) => [p.id, TIER[p.tier] ?? 0]));
  const byId = new Map<string, CustomerHistory>();
  for (const c of data.customers) {
    byId.set(c.id, {
      id: c.id,
      name: c.name,
      partnerId: c.partnerId,
      region: c.region,
      industry: c.industry,
      size: SIZE[c.size ?? 'small'] ?? 0,
      partnerTier: c.partnerId ? (tiers.get(c.partnerId) ?? 0) : 0,
      sinceMs: Date.parse(c.since),
      units: new Float64Array(m),
      activeDays: new Float64Array(m),
      revenue: new Float64Array(m),
      callDays: [],
      csat: [],
      complaints: [],
      tickets: [],
    });
  }
  for (const u of data.usage) {
    const h = byId.get(u.customerId);
    if (!h) continue;
    const ms = Date.parse(`${u.day}T00:00:00.000Z`);
    const month = monthIndex(data, ms);
    if (month < 0 || month >= m) continue;
    h.units[month]! += u.units;
    const day = ms / DAY;
    if (h.callDays.at(-1) !== day) {
      h.callDays.push(day);
      h.activeDays[month]! += 1;
    }
  }
  for (const i of data.invoices) {
    const h = byId.get(i.customerId);
    if (h) h.revenue[i.month]! += i.totalMinor;
  }
  for (const f of data.feedback) {
    const h = byId.get(f.customerId);
    if (!h) continue;
    const at = Date.parse(f.createdAt);
    if (f.kind === 'csat' && f.score !== null) h.csat.push({ at, score: f.score });
    if (f.kind === 'complaint') h.complaints.push(at);
  }
  for (const q of data.inquiries) {
    const h = byId.get(q.customer_id);
    const category = q.final_category ?? q.category;
    if (h && category) h.tickets.push({ at: Date.parse(q.received_at), category });
  }
  return [...byId.values()];
}

/** The features a snapshot at the start of month `t` reads: all from before that instant. */
export const CUSTOMER_FEATURES = [
  'recency_days',
  'log_units_1m',
  'trend_1m',
  'trend_3m',
  'active_days_1m',
  'active_days_change',
  'log_revenue_3m',
  'tenure_months',
  'csat_mean_6m',
  'csat_min_6m',
  'complaints_90d',
  'tickets_90d',
  'complaint_tickets_90d',
  'urgent_tickets_90d',
  'billing_tickets_90d',
  'has_partner',
  'partner_tier',
  'size',
] as const;

const sum = (xs: Float64Array, from: number, to: number) => {
  let s = 0;
  for (let i = Math.max(0, from); i < Math.min(xs.length, to); i++) s += xs[i]!;
  return s;
};

/** Days since the last call before `at` (365 when none). */
export function recencyDays(h: CustomerHistory, at: number): number {
  const day = at / DAY;
  let lo = 0;
  let hi = h.callDays.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (h.callDays[mid]! < day) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? 365 : Math.min(365, day - h.callDays[lo - 1]!);
}

/** Whether the customer made any call in [from, to). */
export function calledBetween(h: CustomerHistory, from: number, to: number): boolean {
  return recencyDays(h, to) <= (to - from) / DAY && recencyDays(h, to) < 365;
}

/** The feature vector of one customer at the start of month `t` (`start` is its instant). */
export function snapshotFeatures(h: CustomerHistory, t: number, start: number): number[] {
  const since90 = start - 90 * DAY;
  const since180 = start - 180 * DAY;
  const csat = h.csat.filter((c) => c.at < start && c.at >= since180).map((c) => c.score);
  const tickets = h.tickets.filter((q) => q.at < start && q.at >= since90);
  const count = (f: (c: string) => boolean) => tickets.filter((q) => f(q.category)).length;
  const u1 = Math.log1p(h.units[t - 1] ?? 0);
  const u2 = Math.log1p(h.units[t - 2] ?? 0);
  const earlier = (sum(h.activeDays, t - 4, t - 1) || 0) / 3;
  return [
    recencyDays(h, start),
    u1,
    u1 - u2,
    Math.log1p(sum(h.units, t - 3, t)) - Math.log1p(sum(h.units, t - 6, t - 3)),
    h.activeDays[t - 1] ?? 0,
    (h.activeDays[t - 1] ?? 0) - earlier,
    Math.log1p(sum(h.revenue, t - 3, t) / 100),
    Math.max(0, (start - h.sinceMs) / (30 * DAY)),
    csat.length ? csat.reduce((a, b) => a + b, 0) / csat.length : 4,
    csat.length ? Math.min(...csat) : 4,
    h.complaints.filter((at) => at < start && at >= since90).length,
    tickets.length,
    count((c) => c === 'complaint' || c === 'urgent_complaint'),
    count((c) => c === 'urgent_complaint'),
    count((c) => c === 'billing'),
    h.partnerId ? 1 : 0,
    h.partnerTier,
    h.size,
  ];
}

/** A customer counts at a snapshot when it has been one for a month and called in the last 45 days. */
export function activeAt(h: CustomerHistory, start: number): boolean {
  return h.sinceMs <= start - 30 * DAY && recencyDays(h, start) <= 45;
}

export { sum as sumMonths };
