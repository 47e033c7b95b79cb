import type { AppContext } from '../context.ts';
import type { IntelligenceOutputTable } from '../db/schema.ts';
import { isAppError } from '../shared/app-error.ts';
import { newId } from '../shared/ids.ts';
import { parseInput } from '../shared/validate.ts';
import { loadBusinessData } from './business-data.ts';
import { customerHistories } from './customer-panel.ts';
import { scoreCustomers } from './customer-scoring.ts';
import { scoreDeals } from './deal-scoring.ts';
import { forecastDemand } from './forecasting.ts';
import { intelligenceErrors } from './intelligence.errors.ts';
import {
  type ModelFigure,
  type RefreshInput,
  RefreshSchema,
  type RefreshView,
} from './intelligence.schemas.ts';
import * as store from './intelligence.store.ts';
import { rankOpportunities } from './opportunities.ts';
import { type RefreshSummary, refreshView } from './refresh-state.ts';
import { segmentCustomers } from './segmentation.ts';
import { DEFAULT_THRESHOLD } from './triage.service.ts';
import { trainTriage } from './triage-model.ts';

/**
 * `qudao intelligence refresh`: reads the business up to the last closed month, rebuilds each
 * model's data set (a new version only where the data changed), retrains where the data set or
 * config changed (else the same registry version serves on), measures each model against its
 * baseline on held-out later months, and replaces the served outputs in one transaction.
 */
export async function refreshIntelligence(
  ctx: AppContext,
  input: RefreshInput = {},
  options: { refreshId?: string; onStep?: (step: string) => void } = {},
): Promise<RefreshView> {
  const request = parseInput(RefreshSchema, input, 'refresh');
  const step = options.onStep ?? (() => {});
  const data = await loadBusinessData(ctx, request.asOf);
  const id = options.refreshId ?? newId('ref');
  const started = ctx.clock.now().toISOString();
  await store.insertRefresh(ctx.db, {
    id,
    as_of: data.asOf,
    started_at: started,
    finished_at: null,
    status: 'running',
    summary_json: JSON.stringify({ models: [] } satisfies RefreshSummary),
  });
  const figures: ModelFigure[] = [];
  const outputs: IntelligenceOutputTable[] = [];
  const skipped: { model: string; reason: string }[] = [];
  try {
    const histories = customerHistories(data);
    step(
      `data before ${data.asOf.slice(0, 10)}: ${data.customers.length} customers, ${data.months.length} months`,
    );
    // A model without enough data is skipped (and says why); the others still refresh.
    const run = async (
      models: ModelFigure['model'][],
      train: () => Promise<{ figures: ModelFigure[]; outputs?: IntelligenceOutputTable[] }>,
    ) => {
      try {
        const result = await train();
        figures.push(...result.figures);
        outputs.push(...(result.outputs ?? []));
        step(models.join(' and '));
      } catch (error) {
        if (!isAppError(error) || error.code !== 'intelligence.too_little_data') throw error;
        for (const model of models) skipped.push({ model, reason: error.message });
        step(`${models.join(' and ')} skipped: ${error.message}`);
      }
    };
    const one = async (
      r: Promise<{ figure: ModelFigure; outputs?: IntelligenceOutputTable[] }>,
    ) => {
      const { figure, outputs } = await r;
      return { figures: [figure], outputs };
    };
    await run(['segments'], () => one(segmentCustomers(ctx, data, histories, id)));
    await run(['churn', 'high_value'], () => scoreCustomers(ctx, data, histories, id));
    await run(['deals'], () => one(scoreDeals(ctx, data, id)));
    await run(['forecast'], () => one(forecastDemand(ctx, data, id)));
    await run(['opportunities'], () => one(rankOpportunities(ctx, data, histories, id)));
    if (!request.skipTriage)
      await run(['triage'], () => one(trainTriage(ctx, data, id, request.triage)));
    if (!figures.some((f) => f.model === 'triage')) {
      // The text model keeps serving as last trained (skipped, or too few inquiries yet).
      const last = await store.latestRefresh(ctx.db);
      const previous =
        last &&
        (JSON.parse(last.summary_json) as RefreshSummary).models.find((m) => m.model === 'triage');
      if (previous) figures.push(previous);
    }
    if (figures.length === 0)
      throw intelligenceErrors.tooLittleData(
        'any intelligence model',
        skipped.map((s) => s.reason).join('; '),
      );
    await store.replaceOutputs(ctx.db, id, outputs);
    await store.updateRefresh(ctx.db, id, {
      status: 'succeeded',
      finished_at: ctx.clock.now().toISOString(),
      summary_json: JSON.stringify({
        models: figures,
        skipped,
        threshold: DEFAULT_THRESHOLD,
      } satisfies RefreshSummary),
    });
  } catch (error) {
    await store.updateRefresh(ctx.db, id, {
      status: 'failed',
      finished_at: ctx.clock.now().toISOString(),
      summary_json: JSON.stringify({
        models: figures,
        error: (error as Error).message,
      } satisfies RefreshSummary),
    });
    throw error;
  }
  return refreshView((await store.findRefresh(ctx.db, id))!);
}

/** Past refreshes, newest first. */
export async function listRefreshes(ctx: AppContext): Promise<RefreshView[]> {
  return (await store.listRefreshes(ctx.db, 50)).map(refreshView);
}
