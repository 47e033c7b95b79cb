import { type AppContext, loadSplitDataset } from '@qudao/server';

/** The two endpoints the demo sells, as rows (the tests need no trained digits model). */
export async function insertStubEndpoints(ctx: AppContext) {
  for (const name of ['digits', 'digits-pro']) {
    await ctx.db
      .insertInto('endpoints')
      .values({
        id: `ep_${name}`,
        name,
        model_version_id: 'mv',
        status: 'active',
        created_at: '2024-01-01T00:00:00.000Z',
        updated_at: '2024-01-01T00:00:00.000Z',
      })
      .execute();
  }
}

/** Every row of a version of the triage data set, as text and class name. */
export async function loadTriageRows(ctx: AppContext, version: number) {
  const { train } = await loadSplitDataset(ctx, 'intelligence-triage', version);
  if (train.kind !== 'text') throw new Error('the triage data set holds texts');
  return train.texts.map((text, i) => ({ text, label: train.classes[train.labels[i]!]! }));
}

/**
 * A finished refresh with outputs for tenant B (its customer's segment and scores, its deal,
 * its partner's forecast series) and an inquiry of B's customer: what the isolation matrix
 * reaches for. Written as rows: the matrix tests who sees them, not how they were computed.
 */
export async function seedIntelligenceOf(
  ctx: AppContext,
  b: { partnerId: string; customerId: string; dealId: string },
) {
  const models = [
    'segments',
    'churn',
    'high_value',
    'deals',
    'forecast',
    'opportunities',
    'triage',
  ];
  const figure = (model: string) => ({
    model,
    version: {
      modelVersionId: `mv_${model}`,
      ref: `intelligence-${model}@1`,
      dataset: `intelligence-${model}@1`,
      datasetHash: '0'.repeat(64),
      trainedOn: { from: '2019-01', to: '2019-09' },
      heldOut: { from: '2019-10', to: '2019-12' },
    },
    metric: 'roc_auc',
    higherIsBetter: true,
    value: 0.9,
    baseline: { name: 'recency', value: 0.6 },
    beatsBaseline: true,
    details: { k: 3 },
  });
  await ctx.db
    .insertInto('intelligence_refreshes')
    .values({
      id: 'ref_fixture',
      seq: 1,
      as_of: '2020-01-01T00:00:00.000Z',
      started_at: '2020-01-02T00:00:00.000Z',
      finished_at: '2020-01-02T00:10:00.000Z',
      status: 'succeeded',
      summary_json: JSON.stringify({ models: models.map(figure), threshold: 0.6 }),
    })
    .execute();
  const output = (
    model: string,
    kind: string,
    subject: string,
    detail: object,
    customer = true,
  ) => ({
    id: `out_${model}_of_b`,
    refresh_id: 'ref_fixture',
    model,
    model_version_id: `mv_${model}`,
    subject_kind: kind,
    subject_id: subject,
    customer_id: customer ? b.customerId : null,
    partner_id: b.partnerId,
    score: 0.8,
    label: model === 'segments' ? 'Champions' : model === 'deals' ? 'lead' : 'partner',
    detail_json: JSON.stringify(detail),
  });
  const customerDetail = {
    customerName: 'Bolt Motors',
    region: 'EU',
    industry: 'retail',
    rfm: { r: 5, f: 5, m: 5 },
    cluster: 0,
    clusterName: 'Champions-like',
    drivers: ['Bolt Motors calls daily'],
    reasons: [{ feature: 'recency_days', value: 1, effect: 0.1 }],
  };
  await ctx.db
    .insertInto('intelligence_outputs')
    .values([
      output('segments', 'customer', b.customerId, customerDetail),
      output('churn', 'customer', b.customerId, customerDetail),
      output('high_value', 'customer', b.customerId, customerDetail),
      output('deals', 'deal', b.dealId, {
        company: 'Bolt Motors',
        valueMinor: 100,
        currency: 'USD',
        baselineProbability: 0.5,
        reasons: [],
      }),
      output(
        'forecast',
        'series',
        `partner:${b.partnerId}:revenue`,
        {
          by: 'partner',
          id: b.partnerId,
          name: 'Beta Integrator',
          metric: 'revenue',
          history: [],
          heldOut: [],
          forecast: [],
        },
        false,
      ),
    ])
    .execute();
  await ctx.db
    .insertInto('inquiries')
    .values({
      id: 'inq_of_b',
      customer_id: b.customerId,
      partner_id: b.partnerId,
      text: 'Bolt Motors: the API is down',
      language: 'en',
      received_at: '2020-01-03T00:00:00.000Z',
      source: 'api',
      category: 'technical',
      confidence: 0.9,
      model_version_id: null,
      route: 'partner',
      routed_partner_id: b.partnerId,
      status: 'routed',
      final_category: null,
      corrected_by: null,
      corrected_at: null,
    })
    .execute();
  return { inquiryId: 'inq_of_b' };
}
