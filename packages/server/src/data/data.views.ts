import type { AppContext } from '../context.ts';
import type { CleaningSummary, DatasetVersionView } from './data.schemas.ts';
import type { DatasetVersionRow } from './data.store.ts';
import * as store from './data.store.ts';
import type { VersionSchema } from './version-writer.ts';

/** Legacy rows (before kinds) stored `image-classification` with `{ shape, classes }`. */
export function parseSchema(row: Pick<DatasetVersionRow, 'kind' | 'schema_json'>): VersionSchema {
  const raw = JSON.parse(row.schema_json) as Record<string, unknown>;
  if (row.kind === 'image-classification' || row.kind === 'image') {
    return { kind: 'image', ...(raw as { shape: [number, number, number]; classes: string[] }) };
  }
  return { ...(raw as object), kind: row.kind } as VersionSchema;
}

export async function toView(ctx: AppContext, row: DatasetVersionRow): Promise<DatasetVersionView> {
  const schema = parseSchema(row);
  const splits = JSON.parse(row.splits_json) as Record<string, number>;
  const distribution = JSON.parse(row.label_distribution_json) as Record<string, number>;
  const extra = JSON.parse(row.schema_json) as { targetStats?: DatasetVersionView['targetStats'] };
  const task = schema.kind === 'tabular' ? schema.task : 'classification';
  let parent: string | null = null;
  if (row.parent_id) {
    const p = await store.findVersionById(ctx.db, row.parent_id);
    parent = p ? `${p.dataset}@${p.version}` : '(deleted)';
  }
  const report = row.report_json ? (JSON.parse(row.report_json) as CleaningSummary) : undefined;
  return {
    id: row.id,
    dataset: row.dataset,
    version: row.version,
    hash: row.hash,
    rowCount: row.row_count,
    kind: schema.kind,
    task,
    shape:
      schema.kind === 'image'
        ? schema.shape
        : schema.kind === 'tabular'
          ? [schema.columns.length]
          : [],
    classes: schema.classes,
    ...(schema.kind === 'tabular'
      ? { columns: schema.columns, targetName: schema.targetName }
      : {}),
    labelDistribution: distribution,
    ...(extra.targetStats ? { targetStats: extra.targetStats } : {}),
    warnings: task === 'classification' ? imbalanceWarnings(distribution) : [],
    splits: {
      train: splits.train ?? 0,
      test: splits.test ?? 0,
      validation: splits.validation ?? 0,
      seed: splits.seed ?? null,
    },
    ...(schema.sources ? { sources: schema.sources } : {}),
    source: row.source,
    parent,
    ...(report
      ? {
          cleaning: {
            inputRows: report.inputRows,
            keptRows: report.keptRows,
            droppedRows: report.droppedRows,
            // Counts only: the examples are in the full report (GET …/report).
            byRule: Object.fromEntries(
              Object.entries(report.byRule).map(([rule, r]) => [
                rule,
                { dropped: r.dropped, fixed: r.fixed },
              ]),
            ),
          },
        }
      : {}),
    createdAt: row.created_at,
  };
}

/**
 * Warnings a person should see before training: a class with fewer than 10 rows, or with less
 * than a third of the largest class (a model can then score well by ignoring it).
 */
export function imbalanceWarnings(distribution: Record<string, number>): string[] {
  const entries = Object.entries(distribution);
  if (entries.length === 0) return [];
  const largest = Math.max(...entries.map(([, n]) => n));
  const warnings: string[] = [];
  for (const [name, count] of entries) {
    if (count < 10) warnings.push(`class "${name}" has only ${count} rows`);
    else if (count * 3 < largest) {
      warnings.push(
        `class "${name}" has ${count} rows, ${(largest / count).toFixed(1)}x fewer than the largest class; consider class weights or more data`,
      );
    }
  }
  return warnings;
}
