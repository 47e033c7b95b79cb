import type { Db } from '../db/database.ts';
import type { UsageEventTable } from '../db/schema.ts';

export async function insertUsageEvent(db: Db, row: UsageEventTable) {
  await db.insertInto('usage_events').values(row).execute();
}

const GROUP_COLUMN = {
  partner: 'partner_id',
  customer: 'customer_id',
  endpoint: 'endpoint_id',
} as const;

export async function aggregateUsage(db: Db, by: keyof typeof GROUP_COLUMN) {
  const column = GROUP_COLUMN[by];
  return db
    .selectFrom('usage_events')
    .select([
      `${column} as id`,
      (eb) => eb.fn.countAll<number>().as('calls'),
      (eb) => eb.fn.avg<number>('latency_ms').as('avg_latency_ms'),
      (eb) => eb.fn.min<string>('occurred_at').as('first_call_at'),
      (eb) => eb.fn.max<string>('occurred_at').as('last_call_at'),
    ])
    .groupBy(column)
    .execute();
}

export async function countEvents(db: Db, filter: { endpointId?: string; customerId?: string }) {
  let query = db.selectFrom('usage_events').select((eb) => eb.fn.countAll<number>().as('n'));
  if (filter.endpointId) query = query.where('endpoint_id', '=', filter.endpointId);
  if (filter.customerId) query = query.where('customer_id', '=', filter.customerId);
  return Number((await query.executeTakeFirst())?.n ?? 0);
}
