import type { Kysely } from 'kysely';

/**
 * The people of a partner (issue #14): invited by role (manager, sales, finance) with a one-time
 * invitation code; accepting it issues the user's partner access token.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('partner_users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('partner_id', 'text', (c) => c.notNull().references('partners.id'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('invite_prefix', 'text')
    .addColumn('invite_hash', 'text')
    .addColumn('invite_expires_at', 'text')
    .addColumn('invited_by', 'text', (c) => c.notNull())
    .addColumn('invited_at', 'text', (c) => c.notNull())
    .addColumn('accepted_at', 'text')
    .addColumn('token_id', 'text')
    .addColumn('certification', 'text')
    .addColumn('certified_at', 'text')
    .execute();
  await db.schema
    .createIndex('partner_users_invite')
    .on('partner_users')
    .columns(['invite_prefix'])
    .execute();
}
