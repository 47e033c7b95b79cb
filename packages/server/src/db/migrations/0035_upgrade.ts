import type { Kysely } from 'kysely';

/**
 * The upgrade loop: each endpoint's retraining policy (schedule, drift trigger, canary checks)
 * and every retraining run with its steps (data set, training, evaluation, canary, promotion or
 * rollback).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('retrain_policies')
    .addColumn('endpoint_id', 'text', (c) => c.primaryKey())
    .addColumn('policy_json', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('upgrade_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('endpoint_id', 'text', (c) => c.notNull())
    .addColumn('endpoint', 'text', (c) => c.notNull())
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('worker', 'text', (c) => c.notNull())
    .addColumn('options_json', 'text', (c) => c.notNull())
    .addColumn('production_version_id', 'text', (c) => c.notNull())
    .addColumn('candidate_version_id', 'text')
    .addColumn('dataset_version_id', 'text')
    .addColumn('training_job_id', 'text')
    .addColumn('canary_since', 'text')
    .addColumn('steps_json', 'text', (c) => c.notNull())
    .addColumn('error_code', 'text')
    .addColumn('error_message', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .execute();
  await db.schema
    .createIndex('upgrade_runs_endpoint')
    .on('upgrade_runs')
    .columns(['endpoint_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('upgrade_runs_status')
    .on('upgrade_runs')
    .columns(['status'])
    .execute();
}
