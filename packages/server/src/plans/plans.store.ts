import type { Db } from '../db/database.ts';
import type { PlanTable, ProductTable, SubscriptionTable } from '../db/schema.ts';

export async function insertPlan(db: Db, row: PlanTable) {
  await db.insertInto('plans').values(row).execute();
}

export async function findPlan(db: Db, idOrName: string) {
  return db
    .selectFrom('plans')
    .selectAll()
    .where((eb) => eb.or([eb('id', '=', idOrName), eb('name', '=', idOrName)]))
    .executeTakeFirst();
}

export async function listPlans(db: Db) {
  return db.selectFrom('plans').selectAll().orderBy('created_at').orderBy('id').execute();
}

export async function insertProduct(db: Db, row: ProductTable) {
  await db.insertInto('products').values(row).execute();
}

export async function findProduct(db: Db, id: string) {
  return db.selectFrom('products').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findProductByName(db: Db, name: string) {
  return db.selectFrom('products').selectAll().where('name', '=', name).executeTakeFirst();
}

export async function findProductByEndpoint(db: Db, endpointId: string) {
  return db
    .selectFrom('products')
    .selectAll()
    .where('endpoint_id', '=', endpointId)
    .executeTakeFirst();
}

export async function listProducts(db: Db) {
  return db.selectFrom('products').selectAll().orderBy('created_at').orderBy('id').execute();
}

export async function insertSubscription(db: Db, row: SubscriptionTable) {
  await db.insertInto('subscriptions').values(row).execute();
}

export async function findSubscription(db: Db, customerId: string, productId: string) {
  return db
    .selectFrom('subscriptions')
    .selectAll()
    .where('customer_id', '=', customerId)
    .where('product_id', '=', productId)
    .executeTakeFirst();
}

export async function listSubscriptions(db: Db, customerIds?: string[]) {
  let query = db.selectFrom('subscriptions').selectAll();
  if (customerIds) {
    if (customerIds.length === 0) return [];
    query = query.where('customer_id', 'in', customerIds);
  }
  return query.orderBy('created_at').orderBy('id').execute();
}
