import { sql } from 'kysely';
import { compiledInsert, everyColumn } from '../db/compiled-insert.ts';
import { type Db, noteWrite } from '../db/database.ts';
import type { IdempotencyKeyTable, UsageEventTable } from '../db/schema.ts';

export async function insertUsageEvent(db: Db, row: UsageEventTable) {
  await db.insertInto('usage_events').values(row).execute();
}

/** The columns of a usage event, in the order the compiled insert binds them. */
const USAGE_COLUMNS = everyColumn<UsageEventTable>()([
  'id',
  'endpoint_id',
  'customer_id',
  'partner_id',
  'api_key_id',
  'occurred_at',
  'latency_ms',
  'type',
  'source',
  'quantity',
  'product_id',
  'idempotency_key',
  'data_json',
  'input_tokens',
  'output_tokens',
  'cost_milli_minor',
  'budget_id',
]);

/** Writes usage events and their saved answers in one transaction: all commit or none does. */
export async function insertCall(
  db: Db,
  calls: { event: UsageEventTable; saved: IdempotencyKeyTable | null }[],
) {
  const events = calls.map((c) => c.event);
  // One statement is its own transaction: calls without a saved answer need no BEGIN/COMMIT.
  if (calls.every((c) => !c.saved)) {
    await db.executeQuery(compiledInsert(db, 'usage_events', USAGE_COLUMNS, events));
    noteWrite(db);
    return;
  }
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('usage_events').values(events).execute();
    const saved = calls.flatMap((c) => (c.saved ? [c.saved] : []));
    if (saved.length > 0) await trx.insertInto('idempotency_keys').values(saved).execute();
  });
}

export async function findSaved(db: Db, customerId: string, key: string) {
  return db
    .selectFrom('idempotency_keys')
    .selectAll()
    .where('customer_id', '=', customerId)
    .where('key', '=', key)
    .executeTakeFirst();
}

export async function sumUnits(
  db: Db,
  filter: { customerId: string; productId: string; start: string; end: string },
): Promise<number> {
  const row = await db
    .selectFrom('usage_events')
    .select((eb) => eb.fn.sum<number>('quantity').as('units'))
    .where('customer_id', '=', filter.customerId)
    .where('product_id', '=', filter.productId)
    .where('occurred_at', '>=', filter.start)
    .where('occurred_at', '<', filter.end)
    .executeTakeFirst();
  return Number(row?.units ?? 0);
}

/** What a key budget's calls cost in [start, end), in thousandths of a minor unit. */
export async function sumBudgetCost(
  db: Db,
  filter: { budgetId: string; start: string; end: string },
): Promise<number> {
  const row = await db
    .selectFrom('usage_events')
    .select((eb) => eb.fn.sum<number>('cost_milli_minor').as('cost'))
    .where('budget_id', '=', filter.budgetId)
    .where('occurred_at', '>=', filter.start)
    .where('occurred_at', '<', filter.end)
    .executeTakeFirst();
  return Number(row?.cost ?? 0);
}

const GROUP_COLUMN = {
  partner: 'partner_id',
  customer: 'customer_id',
  endpoint: 'endpoint_id',
  product: 'product_id',
} as const;

export interface UsageFilter {
  partnerId?: string;
  customerId?: string;
  start?: string;
  end?: string;
}

export async function aggregateUsage(
  db: Db,
  by: keyof typeof GROUP_COLUMN,
  filter: UsageFilter = {},
) {
  const column = GROUP_COLUMN[by];
  let query = db
    .selectFrom('usage_events')
    .select([
      `${column} as id`,
      (eb) => eb.fn.countAll<number>().as('calls'),
      (eb) => eb.fn.sum<number>('quantity').as('units'),
      (eb) => eb.fn.avg<number>('latency_ms').as('avg_latency_ms'),
      (eb) => eb.fn.min<string>('occurred_at').as('first_call_at'),
      (eb) => eb.fn.max<string>('occurred_at').as('last_call_at'),
    ]);
  if (filter.partnerId) query = query.where('partner_id', '=', filter.partnerId);
  if (filter.customerId) query = query.where('customer_id', '=', filter.customerId);
  if (filter.start) query = query.where('occurred_at', '>=', filter.start);
  if (filter.end) query = query.where('occurred_at', '<', filter.end);
  return query.groupBy(column).execute();
}

export async function listEvents(db: Db, filter: UsageFilter & { limit: number }) {
  let query = db.selectFrom('usage_events').selectAll();
  if (filter.partnerId) query = query.where('partner_id', '=', filter.partnerId);
  if (filter.customerId) query = query.where('customer_id', '=', filter.customerId);
  if (filter.start) query = query.where('occurred_at', '>=', filter.start);
  if (filter.end) query = query.where('occurred_at', '<', filter.end);
  return query.orderBy('occurred_at', 'desc').orderBy('id').limit(filter.limit).execute();
}

/** Every event of a period, in a stable order (statements are computed from these). */
export async function eventsBetween(db: Db, start: string, end: string) {
  return db
    .selectFrom('usage_events')
    .select([
      'id',
      'customer_id',
      'partner_id',
      'product_id',
      'quantity',
      'latency_ms',
      'occurred_at',
      'input_tokens',
      'output_tokens',
    ])
    .where('occurred_at', '>=', start)
    .where('occurred_at', '<', end)
    .orderBy('occurred_at')
    .orderBy('id')
    .execute();
}

export async function countEvents(db: Db, filter: { endpointId?: string; customerId?: string }) {
  let query = db.selectFrom('usage_events').select((eb) => eb.fn.countAll<number>().as('n'));
  if (filter.endpointId) query = query.where('endpoint_id', '=', filter.endpointId);
  if (filter.customerId) query = query.where('customer_id', '=', filter.customerId);
  return Number((await query.executeTakeFirst())?.n ?? 0);
}

/** Inference time per customer and product in [start, end) (compute cost comes from it). */
export async function latencyTotals(db: Db, start: string, end: string) {
  return db
    .selectFrom('usage_events')
    .select([
      'customer_id',
      'partner_id',
      'product_id',
      (eb) => eb.fn.sum<number>('latency_ms').as('latency_ms'),
      (eb) => eb.fn.countAll<number>().as('calls'),
    ])
    .where('occurred_at', '>=', start)
    .where('occurred_at', '<', end)
    .groupBy(['customer_id', 'partner_id', 'product_id'])
    .execute();
}

/** The first call of every API key. */
export async function firstCallPerKey(db: Db) {
  return db
    .selectFrom('usage_events')
    .select(['api_key_id', (eb) => eb.fn.min<string>('occurred_at').as('first_call_at')])
    .groupBy('api_key_id')
    .execute();
}

/** Calls and units per customer, product and UTC day before `end` (the intelligence panels). */
export async function dailyTotals(db: Db, end: string) {
  const day = sql<string>`substr(occurred_at, 1, 10)`;
  return db
    .selectFrom('usage_events')
    .select([
      'customer_id',
      'partner_id',
      'product_id',
      day.as('day'),
      (eb) => eb.fn.countAll<number>().as('calls'),
      (eb) => eb.fn.sum<number>('quantity').as('units'),
    ])
    .where('occurred_at', '<', end)
    .groupBy(['customer_id', 'partner_id', 'product_id', day])
    .orderBy('customer_id')
    .orderBy(day)
    .orderBy('product_id')
    .execute();
}
