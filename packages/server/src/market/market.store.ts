import type { Db } from '../db/database.ts';
import type { MarketCellTable } from '../db/schema.ts';

export async function findCell(db: Db, region: string, industry: string) {
  return db
    .selectFrom('market_cells')
    .select('id')
    .where('region', '=', region)
    .where('industry', '=', industry)
    .executeTakeFirst();
}

export async function insertCell(db: Db, row: MarketCellTable) {
  await db.insertInto('market_cells').values(row).execute();
}

export async function listCells(db: Db) {
  return db.selectFrom('market_cells').selectAll().orderBy('region').orderBy('industry').execute();
}

export async function findStrategy(db: Db) {
  return db
    .selectFrom('channel_strategy')
    .selectAll()
    .where('id', '=', 'current')
    .executeTakeFirst();
}

/** Replaces the one strategy row. */
export async function replaceStrategy(
  db: Db,
  row: { mode: string; targets_json: string; updated_at: string },
) {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('channel_strategy').where('id', '=', 'current').execute();
    await trx
      .insertInto('channel_strategy')
      .values({ id: 'current', ...row })
      .execute();
  });
}
