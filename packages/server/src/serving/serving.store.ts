import type { Db } from '../db/database.ts';
import type { EndpointEventTable, EndpointTable } from '../db/schema.ts';

export async function findEndpointByName(db: Db, name: string) {
  return db.selectFrom('endpoints').selectAll().where('name', '=', name).executeTakeFirst();
}

export async function listEndpoints(db: Db) {
  return db.selectFrom('endpoints').selectAll().orderBy('name').execute();
}

export async function insertEndpoint(db: Db, row: EndpointTable) {
  await db.insertInto('endpoints').values(row).execute();
}

export async function updateEndpoint(db: Db, id: string, patch: Partial<EndpointTable>) {
  await db.updateTable('endpoints').set(patch).where('id', '=', id).execute();
}

export async function endpointsByIds(db: Db, ids: string[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('endpoints').select(['id', 'name']).where('id', 'in', ids).execute();
}

export async function insertEndpointEvent(db: Db, row: EndpointEventTable) {
  await db.insertInto('endpoint_events').values(row).execute();
}

/** An endpoint's traffic history, oldest first. */
export async function endpointEvents(db: Db, endpointId: string) {
  return db
    .selectFrom('endpoint_events')
    .selectAll()
    .where('endpoint_id', '=', endpointId)
    .orderBy('id')
    .execute();
}
