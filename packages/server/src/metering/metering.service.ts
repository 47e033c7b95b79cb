import { createHash } from 'node:crypto';
import { listCustomers, listPartners } from '../channels/channels.service.ts';
import type { AppContext } from '../context.ts';
import { listProducts } from '../plans/plans.service.ts';
import { OWNER, type Principal } from '../shared/principal.ts';
import { tenantFilter } from '../shared/tenancy.ts';
import type { UsageEventView, UsageGroup, UsageRowView } from './metering.schemas.ts';
import * as store from './metering.store.ts';
import { monthFromLabel } from './periods.ts';

function filterOf(viewer: Principal, period?: string): store.UsageFilter {
  return { ...(tenantFilter(viewer) ?? {}), ...(period ? monthFromLabel(period) : {}) };
}

/**
 * Calls, units and latency per partner, customer, endpoint or product, with names resolved by
 * their owners; a partner sees only its customers' calls, a customer only its own.
 */
export async function usageBy(
  ctx: AppContext,
  by: UsageGroup,
  endpointNames: (ids: string[]) => Promise<Map<string, string>>,
  options: { viewer?: Principal; period?: string } = {},
): Promise<UsageRowView[]> {
  const viewer = options.viewer ?? OWNER;
  if (by === 'channel') return usageByChannel(ctx, viewer, options.period);
  const rows = await store.aggregateUsage(ctx.db, by, filterOf(viewer, options.period));
  const ids = rows.map((r) => r.id).filter((id): id is string => id !== null);
  let names: Map<string, string>;
  if (by === 'partner') names = new Map((await listPartners(ctx)).map((p) => [p.id, p.name]));
  else if (by === 'customer')
    names = new Map((await listCustomers(ctx)).map((c) => [c.id, c.name]));
  else if (by === 'product') names = new Map((await listProducts(ctx)).map((p) => [p.id, p.name]));
  else names = await endpointNames(ids);
  const none = by === 'partner' ? '(direct sales)' : '(not sold as a product)';
  return rows
    .map((r) => ({
      group: by,
      id: r.id,
      name: r.id === null ? none : (names.get(r.id) ?? r.id),
      calls: Number(r.calls),
      units: Number(r.units ?? 0),
      avgLatencyMs: r.avg_latency_ms === null ? null : Number(r.avg_latency_ms),
      firstCallAt: r.first_call_at,
      lastCallAt: r.last_call_at,
    }))
    .sort((a, b) => b.calls - a.calls || a.name.localeCompare(b.name));
}

/** Usage per sales channel (direct, reseller, referral, …): the partners' rows folded by channel. */
async function usageByChannel(ctx: AppContext, viewer: Principal, period?: string) {
  const channels = new Map((await listPartners(ctx)).map((p) => [p.id, p.channel]));
  const rows = await store.aggregateUsage(ctx.db, 'partner', filterOf(viewer, period));
  const folded = new Map<string, UsageRowView & { latencyTotal: number }>();
  for (const r of rows) {
    const channel = r.id === null ? 'direct' : (channels.get(r.id) ?? 'reseller');
    const calls = Number(r.calls);
    const f = folded.get(channel) ?? {
      group: 'channel' as const,
      id: channel,
      name: channel,
      calls: 0,
      units: 0,
      avgLatencyMs: null,
      latencyTotal: 0,
      firstCallAt: r.first_call_at,
      lastCallAt: r.last_call_at,
    };
    f.calls += calls;
    f.units += Number(r.units ?? 0);
    f.latencyTotal += Number(r.avg_latency_ms ?? 0) * calls;
    if (r.first_call_at && (!f.firstCallAt || r.first_call_at < f.firstCallAt))
      f.firstCallAt = r.first_call_at;
    if (r.last_call_at && (!f.lastCallAt || r.last_call_at > f.lastCallAt))
      f.lastCallAt = r.last_call_at;
    folded.set(channel, f);
  }
  return [...folded.values()]
    .map(({ latencyTotal, ...row }) => ({
      ...row,
      avgLatencyMs: row.calls ? latencyTotal / row.calls : null,
    }))
    .sort((a, b) => b.calls - a.calls || a.name.localeCompare(b.name));
}

/** The latest usage events the viewer may see, as CloudEvents. */
export async function listUsageEvents(
  ctx: AppContext,
  query: { limit: number; period?: string },
  viewer: Principal = OWNER,
): Promise<UsageEventView[]> {
  const rows = await store.listEvents(ctx.db, {
    ...filterOf(viewer, query.period),
    limit: query.limit,
  });
  return rows.map((r) => ({
    specversion: '1.0',
    id: r.id,
    source: r.source,
    type: r.type,
    subject: r.customer_id,
    time: r.occurred_at,
    datacontenttype: 'application/json',
    data: JSON.parse(r.data_json) as Record<string, unknown>,
  }));
}

export async function usageCount(
  ctx: AppContext,
  filter: { endpointId?: string; customerId?: string },
) {
  return store.countEvents(ctx.db, filter);
}

/**
 * Units per customer and product in [start, end), and a hash of the events counted, so a closed
 * period can be recomputed and checked against its raw events.
 */
export async function periodUsage(ctx: AppContext, start: string, end: string) {
  const events = await store.eventsBetween(ctx.db, start, end);
  const hash = createHash('sha256');
  const totals = new Map<
    string,
    {
      customerId: string;
      productId: string;
      units: number;
      inputTokens: number;
      outputTokens: number;
    }
  >();
  for (const e of events) {
    // Token counts join the hash only where an event has them, so periods closed before
    // language models keep their hash.
    const tokens = e.input_tokens === null ? '' : `:${e.input_tokens}:${e.output_tokens}`;
    hash.update(`${e.id}:${e.quantity}${tokens}\n`);
    if (!e.product_id) continue;
    const key = `${e.customer_id}|${e.product_id}`;
    const t = totals.get(key) ?? {
      customerId: e.customer_id,
      productId: e.product_id,
      units: 0,
      inputTokens: 0,
      outputTokens: 0,
    };
    t.units += e.quantity;
    t.inputTokens += e.input_tokens ?? 0;
    t.outputTokens += e.output_tokens ?? 0;
    totals.set(key, t);
  }
  return { usage: [...totals.values()], events: events.length, eventsHash: hash.digest('hex') };
}

/** Calls and summed inference milliseconds per customer, partner and product in [start, end). */
export async function computeTime(ctx: AppContext, start: string, end: string) {
  return (await store.latencyTotals(ctx.db, start, end)).map((r) => ({
    customerId: r.customer_id,
    partnerId: r.partner_id,
    productId: r.product_id,
    calls: Number(r.calls),
    latencyMs: Number(r.latency_ms ?? 0),
  }));
}

/** When each API key made its first call. */
export async function firstCalls(ctx: AppContext): Promise<Map<string, string>> {
  return new Map((await store.firstCallPerKey(ctx.db)).map((r) => [r.api_key_id, r.first_call_at]));
}

export interface BackfillRow {
  endpointId: string;
  endpointName: string;
  productId: string | null;
  customerId: string;
  partnerId: string | null;
  apiKeyId: string;
  at: string;
  units: number;
  latencyMs: number;
}

/**
 * Writes past usage (imports, the demo's year) as usage events of type
 * `qudao.prediction.backfill`, one per row, its units in `quantity`. Live calls never use this.
 */
export async function backfillUsage(ctx: AppContext, rows: BackfillRow[]): Promise<number> {
  const events = rows.map((r, i) => ({
    event: {
      id: `evt_bf_${r.customerId}_${r.at}_${i}`,
      endpoint_id: r.endpointId,
      customer_id: r.customerId,
      partner_id: r.partnerId,
      api_key_id: r.apiKeyId,
      occurred_at: r.at,
      latency_ms: r.latencyMs,
      type: 'qudao.prediction.backfill',
      source: `/endpoints/${r.endpointName}`,
      quantity: r.units,
      product_id: r.productId,
      idempotency_key: null,
      data_json: JSON.stringify({
        endpoint: r.endpointName,
        units: r.units,
        latencyMs: r.latencyMs,
      }),
      input_tokens: null,
      output_tokens: null,
      cost_milli_minor: null,
      budget_id: null,
    },
    saved: null,
  }));
  for (let i = 0; i < events.length; i += 400) {
    await store.insertCall(ctx.db, events.slice(i, i + 400));
  }
  return events.length;
}

/** One customer's calls and units of one product on one UTC day. */
export interface DailyUsage {
  customerId: string;
  partnerId: string | null;
  productId: string | null;
  /** YYYY-MM-DD */
  day: string;
  calls: number;
  units: number;
}

/** Every customer's usage per product and day before `end`, in customer and day order. */
export async function dailyUsage(ctx: AppContext, end: string): Promise<DailyUsage[]> {
  return (await store.dailyTotals(ctx.db, end)).map((r) => ({
    customerId: r.customer_id,
    partnerId: r.partner_id,
    productId: r.product_id,
    day: r.day,
    calls: Number(r.calls),
    units: Number(r.units ?? 0),
  }));
}
