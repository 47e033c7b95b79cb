import { z } from 'zod';
import { listCustomers, listPartners } from '../channels/channels.service.ts';
import type { AppContext } from '../context.ts';
import { newId, nowIso } from '../shared/ids.ts';
import * as store from './metering.store.ts';

export const UsageQuerySchema = z.object({
  by: z.enum(['partner', 'customer', 'endpoint']).default('customer'),
});

export interface UsageRecordInput {
  endpointId: string;
  customerId: string;
  partnerId: string | null;
  apiKeyId: string;
  latencyMs: number;
}

/** Writes one usage event; the caller awaits it before answering, so no answered call is lost. */
export async function recordUsage(ctx: AppContext, input: UsageRecordInput): Promise<string> {
  const id = newId('use');
  await store.insertUsageEvent(ctx.db, {
    id,
    endpoint_id: input.endpointId,
    customer_id: input.customerId,
    partner_id: input.partnerId,
    api_key_id: input.apiKeyId,
    occurred_at: nowIso(),
    latency_ms: input.latencyMs,
  });
  return id;
}

export interface UsageRow {
  group: 'partner' | 'customer' | 'endpoint';
  id: string | null;
  name: string;
  calls: number;
  avgLatencyMs: number | null;
  firstCallAt: string | null;
  lastCallAt: string | null;
}

/** Calls and latency per partner, customer or endpoint, with names resolved by their owners. */
export async function usageBy(
  ctx: AppContext,
  by: UsageRow['group'],
  endpointNames: (ids: string[]) => Promise<Map<string, string>>,
): Promise<UsageRow[]> {
  const rows = await store.aggregateUsage(ctx.db, by);
  const ids = rows.map((r) => r.id).filter((id): id is string => id !== null);
  let names: Map<string, string>;
  if (by === 'partner') names = new Map((await listPartners(ctx)).map((p) => [p.id, p.name]));
  else if (by === 'customer')
    names = new Map((await listCustomers(ctx)).map((c) => [c.id, c.name]));
  else names = await endpointNames(ids);
  return rows
    .map((r) => ({
      group: by,
      id: r.id,
      name: r.id === null ? '(direct sales)' : (names.get(r.id) ?? r.id),
      calls: Number(r.calls),
      avgLatencyMs: r.avg_latency_ms === null ? null : Number(r.avg_latency_ms),
      firstCallAt: r.first_call_at,
      lastCallAt: r.last_call_at,
    }))
    .sort((a, b) => b.calls - a.calls || a.name.localeCompare(b.name));
}

export async function usageCount(
  ctx: AppContext,
  filter: { endpointId?: string; customerId?: string },
) {
  return store.countEvents(ctx.db, filter);
}
