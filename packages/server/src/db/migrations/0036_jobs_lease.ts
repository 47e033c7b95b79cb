import type { Kysely } from 'kysely';

/**
 * A job's lease: the owner's last heartbeat (its runner writes it every few seconds) and a
 * cancel asked by another process. Recovery no longer trusts a PID alone: in a container every
 * server is PID 1, so a restarted server used to take its dead predecessor's jobs for its own.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('jobs').addColumn('heartbeat_at', 'text').execute();
  await db.schema.alterTable('jobs').addColumn('cancel_requested_at', 'text').execute();
}
