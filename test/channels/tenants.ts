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
  createRetailPlan,
  decideMdf,
  listInvoices,
  listStatements,
  listWholesaleInvoices,
  requestMdf,
  setProductCost,
  setWholesalePrice,
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
  // A reseller (tenant C, another victim): its customer's invoices are issued in its name.
  const partnerC = await createPartner(ctx, { name: 'Gamma Resale', model: 'wholesale' });
  const customerC = await createCustomer(ctx, { name: 'Gamma Shop', partnerId: partnerC.id });
  await setProductCost(ctx, product.id, { costMinor: 1, currency: 'USD' });
  await setWholesalePrice(ctx, {
    tier: 'registered',
    productId: product.id,
    priceMinor: 2,
    currency: 'USD',
  });
  await createRetailPlan(ctx, partnerC.id, {
    productId: product.id,
    name: 'Gamma Retail',
    monthlyFeeMinor: 500,
    tiers: [{ upTo: null, priceMinor: 3 }],
  });
  await subscribe(ctx, customerC.id, { productId: product.id, startedAt: '2020-01-01T00:00:00Z' });
  await ctx.db
    .insertInto('usage_events')
    .values({
      id: 'evt_of_c',
      endpoint_id: 'ep_stub',
      customer_id: customerC.id,
      partner_id: partnerC.id,
      api_key_id: 'key_of_c',
      occurred_at: '2020-01-15T00:00:00.000Z',
      latency_ms: 1,
      type: 'qudao.prediction',
      source: '/endpoints/stub',
      quantity: 10,
      product_id: product.id,
      idempotency_key: 'key-of-c',
      data_json: '{}',
    })
    .execute();
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
  const invoiceB = (await listInvoices(ctx)).find((i) => i.customerId === customerB.id);
  const invoiceC = (await listInvoices(ctx)).find((i) => i.customerId === customerC.id);
  const [wholesaleC] = await listWholesaleInvoices(ctx);
  const statementB = (await listStatements(ctx)).find((s) => s.partnerId === partnerB.id);
  if (!invoiceC || !wholesaleC) throw new Error('no retail or wholesale invoice of C');
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
  const tokenC = await createAccessToken(ctx, {
    role: 'partner',
    name: 'c',
    partnerId: partnerC.id,
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
    c: {
      partner: partnerC,
      customer: customerC,
      invoice: invoiceC,
      wholesale: wholesaleC,
      token: tokenC,
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
