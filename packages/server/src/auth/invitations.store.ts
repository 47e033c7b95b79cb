import type { Db } from '../db/database.ts';
import type { MemberInvitationTable } from '../db/schema.ts';

export async function insertInvitation(db: Db, row: MemberInvitationTable) {
  await db.insertInto('member_invitations').values(row).execute();
}

export async function updateInvitation(
  db: Db,
  id: string,
  changes: Partial<MemberInvitationTable>,
) {
  await db.updateTable('member_invitations').set(changes).where('id', '=', id).execute();
}

export async function findInvitation(db: Db, id: string) {
  return db.selectFrom('member_invitations').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findByPrefix(db: Db, prefix: string) {
  return db
    .selectFrom('member_invitations')
    .selectAll()
    .where('prefix', '=', prefix)
    .executeTakeFirst();
}

export async function listInvitations(db: Db) {
  return db
    .selectFrom('member_invitations')
    .selectAll()
    .orderBy('invited_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}
