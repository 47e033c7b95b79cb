import { z } from 'zod';

export const UsageQuerySchema = z.object({
  by: z.enum(['partner', 'customer', 'endpoint', 'product', 'channel']).default('customer'),
  /** A month, `YYYY-MM`; omitted = all time. */
  period: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'period is a month, YYYY-MM')
    .optional(),
});

export const EventsQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  period: UsageQuerySchema.shape.period,
});
