import {
  binaryLogLoss,
  fitNaiveBayes,
  type NaiveBayesModel,
  predictNaiveBayes,
  rocAuc,
} from '@qudao/ml';
import type { AppContext } from '../context.ts';
import type { IntelligenceOutputTable } from '../db/schema.ts';
import { newId } from '../shared/ids.ts';
import {
  type BinaryModel,
  compareBinaryCandidates,
  predictBinary,
  type Rows,
  reasonsOf,
} from './binary-candidates.ts';
import { type BusinessData, DAY } from './business-data.ts';
import { intelligenceErrors } from './intelligence.errors.ts';
import type { ModelFigure } from './intelligence.schemas.ts';
import { datasetVersionOf, loadClassicModel, modelRef, trainedVersion } from './lifecycle.ts';

type Deal = BusinessData['deals'][number];
type Partner = BusinessData['partners'][number];

export const DEAL_COLUMNS = [
  'log10_value',
  'source_partner',
  'source_direct',
  'source_inbound',
  'source_event',
  'source_referral',
  'source_marketplace',
  'tier_registered',
  'tier_silver',
  'tier_gold',
  'tier_platinum',
  'channel_reseller',
  'channel_referral',
  'channel_integrator',
  'channel_marketplace',
  'partner_win_logit',
  'log_partner_closed',
  'big',
  'big_with_top_tier',
] as const;
/** The naive Bayes baseline's fields, as a CRM records them. */
export const DEAL_FIELDS = ['source', 'tier', 'channel', 'partner', 'value_band'] as const;

/**
 * Deals are judged in cohorts whose outcomes are all known: a deal closes within four months,
 * so the held-out cohort is the deals created in the three months that ended six months before
 * `asOf`, and the training deals were created four months or more before that cohort.
 */
const COHORT_MONTHS = 3;
const SETTLE_MONTHS = 4;
const COHORT_END = 6;

export interface DealArtifact {
  model: BinaryModel;
  baseline: NaiveBayesModel;
}

/** Won and closed deals of each partner before an instant: its smoothed win rate then. */
export class PartnerRecord {
  private readonly closed = new Map<string | null, { at: string; won: boolean }[]>();

  constructor(deals: Deal[]) {
    for (const d of deals) {
      if ((d.stage !== 'won' && d.stage !== 'lost') || !d.closedAt) continue;
      const list = this.closed.get(d.partnerId) ?? [];
      list.push({ at: d.closedAt, won: d.stage === 'won' });
      this.closed.set(d.partnerId, list);
    }
  }

  /** (wins + 5 × overall rate) / (closed + 5), from deals closed before `at`. */
  rate(partnerId: string | null, at: string): { rate: number; closed: number } {
    let wins = 0;
    let all = 0;
    let gw = 0;
    let ga = 0;
    for (const [id, list] of this.closed) {
      for (const c of list) {
        if (c.at >= at) continue;
        ga++;
        if (c.won) gw++;
        if (id === partnerId) {
          all++;
          if (c.won) wins++;
        }
      }
    }
    const overall = (gw + 1) / (ga + 2);
    return { rate: (wins + 5 * overall) / (all + 5), closed: all };
  }
}

/** The feature row and the naive Bayes record of a deal sold by `partner`, as of `at`. */
export function dealRow(
  deal: Pick<Deal, 'valueMinor' | 'source'>,
  partner: Partner | null,
  record: PartnerRecord,
  at: string,
) {
  const value = Math.log10(Math.max(deal.valueMinor, 100) / 100);
  const tier = partner?.tier ?? 'none';
  const channel = partner?.channel ?? 'direct';
  const history = record.rate(partner?.id ?? null, at);
  const big = value >= Math.log10(200_000);
  const source = partner && deal.source === 'direct' ? 'partner' : deal.source;
  const features = [
    value,
    ...['partner', 'direct', 'inbound', 'event', 'referral', 'marketplace'].map((s) =>
      source === s ? 1 : 0,
    ),
    ...['registered', 'silver', 'gold', 'platinum'].map((t) => (tier === t ? 1 : 0)),
    ...['reseller', 'referral', 'integrator', 'marketplace'].map((c) => (channel === c ? 1 : 0)),
    // Log-odds, the scale a logistic model adds on.
    Math.log(history.rate / (1 - history.rate)),
    Math.log1p(history.closed),
    big ? 1 : 0,
    big && (tier === 'gold' || tier === 'platinum') ? 1 : 0,
  ];
  const fields = [
    source,
    tier,
    channel,
    partner?.id ?? 'direct',
    (Math.floor(value * 2) / 2).toFixed(1),
  ];
  return { features, fields };
}

const isOpenAt = (d: Deal, at: string) =>
  d.createdAt < at &&
  (d.closedAt === null || d.closedAt >= at || (d.stage !== 'won' && d.stage !== 'lost'));

/**
 * Deal scoring: logistic regression and gradient boosting on the deal's source, value and
 * partner (tier, channel, its win record so far), the one served chosen on the last training
 * months, against Odoo-style naive Bayes per field; trained on deals created and closed before
 * the held-out months, scored on the deals created in them; then every open deal scored.
 */
export async function scoreDeals(
  ctx: AppContext,
  data: BusinessData,
  refreshId: string,
): Promise<{ figure: ModelFigure; outputs: IntelligenceOutputTable[] }> {
  const m = data.months.length;
  if (m < COHORT_END + COHORT_MONTHS + SETTLE_MONTHS + 3)
    throw intelligenceErrors.tooLittleData('deal scoring', 'sixteen months of deals');
  const at = (i: number) => new Date(data.months[i]!.start).toISOString();
  const cutoff = at(m - COHORT_END - COHORT_MONTHS);
  const cohortEnd = at(m - COHORT_END);
  const trainEnd = at(m - COHORT_END - COHORT_MONTHS - SETTLE_MONTHS);
  const partners = new Map(data.partners.map((p) => [p.id, p]));
  const record = new PartnerRecord(
    data.deals.filter((d) => d.closedAt !== null && d.closedAt < data.asOf),
  );
  const closed = data.deals
    .filter(
      (d) => (d.stage === 'won' || d.stage === 'lost') && d.closedAt && d.closedAt < data.asOf,
    )
    .sort((a, b) =>
      a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1,
    );
  const rows = closed.map((d) => ({
    d,
    ...dealRow(d, d.partnerId ? (partners.get(d.partnerId) ?? null) : null, record, d.createdAt),
  }));
  const train = rows.filter((r) => r.d.createdAt < trainEnd && r.d.closedAt! < cutoff);
  const test = rows.filter((r) => r.d.createdAt >= cutoff && r.d.createdAt < cohortEnd);
  if (train.length < 50 || test.length < 20) {
    throw intelligenceErrors.tooLittleData(
      'deal scoring',
      '50 closed deals before the held-out months and 20 in them',
    );
  }
  const dataset = await datasetVersionOf(
    ctx,
    'intelligence-deals',
    {
      kind: 'tabular',
      columns: ['created_month', ...DEAL_COLUMNS],
      features: Float32Array.from(
        rows.flatMap((r) => [Number(r.d.createdAt.slice(0, 7).replace('-', '')), ...r.features]),
      ),
      rowCount: rows.length,
      task: 'classification',
      labels: Uint16Array.from(rows, (r) => (r.d.stage === 'won' ? 1 : 0)),
      classes: ['lost', 'won'],
      targetName: 'won',
    },
    'intelligence:deals',
  );
  const label = (ms: number) => new Date(ms).toISOString().slice(0, 7);
  const period = {
    trainedOn: {
      from: train[0]!.d.createdAt.slice(0, 7),
      to: label(data.months[m - COHORT_END - COHORT_MONTHS - SETTLE_MONTHS - 1]!.start),
    },
    heldOut: { from: cutoff.slice(0, 7), to: label(data.months[m - COHORT_END - 1]!.start) },
  };
  const { version } = await trainedVersion(ctx, {
    model: 'intelligence-deals',
    template: 'logistic-regression|gradient-boosting',
    dataset,
    config: {
      candidates: ['logistic-regression', 'gradient-boosting'],
      features: [...DEAL_COLUMNS],
      baseline: { model: 'naive-bayes', fields: [...DEAL_FIELDS] },
      l2: 1,
      period,
    },
    refreshId,
    train: async () => {
      const rowsOf = (list: typeof train): Rows => ({
        x: Float64Array.from(list.flatMap((r) => r.features)),
        y: Float64Array.from(list, (r) => (r.d.stage === 'won' ? 1 : 0)),
      });
      // The candidate is chosen on the last three training months, fitted on the ones before.
      const early = new Date(Date.parse(trainEnd) - 91 * DAY).toISOString();
      const result = compareBinaryCandidates({
        columns: [...DEAL_COLUMNS],
        select: 'logLoss',
        boosting: { trees: 100, depth: 2, learningRate: 0.05, minLeaf: 30 },
        early: rowsOf(train.filter((r) => r.d.createdAt < early && r.d.closedAt! < trainEnd)),
        validation: rowsOf(train.filter((r) => r.d.createdAt >= early)),
        train: rowsOf(train),
        test: rowsOf(test),
      });
      const y = rowsOf(train).y;
      const baseline = fitNaiveBayes(
        train.map((r) => r.fields),
        y,
        [...DEAL_FIELDS],
        ['lost', 'won'],
      );
      const won = test.map((r) => r.d.stage === 'won');
      const q = test.map((r) => predictNaiveBayes(baseline, r.fields)[1]!);
      return {
        metrics: {
          chosen: result.metrics.chosen,
          logLoss: result.metrics.test.logLoss,
          rocAuc: result.metrics.test.rocAuc,
          calibrationError: result.metrics.test.calibrationError,
          candidates: Object.fromEntries(
            Object.entries(result.metrics.candidates).map(([k, v]) => [
              k,
              { logLoss: v.logLoss, rocAuc: v.rocAuc },
            ]),
          ),
          baseline: { logLoss: binaryLogLoss(q, won), rocAuc: rocAuc(q, won) },
          trainDeals: train.length,
          testDeals: test.length,
          testWinRate: won.filter(Boolean).length / won.length,
        },
        signature: {
          kind: 'tabular',
          task: 'classification',
          inputShape: [DEAL_COLUMNS.length],
          classes: ['lost', 'won'],
          columns: [...DEAL_COLUMNS],
        },
        artifact: { json: { model: result.chosen, baseline } satisfies DealArtifact },
      };
    },
  });
  const artifact = await loadClassicModel<DealArtifact>(ctx, version);
  const metrics = version.metrics as {
    logLoss: number;
    rocAuc: number;
    baseline: { logLoss: number; rocAuc: number };
  } & Record<string, unknown>;
  const outputs = data.deals
    .filter((d) => isOpenAt(d, data.asOf))
    .map((d) => {
      const partner = d.partnerId ? (partners.get(d.partnerId) ?? null) : null;
      const row = dealRow(d, partner, record, data.asOf);
      const p = predictBinary(artifact.model, Float64Array.from(row.features))[0]!;
      return {
        id: newId('out'),
        refresh_id: refreshId,
        model: 'deals',
        model_version_id: version.id,
        subject_kind: 'deal',
        subject_id: d.id,
        customer_id: d.customerId,
        partner_id: d.partnerId,
        score: p,
        label: d.stage,
        detail_json: JSON.stringify({
          company: d.company,
          valueMinor: d.valueMinor,
          currency: d.currency,
          baselineProbability: predictNaiveBayes(artifact.baseline, row.fields)[1],
          reasons: reasonsOf(artifact.model, row.features),
        }),
      } satisfies IntelligenceOutputTable;
    });
  return {
    figure: {
      model: 'deals',
      version: modelRef(version),
      metric: 'log_loss',
      higherIsBetter: false,
      value: metrics.logLoss,
      baseline: { name: 'naive Bayes per field (Odoo-style)', value: metrics.baseline.logLoss },
      beatsBaseline: metrics.logLoss < metrics.baseline.logLoss,
      details: { ...metrics },
    },
    outputs,
  };
}
