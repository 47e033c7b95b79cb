import type { Kysely } from 'kysely';

/** Marketing development funds: request → approve → claim with proof → reimburse. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('mdf_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('partner_id', 'text', (c) => c.notNull().references('partners.id'))
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('amount_minor', 'integer', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('spent_minor', 'integer')
    .addColumn('proof', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text')
    .addColumn('claimed_at', 'text')
    .addColumn('reimbursed_at', 'text')
    .execute();
}
