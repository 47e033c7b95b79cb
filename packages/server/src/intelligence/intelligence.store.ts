import type { Insertable } from 'kysely';
import type { Db } from '../db/database.ts';
import type {
  InquiryTable,
  IntelligenceOutputTable,
  IntelligenceRefreshTable,
} from '../db/schema.ts';

const CHUNK = 400;

export async function insertInquiries(db: Db, rows: Insertable<InquiryTable>[]) {
  for (let i = 0; i < rows.length; i += CHUNK) {
    await db
      .insertInto('inquiries')
      .values(rows.slice(i, i + CHUNK))
      .execute();
  }
}

export async function findInquiry(db: Db, id: string) {
  return db.selectFrom('inquiries').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateInquiry(db: Db, id: string, changes: Partial<InquiryTable>) {
  await db.updateTable('inquiries').set(changes).where('id', '=', id).execute();
}

export interface InquiryFilter {
  partnerId?: string;
  customerId?: string;
  status?: string;
  before?: string;
  limit?: number;
}

/** Inquiries, newest first (a limit), or every one in received order (no limit: training sets). */
export async function listInquiries(db: Db, filter: InquiryFilter = {}) {
  let query = db.selectFrom('inquiries').selectAll();
  if (filter.partnerId) query = query.where('partner_id', '=', filter.partnerId);
  if (filter.customerId) query = query.where('customer_id', '=', filter.customerId);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.before) query = query.where('received_at', '<', filter.before);
  if (filter.limit === undefined) return query.orderBy('received_at').orderBy('id').execute();
  return query.orderBy('received_at', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
}

/** Inserts a refresh as the next in order. */
export async function insertRefresh(db: Db, row: Omit<IntelligenceRefreshTable, 'seq'>) {
  await db.transaction().execute(async (tx) => {
    const last = await tx
      .selectFrom('intelligence_refreshes')
      .select((eb) => eb.fn.max<number>('seq').as('seq'))
      .executeTakeFirst();
    await tx
      .insertInto('intelligence_refreshes')
      .values({ ...row, seq: Number(last?.seq ?? 0) + 1 })
      .execute();
  });
}

export async function updateRefresh(
  db: Db,
  id: string,
  changes: Partial<IntelligenceRefreshTable>,
) {
  await db.updateTable('intelligence_refreshes').set(changes).where('id', '=', id).execute();
}

export async function latestRefresh(db: Db) {
  return db
    .selectFrom('intelligence_refreshes')
    .selectAll()
    .where('status', '=', 'succeeded')
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function listRefreshes(db: Db, limit: number) {
  return db
    .selectFrom('intelligence_refreshes')
    .selectAll()
    .orderBy('seq', 'desc')
    .limit(limit)
    .execute();
}

/** Writes a refresh's outputs and drops those of every earlier refresh, in one transaction. */
export async function replaceOutputs(db: Db, refreshId: string, rows: IntelligenceOutputTable[]) {
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('intelligence_outputs').where('refresh_id', '!=', refreshId).execute();
    for (let i = 0; i < rows.length; i += CHUNK) {
      await tx
        .insertInto('intelligence_outputs')
        .values(rows.slice(i, i + CHUNK))
        .execute();
    }
  });
}

export interface OutputFilter {
  refreshId: string;
  model: string;
  partnerId?: string;
  customerId?: string;
  subjectId?: string;
}

/** Outputs of one model in a refresh, highest score first. */
export async function listOutputs(db: Db, filter: OutputFilter) {
  let query = db
    .selectFrom('intelligence_outputs')
    .selectAll()
    .where('refresh_id', '=', filter.refreshId)
    .where('model', '=', filter.model);
  if (filter.partnerId) query = query.where('partner_id', '=', filter.partnerId);
  if (filter.customerId) query = query.where('customer_id', '=', filter.customerId);
  if (filter.subjectId) query = query.where('subject_id', '=', filter.subjectId);
  return query.orderBy('score', 'desc').orderBy('subject_id').execute();
}

export async function findRefresh(db: Db, id: string) {
  return db
    .selectFrom('intelligence_refreshes')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Inquiries sent through the API, per status. */
export async function countInquiriesByStatus(db: Db) {
  return db
    .selectFrom('inquiries')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('source', '=', 'api')
    .groupBy('status')
    .execute();
}
