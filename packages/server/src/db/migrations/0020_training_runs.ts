import type { Kysely } from 'kysely';

/** Experiments: one row per training run (plain runs, search trials, cross-validation folds). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('training_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('job_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('parent_job_id', 'text')
    .addColumn('experiment', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('dataset_version_id', 'text', (c) => c.notNull())
    .addColumn('template', 'text', (c) => c.notNull())
    .addColumn('config_json', 'text', (c) => c.notNull())
    .addColumn('epochs_json', 'text', (c) => c.notNull())
    .addColumn('metrics_json', 'text')
    .addColumn('system_json', 'text')
    .addColumn('model_version_id', 'text')
    .addColumn('checkpoint_path', 'text')
    .addColumn('error_code', 'text')
    .addColumn('error_message', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .execute();
  await db.schema
    .createIndex('training_runs_job')
    .on('training_runs')
    .columns(['job_id'])
    .execute();
  await db.schema
    .createIndex('training_runs_created')
    .on('training_runs')
    .columns(['created_at'])
    .execute();
}
