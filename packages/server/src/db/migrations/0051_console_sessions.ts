import type { Kysely } from 'kysely';

/**
 * Console sessions and member invitations (issue #17).
 * - `console_sessions`: a signed-in browser. The cookie holds a random secret; the row is keyed
 *   by its sha256 and holds the credential the session acts with, sealed with a key derived
 *   from that secret (so the table alone opens nothing), and the session's CSRF token.
 * - `member_invitations`: the owner (or an admin) invites a person by role (admin, analyst, or
 *   a customer's user); accepting it signs the person in with a credential of its own.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('console_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('credential_sealed', 'text', (c) => c.notNull())
    .addColumn('csrf', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('member_invitations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('prefix', 'text', (c) => c.unique())
    .addColumn('secret_hash', 'text')
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('invited_by', 'text', (c) => c.notNull())
    .addColumn('invited_at', 'text', (c) => c.notNull())
    .addColumn('accepted_at', 'text')
    .addColumn('revoked_at', 'text')
    .addColumn('credential_id', 'text')
    .execute();
}
