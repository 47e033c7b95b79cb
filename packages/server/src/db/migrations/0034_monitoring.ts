import type { Kysely } from 'kysely';

/**
 * Monitoring: the sampled prediction log (inputs and answers, shadow answers beside the ones
 * they shadowed), its daily roll-ups (what stays after the retention deletes the rows), ground
 * truth labels of predictions, the drift reference of each model version, and alerts.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('prediction_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('endpoint_id', 'text', (c) => c.notNull())
    .addColumn('endpoint', 'text', (c) => c.notNull())
    .addColumn('model_version_id', 'text', (c) => c.notNull())
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('arm', 'text', (c) => c.notNull())
    .addColumn('shadow_of', 'text')
    .addColumn('caller', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text')
    .addColumn('partner_id', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('latency_ms', 'real', (c) => c.notNull())
    .addColumn('status', 'integer', (c) => c.notNull())
    .addColumn('error_code', 'text')
    .addColumn('rows', 'integer', (c) => c.notNull())
    .addColumn('input_kind', 'text', (c) => c.notNull())
    .addColumn('input', 'text')
    .addColumn('output_json', 'text')
    .addColumn('agrees', 'integer')
    .execute();
  for (const [name, columns] of [
    ['prediction_log_endpoint', ['endpoint_id', 'at']],
    ['prediction_log_version', ['model_version_id', 'at']],
    ['prediction_log_shadow', ['shadow_of']],
    ['prediction_log_day', ['day']],
    ['prediction_log_customer', ['customer_id', 'at']],
  ] as const) {
    await db.schema
      .createIndex(name)
      .on('prediction_log')
      .columns([...columns])
      .execute();
  }
  await db.schema
    .createTable('prediction_rollups')
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('endpoint_id', 'text', (c) => c.notNull())
    .addColumn('endpoint', 'text', (c) => c.notNull())
    .addColumn('model_version_id', 'text', (c) => c.notNull())
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('arm', 'text', (c) => c.notNull())
    .addColumn('calls', 'integer', (c) => c.notNull())
    .addColumn('errors', 'integer', (c) => c.notNull())
    .addColumn('latency_mean', 'real', (c) => c.notNull())
    .addColumn('latency_p50', 'real', (c) => c.notNull())
    .addColumn('latency_p95', 'real', (c) => c.notNull())
    .addColumn('labels_json', 'text', (c) => c.notNull())
    .addColumn('feedback', 'integer', (c) => c.notNull())
    .addColumn('correct', 'integer', (c) => c.notNull())
    .addColumn('agreements', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('prediction_rollups_pk', [
      'day',
      'endpoint_id',
      'model_version_id',
      'arm',
    ])
    .execute();
  await db.schema
    .createTable('prediction_feedback')
    .addColumn('prediction_id', 'text', (c) => c.primaryKey())
    .addColumn('endpoint_id', 'text', (c) => c.notNull())
    .addColumn('model_version_id', 'text', (c) => c.notNull())
    .addColumn('arm', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text')
    .addColumn('partner_id', 'text')
    .addColumn('label', 'text')
    .addColumn('value', 'real')
    .addColumn('correct', 'integer')
    .addColumn('abs_error', 'real')
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('prediction_feedback_endpoint')
    .on('prediction_feedback')
    .columns(['endpoint_id', 'at'])
    .execute();
  await db.schema
    .createTable('drift_references')
    .addColumn('model_version_id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('rows', 'integer', (c) => c.notNull())
    .addColumn('reference_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('alerts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('endpoint_id', 'text')
    .addColumn('endpoint', 'text')
    .addColumn('model_version_id', 'text')
    .addColumn('model', 'text')
    .addColumn('version', 'integer')
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('detail_json', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('webhook_status', 'text', (c) => c.notNull())
    .addColumn('webhook_error', 'text')
    .execute();
  await db.schema.createIndex('alerts_at').on('alerts').columns(['at']).execute();
}
