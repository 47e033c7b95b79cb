import { getCustomer, listPartners } from '../channels/channels.service.ts';
import type { AppContext } from '../context.ts';
import { getDeal, listDeals } from '../deals/deals.service.ts';
import { getModelVersionById } from '../registry/registry.service.ts';
import { OWNER, type Principal } from '../shared/principal.ts';
import { parseInput } from '../shared/validate.ts';
import { predictBinary } from './binary-candidates.ts';
import { type DealArtifact, dealRow, PartnerRecord } from './deal-scoring.ts';
import { intelligenceErrors } from './intelligence.errors.ts';
import {
  type CustomerScore,
  type CustomerSegment,
  type DealScore,
  ForecastQuerySchema,
  type ForecastSeries,
  type ModelFigure,
  type Opportunity,
  ScoreQuerySchema,
} from './intelligence.schemas.ts';
import * as store from './intelligence.store.ts';
import { loadClassicModel } from './lifecycle.ts';
import { currentModel, currentRefresh } from './refresh-state.ts';

type Output = Awaited<ReturnType<typeof store.listOutputs>>[number];

/** The partner a viewer is narrowed to (staff: none). Customers do not reach these reads. */
const partnerOf = (viewer: Principal) => (viewer.kind === 'partner' ? viewer.partnerId : undefined);

async function outputsOf(
  ctx: AppContext,
  model: ModelFigure['model'],
  viewer: Principal,
  extra: { customerId?: string; subjectId?: string } = {},
) {
  const current = await currentModel(ctx, model);
  const rows = await store.listOutputs(ctx.db, {
    refreshId: current.refreshId,
    model,
    partnerId: partnerOf(viewer),
    ...extra,
  });
  return { ...current, rows };
}

/** The models of the last refresh: versions, lineage, held-out figures against baselines. */
export async function currentModels(ctx: AppContext) {
  return (await currentRefresh(ctx)).view;
}

function segmentOf(row: Output): CustomerSegment {
  const d = JSON.parse(row.detail_json);
  return {
    customerId: row.subject_id,
    customerName: d.customerName,
    partnerId: row.partner_id,
    region: d.region,
    industry: d.industry,
    segment: row.label!,
    rfm: d.rfm,
    cluster: d.cluster,
    clusterName: d.clusterName,
    drivers: d.drivers,
  };
}

function scoreOf(row: Output, rank: number): CustomerScore {
  const d = JSON.parse(row.detail_json);
  return {
    customerId: row.subject_id,
    customerName: d.customerName,
    partnerId: row.partner_id,
    probability: row.score!,
    rank,
    reasons: d.reasons,
  };
}

const countBy = (rows: CustomerSegment[]) => {
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.segment, (counts.get(r.segment) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([segment, customers]) => ({ segment, customers }));
};

export async function getSegments(ctx: AppContext, viewer: Principal = OWNER) {
  const { figure, asOf, rows } = await outputsOf(ctx, 'segments', viewer);
  const customers = rows.map(segmentOf);
  const group = <K extends string>(key: (c: CustomerSegment) => K) => {
    const groups = new Map<K, CustomerSegment[]>();
    for (const c of customers) groups.set(key(c), [...(groups.get(key(c)) ?? []), c]);
    return [...groups].sort((a, b) => (a[0] < b[0] ? -1 : 1));
  };
  return {
    modelVersion: figure.version,
    asOf,
    k: figure.details.k as number,
    silhouette: figure.value ?? 0,
    customers,
    byPartner: group((c) => c.partnerId ?? '').map(([partnerId, list]) => ({
      partnerId: partnerId || null,
      counts: countBy(list),
    })),
    byCell: group((c) => `${c.region ?? '?'}|${c.industry ?? '?'}`).map(([key, list]) => {
      const [region, industry] = key.split('|') as [string, string];
      return { region, industry, counts: countBy(list) };
    }),
  };
}

export async function getScores(
  ctx: AppContext,
  query: { kind?: string; limit?: number } = {},
  viewer: Principal = OWNER,
) {
  const q = parseInput(ScoreQuerySchema, query, 'score query');
  const { figure, asOf, rows } = await outputsOf(ctx, q.kind, viewer);
  return {
    kind: q.kind,
    modelVersion: figure.version,
    asOf,
    customers: rows.slice(0, q.limit).map((r, i) => scoreOf(r, i + 1)),
  };
}

export async function getCustomerIntelligence(
  ctx: AppContext,
  customerId: string,
  viewer: Principal = OWNER,
) {
  const customer = await getCustomer(ctx, customerId, viewer);
  const { view } = await currentRefresh(ctx);
  const one = async (model: ModelFigure['model']) => {
    if (!view.models.some((m) => m.model === model)) return null;
    const { rows } = await outputsOf(ctx, model, viewer, { customerId: customer.id });
    return rows[0] ?? null;
  };
  const segment = await one('segments');
  const rank = async (model: 'churn' | 'high_value') => {
    const row = await one(model);
    if (!row) return null;
    const all = (await outputsOf(ctx, model, OWNER)).rows;
    return scoreOf(row, all.findIndex((r) => r.subject_id === row.subject_id) + 1);
  };
  return {
    customerId: customer.id,
    segment: segment ? segmentOf(segment) : null,
    churn: await rank('churn'),
    highValue: await rank('high_value'),
    models: view.models
      .filter((m) => ['segments', 'churn', 'high_value'].includes(m.model))
      .map((m) => m.version),
  };
}

function dealScoreOf(row: Output, modelVersion: string): DealScore {
  const d = JSON.parse(row.detail_json);
  return {
    dealId: row.subject_id,
    company: d.company,
    partnerId: row.partner_id,
    stage: row.label!,
    valueMinor: d.valueMinor,
    currency: d.currency,
    winProbability: row.score!,
    baselineProbability: d.baselineProbability,
    expectedValueMinor: Math.round(row.score! * d.valueMinor),
    reasons: d.reasons,
    modelVersion,
  };
}

export async function getDealScores(ctx: AppContext, viewer: Principal = OWNER) {
  const { figure, asOf, rows } = await outputsOf(ctx, 'deals', viewer);
  const deals = rows
    .map((r) => dealScoreOf(r, figure.version.ref))
    .sort((a, b) => b.expectedValueMinor - a.expectedValueMinor || (a.dealId < b.dealId ? -1 : 1));
  return { modelVersion: figure.version, asOf, deals };
}

export async function getDealScore(ctx: AppContext, dealId: string, viewer: Principal = OWNER) {
  const deal = await getDeal(ctx, dealId, viewer);
  const { figure, rows } = await outputsOf(ctx, 'deals', viewer, { subjectId: deal.id });
  if (!rows[0]) throw intelligenceErrors.notScored(`deal ${deal.id}`);
  return dealScoreOf(rows[0], figure.version.ref);
}

/** Lead distribution: every partner's predicted win probability for an open direct lead. */
export async function rankLeadPartners(ctx: AppContext, dealId: string) {
  const deal = await getDeal(ctx, dealId);
  if (
    deal.partnerId ||
    deal.registration !== 'direct' ||
    deal.stage === 'won' ||
    deal.stage === 'lost'
  ) {
    throw intelligenceErrors.notALead();
  }
  const { figure } = await currentModel(ctx, 'deals');
  const version = await getModelVersionById(ctx, figure.version.modelVersionId);
  if (!version) throw intelligenceErrors.modelNotTrained('deals');
  const { model } = await loadClassicModel<DealArtifact>(ctx, version);
  const record = new PartnerRecord(await listDeals(ctx));
  const at = ctx.clock.now().toISOString();
  const partners = (await listPartners(ctx)).map((p) => {
    const row = dealRow({ ...deal, source: 'partner' }, p, record, at);
    const winProbability = predictBinary(model, Float64Array.from(row.features))[0]!;
    return {
      partnerId: p.id,
      name: p.name,
      winProbability,
      expectedValueMinor: Math.round(winProbability * deal.valueMinor),
    };
  });
  partners.sort(
    (a, b) => b.winProbability - a.winProbability || (a.partnerId < b.partnerId ? -1 : 1),
  );
  return { dealId: deal.id, modelVersion: figure.version.ref, partners };
}

export async function getForecasts(
  ctx: AppContext,
  query: { by?: string; metric?: string } = {},
  viewer: Principal = OWNER,
) {
  const q = parseInput(ForecastQuerySchema, query, 'forecast query');
  const { figure, asOf, rows } = await outputsOf(ctx, 'forecast', viewer);
  const series = rows
    .map((r) => JSON.parse(r.detail_json) as ForecastSeries)
    .filter((s) => s.by === q.by && s.metric === q.metric)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { modelVersion: figure.version, asOf, series };
}

export async function getOpportunities(ctx: AppContext) {
  const { figure, asOf, rows } = await outputsOf(ctx, 'opportunities', OWNER);
  const cells = rows
    .map((r) => JSON.parse(r.detail_json) as Opportunity)
    .sort((a, b) => a.rank - b.rank);
  return { modelVersion: figure.version, asOf, cells };
}
