import type { Db } from '../db/database.ts';
import type { ProductCostTable, RetailPlanTable, WholesalePriceTable } from '../db/schema.ts';

export async function insertCost(db: Db, row: ProductCostTable) {
  await db.insertInto('product_costs').values(row).execute();
}

export async function listCosts(db: Db) {
  return db.selectFrom('product_costs').selectAll().orderBy('created_at').orderBy('id').execute();
}

export async function insertPrice(db: Db, row: WholesalePriceTable) {
  await db.insertInto('wholesale_prices').values(row).execute();
}

export async function listPrices(db: Db) {
  return db
    .selectFrom('wholesale_prices')
    .selectAll()
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function insertRetailPlan(db: Db, row: RetailPlanTable) {
  await db.insertInto('retail_plans').values(row).execute();
}

export async function listRetailPlans(db: Db, partnerId?: string) {
  let query = db.selectFrom('retail_plans').selectAll();
  if (partnerId) query = query.where('partner_id', '=', partnerId);
  return query.orderBy('created_at').orderBy('id').execute();
}
