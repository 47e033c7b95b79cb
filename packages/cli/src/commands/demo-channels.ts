import {
  type AppContext,
  channelReport,
  deploy,
  digitRows,
  formatMinor,
  importDataset,
  listCustomers,
  predict,
  seedChannelsDemo,
  startTraining,
  writeMnistSubset,
} from '@qudao/server';

/**
 * `qudao demo --channels`: a seeded year of channel sales on two real endpoints (a small mlp
 * trained on 300 MNIST images), then real metered calls for this month and the KPI report.
 */
export async function runChannelsDemo(ctx: AppContext, opts: { seed?: number }) {
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
    `2. seed a year of partners, customers, usage, deals and feedback (seed ${opts.seed ?? 42})`,
  );
  const seeded = await seedChannelsDemo(ctx, {
    endpoints: ['digits', 'digits-pro'],
    seed: opts.seed,
  });
  console.log(
    `   ${seeded.partners} partners, ${seeded.customers} customers, ${seeded.usageEvents} usage events, ${seeded.deals} deals, ${seeded.periods} months closed`,
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
  // The default report: the last complete month, the one the demo closed last.
  const report = await channelReport(ctx);
  console.log(`4. channel report of ${report.period.label} (qudao report channels)`);
  console.log(
    `   win rate ${report.salesEfficiency.winRate}, CSAT ${report.customerRelations.csat}, NPS ${report.customerRelations.nps}, partner revenue share ${report.strategy.partnerRevenueShare}`,
  );
  for (const row of report.profitability.byChannel) {
    console.log(
      `   ${row.name.padEnd(12)} revenue ${formatMinor(row.revenueMinor, row.currency).padStart(10)}  commission ${formatMinor(row.commissionMinor, row.currency).padStart(9)}  margin ${formatMinor(row.marginMinor, row.currency).padStart(10)}`,
    );
  }
}
