import {
  type AppContext,
  channelReport,
  deploy,
  digitRows,
  formatMinor,
  importDataset,
  listCustomers,
  predict,
  refreshIntelligence,
  seedChannelsDemo,
  startTraining,
  submitInquiry,
  writeMnistSubset,
} from '@qudao/server';

/**
 * `qudao demo --channels`: a seeded company selling through channels on two real endpoints (a
 * small mlp trained on 300 MNIST images), real metered calls for this month, the intelligence
 * models trained on it, and the KPI report. `--scale year` seeds the small year instead.
 */
export async function runChannelsDemo(
  ctx: AppContext,
  opts: { seed?: number; scale?: 'year' | 'company' },
) {
  const scale = opts.scale ?? 'company';
  console.log('1. train a small digits model and deploy it as "digits" and "digits-pro"');
  const files = await writeMnistSubset(ctx.paths.tmp, 300);
  await importDataset(ctx, { name: 'demo-digits', idx: files });
  const job = await startTraining(ctx, {
    dataset: 'demo-digits',
    model: 'mlp',
    epochs: 1,
    batchSize: 64,
  });
  const done = await ctx.jobs.waitFor(job.id);
  if (done.status !== 'succeeded')
    throw new Error(`training failed: ${done.error?.message ?? done.status}`);
  for (const name of ['digits', 'digits-pro'])
    await deploy(ctx, { name, model: 'demo-digits-mlp', version: 1 });

  console.log(
    `2. seed ${scale === 'company' ? 'two years of a company' : 'a year'}: partners, customers, usage, deals, feedback${scale === 'company' ? ', tickets' : ''} (seed ${opts.seed ?? 42})`,
  );
  const seededAt = Date.now();
  const seeded = await seedChannelsDemo(ctx, {
    endpoints: ['digits', 'digits-pro'],
    seed: opts.seed,
    scale,
  });
  console.log(
    `   ${seeded.partners} partners, ${seeded.customers} customers, ${seeded.usageEvents} usage events, ${'tickets' in seeded ? `${seeded.tickets} tickets, ` : ''}${seeded.deals} deals, ${seeded.periods} months closed (${((Date.now() - seededAt) / 1000).toFixed(0)} s)`,
  );
  const last = seeded.lastPeriod;
  const billed = last.invoices.reduce((s, i) => s + i.totalMinor, 0);
  const commission = last.statements.reduce((s, i) => s + i.totalMinor, 0);
  console.log(
    `   last closed month ${last.start.slice(0, 7)}: invoiced ${formatMinor(billed, 'USD')} USD, commissions ${formatMinor(commission, 'USD')} USD`,
  );

  console.log('3. real calls through the endpoints with six customers’ keys (metered)');
  const customers = await listCustomers(ctx);
  let calls = 0;
  for (const { customerId, keyId } of seeded.keys.slice(0, 6)) {
    const customer = customers.find((c) => c.id === customerId)!;
    const principal = {
      kind: 'customer' as const,
      customerId,
      partnerId: customer.partnerId,
      apiKeyId: keyId,
      products: null,
    };
    const endpoint =
      customer.size === 'large' || customer.size === 'enterprise' ? 'digits-pro' : 'digits';
    for (let i = 0; i < 3; i++) {
      await predict(
        ctx,
        endpoint,
        { kind: 'json', image: digitRows(files.mnist.images, calls) },
        principal,
      );
      calls++;
    }
  }
  console.log(`   ${calls} calls metered`);
  if (scale === 'company') await demoIntelligence(ctx, seeded.keys[0]?.customerId);
  // The default report: the last complete month, the one the demo closed last.
  const report = await channelReport(ctx);
  console.log(`5. channel report of ${report.period.label} (qudao report channels)`);
  console.log(
    `   win rate ${report.salesEfficiency.winRate}, CSAT ${report.customerRelations.csat}, NPS ${report.customerRelations.nps}, partner revenue share ${report.strategy.partnerRevenueShare}`,
  );
  for (const row of report.profitability.byChannel) {
    console.log(
      `   ${row.name.padEnd(12)} revenue ${formatMinor(row.revenueMinor, row.currency).padStart(10)}  commission ${formatMinor(row.commissionMinor, row.currency).padStart(9)}  margin ${formatMinor(row.marginMinor, row.currency).padStart(10)}`,
    );
  }
}

/** Trains the intelligence models on the company (a small text-model budget) and routes one inquiry. */
async function demoIntelligence(ctx: AppContext, customerId: string | undefined) {
  console.log('4. train the intelligence models on it (qudao intelligence refresh)');
  const started = Date.now();
  const view = await refreshIntelligence(ctx, { triage: { epochs: 3, maxTrainRows: 4000 } });
  for (const m of view.models) {
    const verdict = m.beatsBaseline ? 'beats' : 'does NOT beat';
    console.log(
      `   ${m.model.padEnd(13)} ${m.version.ref.padEnd(30)} ${m.metric} ${m.value?.toFixed(3)} vs ${m.baseline.value?.toFixed(3)} (${m.baseline.name}): ${verdict} it`,
    );
  }
  console.log(
    `   ${((Date.now() - started) / 1000).toFixed(0)} s; qudao intelligence show lists them again`,
  );
  if (!customerId) return;
  const inquiry = await submitInquiry(ctx, {
    text: '您好！digits接口从今天早上开始大约30%的请求返回502错误，请尽快回复。',
    customerId,
  });
  console.log(
    `   an inquiry in Chinese → ${inquiry.category} (${((inquiry.confidence ?? 0) * 100).toFixed(0)}%), routed to ${inquiry.route} by ${inquiry.modelVersion}`,
  );
}
