import type { AppContext } from '../context.ts';
import type { IntelligenceReport } from './intelligence.schemas.ts';
import {
  getDealScores,
  getForecasts,
  getOpportunities,
  getScores,
  getSegments,
} from './intelligence.service.ts';
import * as store from './intelligence.store.ts';
import { currentRefresh } from './refresh-state.ts';
import { listInquiries } from './triage.service.ts';

/**
 * The channel report's intelligence sections (owner view): segments, top churn risks with
 * their reasons, the scored pipeline, routed inquiries, top opportunities, forecast against
 * actual. null until the first refresh.
 */
export async function intelligenceReport(ctx: AppContext): Promise<IntelligenceReport | null> {
  if (!(await store.latestRefresh(ctx.db))) return null;
  const { view } = await currentRefresh(ctx);
  const has = (model: string) => view.models.some((m) => m.model === model);
  /** A section, or null where the last refresh skipped its model. */
  const section = async <T>(model: string, make: () => Promise<T>) => (has(model) ? make() : null);
  const counts = new Map(
    (await store.countInquiriesByStatus(ctx.db)).map((r) => [r.status, Number(r.n)]),
  );
  const triage = view.models.find((m) => m.model === 'triage');
  return {
    refreshId: view.id,
    asOf: view.asOf,
    models: view.models,
    segments: await section('segments', async () => {
      const segments = await getSegments(ctx);
      const counted = new Map<string, number>();
      for (const c of segments.customers) counted.set(c.segment, (counted.get(c.segment) ?? 0) + 1);
      return {
        modelVersion: segments.modelVersion.ref,
        k: segments.k,
        counts: [...counted]
          .sort((a, b) => b[1] - a[1])
          .map(([segment, customers]) => ({ segment, customers })),
      };
    }),
    churnRisks: await section('churn', async () => {
      const churn = await getScores(ctx, { kind: 'churn', limit: 5 });
      return { modelVersion: churn.modelVersion.ref, customers: churn.customers };
    }),
    pipeline: await section('deals', async () => {
      const deals = await getDealScores(ctx);
      return {
        modelVersion: deals.modelVersion.ref,
        openDeals: deals.deals.length,
        expectedValueMinor: deals.deals.reduce((a, d) => a + d.expectedValueMinor, 0),
        top: deals.deals.slice(0, 5),
      };
    }),
    inquiries: {
      modelVersion: triage?.version.ref ?? null,
      routed: counts.get('routed') ?? 0,
      needsReview: counts.get('needs_review') ?? 0,
      corrected: counts.get('corrected') ?? 0,
      latest: (await listInquiries(ctx, { limit: 20 }))
        .filter((q) => q.modelVersion !== null)
        .slice(0, 5),
    },
    opportunities: await section('opportunities', async () => {
      const market = await getOpportunities(ctx);
      return { modelVersion: market.modelVersion.ref, top: market.cells.slice(0, 3) };
    }),
    forecast: await section('forecast', async () => {
      const forecasts = await getForecasts(ctx, { by: 'channel', metric: 'revenue' });
      return {
        modelVersion: forecasts.modelVersion.ref,
        byChannel: forecasts.series.map((s) => ({
          channel: s.name,
          ...s.heldOut.at(-1)!,
          next: s.forecast[0]!,
        })),
      };
    }),
  };
}
