import {
  buildServer,
  createApiKey,
  createCustomer,
  createPlan,
  createProduct,
  deploy,
  importDataset,
  startTraining,
} from '@qudao/server';
import { createTestContext } from '@qudao/server/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** What a unit is: each row of a multi-row call, unless the plan bills per call. */
describe('metering units', () => {
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  let app: FastifyInstance;
  let key: string;
  let customerId: string;
  const rows = [
    [5.1, 3.5, 1.4, 0.2],
    [7.7, 3.0, 6.1, 2.3],
    [6.0, 2.9, 4.5, 1.5],
  ];
  const predict = (endpoint: string, inputs: unknown[]) =>
    app.inject({
      method: 'POST',
      url: `/api/v1/endpoints/${endpoint}/predict`,
      headers: { authorization: `Bearer ${key}` },
      payload: { inputs },
    });
  const quantities = async (endpoint: string) =>
    (
      await ctx.db
        .selectFrom('usage_events')
        .innerJoin('endpoints', 'endpoints.id', 'usage_events.endpoint_id')
        .select('usage_events.quantity')
        .where('endpoints.name', '=', endpoint)
        .orderBy('usage_events.occurred_at')
        .execute()
    ).map((e) => e.quantity);

  beforeAll(async () => {
    ctx = await createTestContext();
    await importDataset(ctx, { name: 'iris', builtin: 'iris' });
    const job = await startTraining(ctx, {
      dataset: 'iris',
      model: 'logistic-regression',
      modelName: 'iris-lr',
      epochs: 5,
      batchSize: 32,
    });
    expect((await ctx.jobs.waitFor(job.id)).error).toBeNull();
    for (const name of ['iris-rows', 'iris-calls']) {
      await deploy(ctx, { name, model: 'iris-lr', version: 1 });
    }
    const byRow = await createPlan(ctx, { name: 'Rows', currency: 'USD', quotaUnits: 100 });
    const byCall = await createPlan(ctx, {
      name: 'Calls',
      currency: 'USD',
      quotaUnits: 100,
      billedPer: 'call',
    });
    expect([byRow.billedPer, byCall.billedPer]).toEqual(['row', 'call']);
    await createProduct(ctx, { name: 'Rows API', endpoint: 'iris-rows', plan: byRow.id });
    await createProduct(ctx, { name: 'Calls API', endpoint: 'iris-calls', plan: byCall.id });
    const customer = await createCustomer(ctx, { name: 'Botanic Co' });
    customerId = customer.id;
    key = (await createApiKey(ctx, customer.id)).key;
    app = await buildServer(ctx);
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.dispose();
  });

  it('bills a 3-row {"inputs": [...]} call as 3 units', async () => {
    const res = await predict('iris-rows', rows);
    expect(res.statusCode).toBe(200);
    expect(res.json().predictions).toHaveLength(3);
    expect(res.headers['x-quota-remaining']).toBe('97');
    expect(await quantities('iris-rows')).toEqual([3]);
    const single = await predict('iris-rows', [rows[0]]);
    expect(single.headers['x-quota-remaining']).toBe('96');
    const usage = await app.inject({
      url: '/api/v1/usage?by=product',
      headers: { authorization: `Bearer ${ctx.ownerToken}` },
    });
    expect(usage.json().find((r: { name: string }) => r.name === 'Rows API')).toMatchObject({
      calls: 2,
      units: 4,
    });
  });

  it('bills one unit per call when the plan says so', async () => {
    const res = await predict('iris-calls', rows);
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-quota-remaining']).toBe('99');
    expect(await quantities('iris-calls')).toEqual([1]);
  });

  it('refuses a call whose rows do not fit in the hard quota, billing nothing', async () => {
    const tight = await createPlan(ctx, { name: 'Tight', currency: 'USD', quotaUnits: 2 });
    await deploy(ctx, { name: 'iris-tight', model: 'iris-lr', version: 1 });
    await createProduct(ctx, { name: 'Tight API', endpoint: 'iris-tight', plan: tight.id });
    const refused = await predict('iris-tight', rows);
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.code).toBe('metering.quota_exceeded');
    expect((await predict('iris-tight', rows.slice(0, 2))).statusCode).toBe(200);
    expect(await quantities('iris-tight')).toEqual([2]);
    const events = await ctx.db
      .selectFrom('usage_events')
      .select('customer_id')
      .where('customer_id', '=', customerId)
      .execute();
    expect(events).toHaveLength(4);
  });
});
