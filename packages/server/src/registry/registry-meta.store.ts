import { type Insertable, sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { RegistryEventTable } from '../db/schema.ts';

/** Aliases, tags and the audit trail of the registry. */

export async function upsertAlias(
  db: Db,
  row: {
    model_id: string;
    alias: string;
    model_version_id: string;
    set_by: string;
    set_at: string;
  },
) {
  await db
    .insertInto('model_aliases')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['model_id', 'alias']).doUpdateSet({
        model_version_id: row.model_version_id,
        set_by: row.set_by,
        set_at: row.set_at,
      }),
    )
    .execute();
}

export async function findAlias(db: Db, modelId: string, alias: string) {
  return db
    .selectFrom('model_aliases')
    .selectAll()
    .where('model_id', '=', modelId)
    .where('alias', '=', alias)
    .executeTakeFirst();
}

/** The version id an alias of the model named `model` points at (one query: serving's path). */
export async function aliasTargetByName(db: Db, model: string, alias: string) {
  const row = await db
    .selectFrom('model_aliases')
    .innerJoin('models', 'models.id', 'model_aliases.model_id')
    .select('model_aliases.model_version_id')
    .where('models.name', '=', model)
    .where('model_aliases.alias', '=', alias)
    .executeTakeFirst();
  return row?.model_version_id;
}

export async function deleteAlias(db: Db, modelId: string, alias: string): Promise<number> {
  const result = await db
    .deleteFrom('model_aliases')
    .where('model_id', '=', modelId)
    .where('alias', '=', alias)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function aliasesOfModel(db: Db, modelId: string) {
  return db
    .selectFrom('model_aliases')
    .selectAll()
    .where('model_id', '=', modelId)
    .orderBy('alias')
    .execute();
}

export async function aliasesOfVersion(db: Db, versionId: string) {
  return db
    .selectFrom('model_aliases')
    .selectAll()
    .where('model_version_id', '=', versionId)
    .execute();
}

export async function upsertTag(
  db: Db,
  row: { model_version_id: string; key: string; value: string; set_by: string; set_at: string },
) {
  await db
    .insertInto('model_version_tags')
    .values(row)
    .onConflict((oc) =>
      oc
        .columns(['model_version_id', 'key'])
        .doUpdateSet({ value: row.value, set_by: row.set_by, set_at: row.set_at }),
    )
    .execute();
}

export async function deleteTag(db: Db, versionId: string, key: string): Promise<number> {
  const result = await db
    .deleteFrom('model_version_tags')
    .where('model_version_id', '=', versionId)
    .where('key', '=', key)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function tagsOfVersion(db: Db, versionId: string) {
  return db
    .selectFrom('model_version_tags')
    .selectAll()
    .where('model_version_id', '=', versionId)
    .orderBy('key')
    .execute();
}

export async function setCard(db: Db, versionId: string, cardJson: string) {
  await db
    .updateTable('model_versions')
    .set({ card_json: cardJson })
    .where('id', '=', versionId)
    .execute();
}

export async function insertEvent(db: Db, row: Insertable<RegistryEventTable>) {
  await db.insertInto('registry_events').values(row).execute();
}

export async function eventsOfModel(db: Db, modelId: string) {
  return (
    db
      .selectFrom('registry_events')
      .selectAll()
      .where('model_id', '=', modelId)
      .orderBy('at')
      // Events of the same millisecond in the order they were written (ids are random).
      .orderBy(sql`rowid`)
      .execute()
  );
}

/** Removes a version row and its tags (aliases must be moved off it first). */
export async function deleteVersion(db: Db, versionId: string) {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('model_version_tags').where('model_version_id', '=', versionId).execute();
    await trx.deleteFrom('model_versions').where('id', '=', versionId).execute();
  });
}
