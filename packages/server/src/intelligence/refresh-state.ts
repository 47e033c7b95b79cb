import type { Selectable } from 'kysely';
import type { AppContext } from '../context.ts';
import type { IntelligenceRefreshTable } from '../db/schema.ts';
import { intelligenceErrors } from './intelligence.errors.ts';
import type { ModelFigure, RefreshView } from './intelligence.schemas.ts';
import * as store from './intelligence.store.ts';

/** What a refresh keeps in `summary_json`: its figures and the version each model serves. */
export interface RefreshSummary {
  models: ModelFigure[];
  /** Models left out for too little data, and why. */
  skipped?: { model: string; reason: string }[];
  /** The triage model's confidence below which a person decides. */
  threshold?: number;
  error?: string;
}

export function refreshView(row: Selectable<IntelligenceRefreshTable>): RefreshView {
  const summary = JSON.parse(row.summary_json) as RefreshSummary;
  return {
    id: row.id,
    asOf: row.as_of,
    status: row.status as RefreshView['status'],
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    models: summary.models,
    skipped: summary.skipped ?? [],
    error: summary.error ?? null,
  };
}

/** The last successful refresh, or `intelligence.not_refreshed`. */
export async function currentRefresh(ctx: AppContext) {
  const row = await store.latestRefresh(ctx.db);
  if (!row) throw intelligenceErrors.notRefreshed();
  return { row, view: refreshView(row), summary: JSON.parse(row.summary_json) as RefreshSummary };
}

/** The figure (and so the version) of one model in the last refresh. */
export async function currentModel(ctx: AppContext, model: ModelFigure['model']) {
  const row = await store.latestRefresh(ctx.db);
  const summary = row ? (JSON.parse(row.summary_json) as RefreshSummary) : undefined;
  const figure = summary?.models.find((m) => m.model === model);
  if (!row || !figure) throw intelligenceErrors.modelNotTrained(model);
  return { refreshId: row.id, asOf: row.as_of, figure, threshold: summary?.threshold };
}
