import type { Insertable } from 'kysely';
import type { Db } from '../db/database.ts';
import type { LabelAnswerTable, LabelingItemTable } from '../db/schema.ts';

export async function insertItems(db: Db, rows: Insertable<LabelingItemTable>[]) {
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insertInto('labeling_items')
      .values(rows.slice(i, i + 500))
      .onConflict((oc) => oc.columns(['dataset_version_id', 'row']).doNothing())
      .execute();
  }
}

export async function listItems(db: Db, versionId: string) {
  return db
    .selectFrom('labeling_items')
    .selectAll()
    .where('dataset_version_id', '=', versionId)
    .orderBy('position')
    .execute();
}

export async function findItem(db: Db, id: string) {
  return db.selectFrom('labeling_items').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function setConfidence(db: Db, versionId: string, row: number, confidence: number) {
  await db
    .updateTable('labeling_items')
    .set({ confidence })
    .where('dataset_version_id', '=', versionId)
    .where('row', '=', row)
    .execute();
}

export async function listAnswers(db: Db, versionId: string) {
  return db
    .selectFrom('label_answers')
    .innerJoin('labeling_items', 'labeling_items.id', 'label_answers.item_id')
    .select([
      'label_answers.item_id',
      'label_answers.labeler',
      'label_answers.label',
      'label_answers.created_at',
      'labeling_items.row',
    ])
    .where('labeling_items.dataset_version_id', '=', versionId)
    .execute();
}

/** One answer per person and item: answering again replaces the earlier answer. */
export async function upsertAnswer(db: Db, row: Insertable<LabelAnswerTable>) {
  await db
    .insertInto('label_answers')
    .values(row)
    .onConflict((oc) =>
      oc
        .columns(['item_id', 'labeler'])
        .doUpdateSet({ label: row.label, created_at: row.created_at }),
    )
    .execute();
}
