import type { Db } from '../db/database.ts';
import type { ConsoleSessionTable } from '../db/schema.ts';

export async function insertSession(db: Db, row: ConsoleSessionTable) {
  await db.insertInto('console_sessions').values(row).execute();
}

export async function findSession(db: Db, id: string) {
  return db.selectFrom('console_sessions').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function touchSession(db: Db, id: string, at: string) {
  await db.updateTable('console_sessions').set({ last_seen_at: at }).where('id', '=', id).execute();
}

export async function deleteSession(db: Db, id: string) {
  await db.deleteFrom('console_sessions').where('id', '=', id).execute();
}

/** Drops the sessions that ended before `now` (called as sessions are made). */
export async function deleteExpired(db: Db, now: string, idleSince: string) {
  await db
    .deleteFrom('console_sessions')
    .where((eb) => eb.or([eb('expires_at', '<=', now), eb('last_seen_at', '<=', idleSince)]))
    .execute();
}
