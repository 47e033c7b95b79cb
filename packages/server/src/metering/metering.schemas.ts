import { z } from 'zod';
import { Instant, route } from '../shared/contract.ts';
import { ACCESS } from '../shared/roles.ts';

export const USAGE_GROUPS = ['partner', 'customer', 'endpoint', 'product', 'channel'] as const;

/** A month, `YYYY-MM`. */
export const MonthLabel = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'period is a month, YYYY-MM');

export const UsageQuerySchema = z.object({
  by: z.enum(USAGE_GROUPS).default('customer'),
  /** A month, `YYYY-MM`; omitted = all time. */
  period: MonthLabel.optional(),
});

export const EventsQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  period: UsageQuerySchema.shape.period,
});

export const UsageRowSchema = z
  .object({
    group: z.enum(USAGE_GROUPS),
    /** The partner, customer, endpoint or product id; null for direct sales or unsold endpoints. */
    id: z.string().nullable(),
    name: z.string(),
    calls: z.number().int(),
    /** Billable units: input rows, or calls on plans billed per call. */
    units: z.number().int(),
    avgLatencyMs: z.number().nullable(),
    firstCallAt: Instant.nullable(),
    lastCallAt: Instant.nullable(),
  })
  .meta({ id: 'UsageRow' });

/** A usage event in the CloudEvents shape (as OpenMeter ingests them). */
export const UsageEventSchema = z
  .object({
    specversion: z.literal('1.0'),
    id: z.string(),
    source: z.string(),
    type: z.string(),
    /** The customer who made the call. */
    subject: z.string(),
    time: Instant,
    datacontenttype: z.literal('application/json'),
    data: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'UsageEvent' });

export type UsageGroup = (typeof USAGE_GROUPS)[number];
export type UsageRowView = z.infer<typeof UsageRowSchema>;
export type UsageEventView = z.infer<typeof UsageEventSchema>;

export const meteringContract = {
  usage: route({
    method: 'GET',
    path: '/api/v1/usage',
    summary:
      'Calls, units and latency per partner, customer, endpoint, product or channel (partners and customers see their own)',
    access: ACCESS.anyone,
    query: UsageQuerySchema,
    response: z.array(UsageRowSchema),
  }),
  events: route({
    method: 'GET',
    path: '/api/v1/usage/events',
    summary: 'The latest usage events the caller may see, as CloudEvents',
    access: ACCESS.anyone,
    query: EventsQuerySchema,
    response: z.array(UsageEventSchema),
  }),
};
