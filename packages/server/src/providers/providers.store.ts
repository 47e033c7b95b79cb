import type { Db } from '../db/database.ts';
import type { ProviderModelTable, ProviderTable, UpstreamModelTable } from '../db/schema.ts';

export async function insertProvider(db: Db, row: ProviderTable) {
  await db.insertInto('providers').values(row).execute();
}

export async function updateProvider(db: Db, id: string, changes: Partial<ProviderTable>) {
  await db.updateTable('providers').set(changes).where('id', '=', id).execute();
}

export async function deleteProvider(db: Db, id: string) {
  await db.deleteFrom('provider_models').where('provider_id', '=', id).execute();
  await db.deleteFrom('providers').where('id', '=', id).execute();
}

export async function findProvider(db: Db, idOrName: string) {
  return db
    .selectFrom('providers')
    .selectAll()
    .where((eb) => eb.or([eb('id', '=', idOrName), eb('name', '=', idOrName)]))
    .executeTakeFirst();
}

export async function findProviderByName(db: Db, name: string) {
  return db.selectFrom('providers').selectAll().where('name', '=', name).executeTakeFirst();
}

export async function listProviders(db: Db) {
  return db.selectFrom('providers').selectAll().orderBy('name').execute();
}

/** A provider's model map, each entry with the name Qudao sells it under. */
export async function listProviderModels(db: Db, providerIds?: string[]) {
  let query = db
    .selectFrom('provider_models')
    .innerJoin('upstream_models', 'upstream_models.id', 'provider_models.model_id')
    .selectAll('provider_models')
    .select('upstream_models.name as model_name');
  if (providerIds) {
    if (providerIds.length === 0) return [];
    query = query.where('provider_models.provider_id', 'in', providerIds);
  }
  return query.orderBy('upstream_models.name').execute();
}

export async function replaceProviderModels(
  db: Db,
  providerId: string,
  rows: ProviderModelTable[],
) {
  await db.deleteFrom('provider_models').where('provider_id', '=', providerId).execute();
  if (rows.length > 0) await db.insertInto('provider_models').values(rows).execute();
}

export async function findUpstreamModel(db: Db, name: string) {
  return db.selectFrom('upstream_models').selectAll().where('name', '=', name).executeTakeFirst();
}

export async function upstreamModelsByIds(db: Db, ids: string[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('upstream_models').selectAll().where('id', 'in', ids).execute();
}

export async function insertUpstreamModel(db: Db, row: UpstreamModelTable) {
  await db.insertInto('upstream_models').values(row).execute();
}

/** Upstream models that at least one provider serves now, by name. */
export async function listRoutedModels(db: Db) {
  return db
    .selectFrom('upstream_models')
    .selectAll()
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('provider_models')
          .select('provider_models.id')
          .whereRef('provider_models.model_id', '=', 'upstream_models.id'),
      ),
    )
    .orderBy('name')
    .execute();
}

/** An upstream model's routes in fallback order (priority, then provider name), with their providers. */
export async function routesOf(db: Db, modelId: string) {
  return db
    .selectFrom('provider_models')
    .innerJoin('providers', 'providers.id', 'provider_models.provider_id')
    .selectAll('providers')
    .select([
      'provider_models.upstream_model',
      'provider_models.priority',
      'provider_models.input_cost_per_1k_minor',
      'provider_models.output_cost_per_1k_minor',
    ])
    .where('provider_models.model_id', '=', modelId)
    .orderBy('provider_models.priority')
    .orderBy('providers.name')
    .execute();
}
