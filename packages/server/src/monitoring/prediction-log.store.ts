import type { Db } from '../db/database.ts';
import type { PredictionFeedbackTable, PredictionRollupTable } from '../db/schema.ts';

/** The prediction log, its roll-ups and the ground truth of its predictions. */

export interface LogFilter {
  endpointId?: string;
  versionId?: string;
  version?: number;
  customerId?: string;
  partnerId?: string;
  arm?: string;
  /** Only rows logged before this instant (paging, newest first). */
  before?: string;
  since?: string;
}

function filtered(db: Db, filter: LogFilter) {
  let query = db.selectFrom('prediction_log');
  if (filter.endpointId) query = query.where('endpoint_id', '=', filter.endpointId);
  if (filter.versionId) query = query.where('model_version_id', '=', filter.versionId);
  if (filter.customerId) query = query.where('customer_id', '=', filter.customerId);
  if (filter.partnerId) query = query.where('partner_id', '=', filter.partnerId);
  if (filter.version) query = query.where('version', '=', filter.version);
  // Shadow answers are listed with the prediction they shadowed, never on their own.
  query = filter.arm ? query.where('arm', '=', filter.arm) : query.where('arm', '!=', 'shadow');
  if (filter.since) query = query.where('at', '>=', filter.since);
  if (filter.before) query = query.where('at', '<', filter.before);
  return query;
}

/** Logged calls, newest first. */
export async function listLogged(db: Db, filter: LogFilter, limit: number) {
  return filtered(db, filter)
    .selectAll()
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export async function findLogged(db: Db, id: string) {
  return db.selectFrom('prediction_log').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The shadow answers of these predictions. */
export async function shadowsOf(db: Db, ids: string[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('prediction_log').selectAll().where('shadow_of', 'in', ids).execute();
}

/** Calls, errors and latencies of each version and arm of an endpoint since `since`. */
export async function armRows(db: Db, endpointId: string, since: string) {
  return db
    .selectFrom('prediction_log')
    .select(['model_version_id', 'model', 'version', 'arm', 'status', 'latency_ms', 'agrees'])
    .where('endpoint_id', '=', endpointId)
    .where('at', '>=', since)
    .execute();
}

/** The feedback given on an endpoint's predictions since `since`, with the arm that answered. */
export async function feedbackSince(db: Db, endpointId: string, since: string) {
  return db
    .selectFrom('prediction_feedback')
    .select(['model_version_id', 'arm', 'correct', 'abs_error'])
    .where('endpoint_id', '=', endpointId)
    .where('at', '>=', since)
    .execute();
}

export async function upsertFeedback(db: Db, row: PredictionFeedbackTable) {
  const { prediction_id: _, ...rest } = row;
  await db
    .insertInto('prediction_feedback')
    .values(row)
    .onConflict((oc) => oc.column('prediction_id').doUpdateSet(rest))
    .execute();
}

export async function feedbackOf(db: Db, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('prediction_feedback')
    .selectAll()
    .where('prediction_id', 'in', ids)
    .execute();
}

/** The latest `limit` labels of an endpoint's predictions, newest first. */
export async function latestFeedback(db: Db, endpointId: string, limit: number) {
  return db
    .selectFrom('prediction_feedback')
    .selectAll()
    .where('endpoint_id', '=', endpointId)
    .orderBy('at', 'desc')
    .limit(limit)
    .execute();
}

/** Labelled predictions of an endpoint whose input is still in the log (retraining material). */
export async function labelledInputs(db: Db, endpointId: string, limit: number) {
  return db
    .selectFrom('prediction_feedback')
    .innerJoin('prediction_log', 'prediction_log.id', 'prediction_feedback.prediction_id')
    .select([
      'prediction_log.id',
      'prediction_log.input_kind',
      'prediction_log.input',
      'prediction_feedback.label',
      'prediction_feedback.value',
    ])
    .where('prediction_feedback.endpoint_id', '=', endpointId)
    .where('prediction_log.input', 'is not', null)
    .orderBy('prediction_feedback.at', 'desc')
    .limit(limit)
    .execute();
}

/** The newest successful rows of one version on an endpoint (a drift window). */
export async function windowRows(db: Db, endpointId: string, versionId: string, limit: number) {
  return db
    .selectFrom('prediction_log')
    .select(['id', 'input_kind', 'input', 'output_json', 'at'])
    .where('endpoint_id', '=', endpointId)
    .where('model_version_id', '=', versionId)
    .where('status', '=', 200)
    .orderBy('at', 'desc')
    .limit(limit)
    .execute();
}

/** Days before `today` that have rows but no roll-up yet. */
export async function daysToRollUp(db: Db, today: string) {
  const logged = await db
    .selectFrom('prediction_log')
    .select('day')
    .distinct()
    .where('day', '<', today)
    .execute();
  const rolled = new Set(
    (await db.selectFrom('prediction_rollups').select('day').distinct().execute()).map(
      (r) => r.day,
    ),
  );
  return logged.map((r) => r.day).filter((d) => !rolled.has(d));
}

export async function rowsOfDay(db: Db, day: string) {
  return db
    .selectFrom('prediction_log')
    .select([
      'id',
      'endpoint_id',
      'endpoint',
      'model_version_id',
      'model',
      'version',
      'arm',
      'status',
      'latency_ms',
      'output_json',
      'agrees',
      'shadow_of',
    ])
    .where('day', '=', day)
    .execute();
}

/** Feedback on the given predictions (for a day's roll-up), by prediction id. */
export async function correctnessOf(db: Db, ids: string[]) {
  const out = new Map<string, number | null>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom('prediction_feedback')
      .select(['prediction_id', 'correct'])
      .where('prediction_id', 'in', ids.slice(i, i + 500))
      .execute();
    for (const r of rows) out.set(r.prediction_id, r.correct);
  }
  return out;
}

export async function insertRollups(db: Db, rows: PredictionRollupTable[]) {
  if (rows.length === 0) return;
  await db.insertInto('prediction_rollups').values(rows).execute();
}

export async function listRollups(db: Db, endpointId: string | undefined, since: string) {
  let query = db.selectFrom('prediction_rollups').selectAll().where('day', '>=', since);
  if (endpointId) query = query.where('endpoint_id', '=', endpointId);
  return query.orderBy('day').orderBy('endpoint').orderBy('version').orderBy('arm').execute();
}

/** Deletes rows (and their labels) of rolled-up days before `cutoff`. */
export async function deleteRolledBefore(db: Db, cutoff: string): Promise<number> {
  const rolled = (
    await db
      .selectFrom('prediction_rollups')
      .select('day')
      .distinct()
      .where('day', '<', cutoff)
      .execute()
  ).map((r) => r.day);
  if (rolled.length === 0) return 0;
  await db
    .deleteFrom('prediction_feedback')
    .where(
      'prediction_id',
      'in',
      db.selectFrom('prediction_log').select('id').where('day', 'in', rolled),
    )
    .execute();
  const result = await db
    .deleteFrom('prediction_log')
    .where('day', 'in', rolled)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function countLogged(db: Db): Promise<number> {
  const row = await db
    .selectFrom('prediction_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Deletes the oldest `count` rows (the cap on the log's size). */
export async function deleteOldest(db: Db, count: number): Promise<number> {
  const oldest = db.selectFrom('prediction_log').select('id').orderBy('at').limit(count);
  await db.deleteFrom('prediction_feedback').where('prediction_id', 'in', oldest).execute();
  const result = await db.deleteFrom('prediction_log').where('id', 'in', oldest).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Endpoints with logged calls since `since` (the ones a periodic drift check looks at). */
export async function endpointsLoggedSince(db: Db, since: string): Promise<string[]> {
  const rows = await db
    .selectFrom('prediction_log')
    .select('endpoint')
    .distinct()
    .where('at', '>=', since)
    .execute();
  return rows.map((r) => r.endpoint);
}
