import type { Db } from '../db/database.ts';
import type { EndpointTable } from '../db/schema.ts';

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
