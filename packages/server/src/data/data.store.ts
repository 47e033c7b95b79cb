import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../db/database.ts';
import type { DatasetVersionTable } from '../db/schema.ts';

export type DatasetVersionRow = Selectable<DatasetVersionTable> & { dataset: string };

const versionColumns = [
  'dataset_versions.id',
  'dataset_versions.dataset_id',
  'dataset_versions.version',
  'dataset_versions.hash',
  'dataset_versions.row_count',
  'dataset_versions.kind',
  'dataset_versions.schema_json',
  'dataset_versions.label_distribution_json',
  'dataset_versions.splits_json',
  'dataset_versions.source',
  'dataset_versions.parent_id',
  'dataset_versions.path',
  'dataset_versions.created_at',
  'dataset_versions.report_json',
  'datasets.name as dataset',
] as const;

export async function findDatasetByName(db: Db, name: string) {
  return db.selectFrom('datasets').selectAll().where('name', '=', name).executeTakeFirst();
}

export async function insertDataset(db: Db, row: { id: string; name: string; created_at: string }) {
  await db.insertInto('datasets').values(row).execute();
}

export async function insertDatasetVersion(db: Db, row: Insertable<DatasetVersionTable>) {
  await db.insertInto('dataset_versions').values(row).execute();
}

export async function latestVersion(
  db: Db,
  datasetId: string,
): Promise<DatasetVersionRow | undefined> {
  return db
    .selectFrom('dataset_versions')
    .innerJoin('datasets', 'datasets.id', 'dataset_versions.dataset_id')
    .select(versionColumns)
    .where('dataset_versions.dataset_id', '=', datasetId)
    .orderBy('dataset_versions.version', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function findVersion(db: Db, datasetId: string, version: number) {
  return db
    .selectFrom('dataset_versions')
    .innerJoin('datasets', 'datasets.id', 'dataset_versions.dataset_id')
    .select(versionColumns)
    .where('dataset_versions.dataset_id', '=', datasetId)
    .where('dataset_versions.version', '=', version)
    .executeTakeFirst();
}

export async function findVersionById(db: Db, id: string) {
  return db
    .selectFrom('dataset_versions')
    .innerJoin('datasets', 'datasets.id', 'dataset_versions.dataset_id')
    .select(versionColumns)
    .where('dataset_versions.id', '=', id)
    .executeTakeFirst();
}

export async function listDatasetsWithCounts(db: Db) {
  return db
    .selectFrom('datasets')
    .leftJoin('dataset_versions', 'dataset_versions.dataset_id', 'datasets.id')
    .select(['datasets.id', 'datasets.name'])
    .select((eb) => eb.fn.count<number>('dataset_versions.id').as('versions'))
    .groupBy(['datasets.id', 'datasets.name'])
    .orderBy('datasets.name')
    .execute();
}

export async function findDatasetById(db: Db, id: string) {
  return db.selectFrom('datasets').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listVersions(db: Db, datasetId: string): Promise<DatasetVersionRow[]> {
  return db
    .selectFrom('dataset_versions')
    .innerJoin('datasets', 'datasets.id', 'dataset_versions.dataset_id')
    .select(versionColumns)
    .where('dataset_versions.dataset_id', '=', datasetId)
    .orderBy('dataset_versions.version', 'asc')
    .execute();
}
