import { createHash } from 'node:crypto';
import type { AppContext } from '@qudao/server';
import {
  closePeriod,
  createAccessToken,
  createApiKey,
  createCommissionRule,
  createCreditNote,
  createCustomer,
  createDeal,
  createFeedback,
  createPartner,
  createPlan,
  createProduct,
  decideMdf,
  listInvoices,
  listStatements,
  requestMdf,
  subscribe,
} from '@qudao/server';

/**
 * Two partners with a customer each, a direct customer, staff tokens, and a product on a stub
 * endpoint: the fixtures of the isolation tests. Tenant "a" is the caller, tenant "b" the victim.
 */
export async function seedTenants(ctx: AppContext) {
  const now = new Date().toISOString();
  await ctx.db
    .insertInto('endpoints')
    .values({
      id: 'ep_stub',
      name: 'stub',
      model_version_id: 'mv_stub',
      status: 'active',
      created_at: now,
      updated_at: now,
    })
    .execute();
  const plan = await createPlan(ctx, {
    name: 'Standard',
    currency: 'USD',
    quotaUnits: 1000,
    monthlyFeeMinor: 1000,
  });
  const product = await createProduct(ctx, { name: 'Stub API', endpoint: 'stub', plan: plan.id });
  const partnerA = await createPartner(ctx, {
    name: 'Alpha Reseller',
    tier: 'gold',
    region: 'APAC',
  });
  const partnerB = await createPartner(ctx, { name: 'Beta Integrator', channel: 'integrator' });
  const customerA = await createCustomer(ctx, { name: 'Acme', partnerId: partnerA.id });
  const customerB = await createCustomer(ctx, { name: 'Bolt Motors', partnerId: partnerB.id });
  const direct = await createCustomer(ctx, { name: 'Direct Co' });
  await subscribe(ctx, customerB.id, { productId: product.id, startedAt: '2020-01-01T00:00:00Z' });
  await createCommissionRule(ctx, { tier: 'registered', firstYearBps: 1000, renewalBps: 500 });
  const dealB = await createDeal(ctx, {
    company: 'Bolt Motors',
    customerId: customerB.id,
    partnerId: partnerB.id,
  });
  const closed = await closePeriod(ctx, {
    start: '2020-01-01T00:00:00Z',
    end: '2020-02-01T00:00:00Z',
  });
  const complaintB = await createFeedback(ctx, {
    kind: 'complaint',
    text: 'Bolt is unhappy',
    customerId: customerB.id,
  });
  const mdfB = await requestMdf(ctx, {
    partnerId: partnerB.id,
    purpose: 'trade fair',
    amountMinor: 5000,
  });
  await decideMdf(ctx, mdfB.id, 'approved');
  const [invoiceB] = await listInvoices(ctx);
  const [statementB] = await listStatements(ctx);
  if (!invoiceB || !statementB || !closed.periodId) throw new Error('no invoice or statement of B');
  const creditB = await createCreditNote(ctx, invoiceB.id, { amountMinor: 1, reason: 'goodwill' });
  const keyA = await createApiKey(ctx, customerA.id);
  const keyB = await createApiKey(ctx, customerB.id);
  const keyDirect = await createApiKey(ctx, direct.id);
  const tokenA = await createAccessToken(ctx, {
    role: 'partner',
    name: 'a',
    partnerId: partnerA.id,
  });
  const tokenB = await createAccessToken(ctx, {
    role: 'partner',
    name: 'b',
    partnerId: partnerB.id,
  });
  const analyst = await createAccessToken(ctx, { role: 'analyst', name: 'numbers' });
  const admin = await createAccessToken(ctx, { role: 'admin', name: 'ops' });
  return {
    plan,
    product,
    a: { partner: partnerA, customer: customerA, key: keyA, token: tokenA },
    b: {
      partner: partnerB,
      customer: customerB,
      key: keyB,
      token: tokenB,
      deal: dealB,
      complaint: complaintB,
      mdf: mdfB,
      invoice: invoiceB,
      statement: statementB,
      credit: creditB,
    },
    periodId: closed.periodId,
    direct: { customer: direct, key: keyDirect },
    analyst,
    admin,
  };
}

/** A hash of every row of every table: equal before and after = the request changed nothing. */
export async function databaseHash(ctx: AppContext): Promise<string> {
  const hash = createHash('sha256');
  const tables = await ctx.db.introspection.getTables();
  for (const table of tables.map((t) => t.name).sort()) {
    // biome-ignore lint/suspicious/noExplicitAny: every table, whatever its type
    const rows = await (ctx.db as any).selectFrom(table).selectAll().execute();
    hash.update(table).update(JSON.stringify(rows));
  }
  return hash.digest('hex');
}
