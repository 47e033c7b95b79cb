import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../db/database.ts';
import type { ModelVersionTable } from '../db/schema.ts';

export type ModelVersionRow = Selectable<ModelVersionTable> & { model: string };

const columns = [
  'model_versions.id',
  'model_versions.model_id',
  'model_versions.version',
  'model_versions.template',
  'model_versions.dataset_version_id',
  'model_versions.job_id',
  'model_versions.config_json',
  'model_versions.metrics_json',
  'model_versions.signature_json',
  'model_versions.artifact_path',
  'model_versions.artifact_hash',
  'model_versions.backend',
  'model_versions.created_at',
  'model_versions.card_json',
  'models.name as model',
] as const;

export async function findModel(db: Db, name: string) {
  return db.selectFrom('models').selectAll().where('name', '=', name).executeTakeFirst();
}

export async function insertModel(db: Db, row: { id: string; name: string; created_at: string }) {
  await db.insertInto('models').values(row).execute();
}

export async function maxVersion(db: Db, modelId: string): Promise<number> {
  const row = await db
    .selectFrom('model_versions')
    .select((eb) => eb.fn.max<number>('version').as('max'))
    .where('model_id', '=', modelId)
    .executeTakeFirst();
  return Number(row?.max ?? 0);
}

export async function insertVersion(db: Db, row: Insertable<ModelVersionTable>) {
  await db.insertInto('model_versions').values(row).execute();
}

function versions(db: Db) {
  return db
    .selectFrom('model_versions')
    .innerJoin('models', 'models.id', 'model_versions.model_id')
    .select(columns);
}

export async function findVersion(db: Db, model: string, version: number) {
  return versions(db)
    .where('models.name', '=', model)
    .where('model_versions.version', '=', version)
    .executeTakeFirst();
}

export async function findVersionById(db: Db, id: string) {
  return versions(db).where('model_versions.id', '=', id).executeTakeFirst();
}

export async function listVersions(db: Db) {
  return versions(db).orderBy('models.name').orderBy('model_versions.version').execute();
}
