import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../auth/auth.service.ts';
import { createCustomer } from '../channels/channels.service.ts';
import { importDataset } from '../data/data.service.ts';
import { buildServer } from '../http/server.ts';
import { setAlias } from '../registry/registry-lifecycle.service.ts';
import type { Principal } from '../shared/principal.ts';
import { createTestContext, sellEndpoint } from '../testing/index.ts';
import { startTraining } from '../training/training.service.ts';
import { deploy, getEndpoint } from './serving.service.ts';
import * as store from './serving.store.ts';
import { promote, rollback, setCanary } from './traffic.service.ts';
import { callerBucket, chooseVersion, inCanary } from './traffic-route.ts';
import { endpointHistory } from './traffic-view.ts';

const ROWS = [
  [5.1, 3.5, 1.4, 0.2],
  [7.7, 3.0, 6.1, 2.3],
  [6.0, 2.9, 4.5, 1.5],
  [4.9, 3.0, 1.4, 0.2],
  [6.3, 3.3, 6.0, 2.5],
  [5.7, 2.8, 4.1, 1.3],
];

describe('the canary split', () => {
  const ids = Array.from({ length: 10_000 }, (_, i) => `customer:cus_${i.toString(36)}`);

  it('puts the set share of 10,000 callers on the canary, within ±3 points', () => {
    for (const percent of [5, 20, 50, 90]) {
      const share =
        (ids.filter((id) => inCanary('ep_split', id, percent)).length / ids.length) * 100;
      expect(Math.abs(share - percent), `${percent}% → ${share.toFixed(2)}%`).toBeLessThanOrEqual(
        3,
      );
    }
    expect(ids.filter((id) => inCanary('ep_split', id, 0))).toEqual([]);
    expect(ids.every((id) => inCanary('ep_split', id, 100))).toBe(true);
  });

  it('keeps each caller on its side, and a larger share only adds callers', () => {
    const at10 = ids.filter((id) => inCanary('ep_split', id, 10));
    for (const id of ids.slice(0, 500)) {
      expect(inCanary('ep_split', id, 10)).toBe(inCanary('ep_split', id, 10));
    }
    const at30 = new Set(ids.filter((id) => inCanary('ep_split', id, 30)));
    for (const id of at10) expect(at30.has(id)).toBe(true);
    // Another endpoint draws its own callers.
    const elsewhere = ids.filter((id) => inCanary('ep_other', id, 10));
    expect(elsewhere).not.toEqual(at10);
    expect(callerBucket('ep_split', ids[0]!)).toBe(callerBucket('ep_split', ids[0]!));
  });
});

describe('endpoint traffic: aliases, canary, shadow, promote, rollback', () => {
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  let app: FastifyInstance;
  const keys: { key: string; customerId: string }[] = [];

  const call = (key: string, name: string, inputs: unknown[]) =>
    app.inject({
      method: 'POST',
      url: `/api/v1/endpoints/${name}/predict`,
      headers: { authorization: `Bearer ${key}` },
      payload: { inputs },
    });
  const events = async () => (await ctx.db.selectFrom('usage_events').selectAll().execute()).length;
  const logged = async () => {
    await ctx.monitoring.log.flush();
    return ctx.db.selectFrom('prediction_log').selectAll().execute();
  };

  beforeAll(async () => {
    ctx = await createTestContext();
    await importDataset(ctx, { name: 'iris', builtin: 'iris' });
    // v1 barely trained (a different answer to compare against), v2 trained properly.
    for (const [epochs, learningRate] of [
      [1, 0.0005],
      [30, 0.1],
    ] as const) {
      const job = await startTraining(ctx, {
        dataset: 'iris',
        model: 'logistic-regression',
        modelName: 'iris-lr',
        epochs,
        batchSize: 16,
        learningRate,
      });
      expect((await ctx.jobs.waitFor(job.id)).error).toBeNull();
    }
    for (let i = 0; i < 40; i++) {
      const customer = await createCustomer(ctx, { name: `Customer ${i}` });
      keys.push({ key: (await createApiKey(ctx, customer.id)).key, customerId: customer.id });
    }
    app = await buildServer(ctx);
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.dispose();
  });

  it('routes by alias: moving the alias moves traffic; a pinned endpoint stays', async () => {
    await setAlias(ctx, 'iris-lr', 'production', 1, 'owner');
    const byAlias = await deploy(ctx, { name: 'flowers', model: 'iris-lr', alias: 'production' });
    await sellEndpoint(ctx, 'flowers');
    await deploy(ctx, { name: 'pinned', model: 'iris-lr', version: 1 });
    await sellEndpoint(ctx, 'pinned');
    expect(byAlias).toMatchObject({ version: 1, traffic: { alias: 'production', canary: null } });
    expect((await call(keys[0]!.key, 'flowers', [ROWS[0]])).json().version).toBe(1);
    await setAlias(ctx, 'iris-lr', 'production', 2, 'owner');
    expect((await call(keys[0]!.key, 'flowers', [ROWS[0]])).json().version).toBe(2);
    expect((await call(keys[0]!.key, 'pinned', [ROWS[0]])).json().version).toBe(1);
    expect((await getEndpoint(ctx, 'flowers')).version).toBe(2);
  });

  it('deploys by alias with its own batching over HTTP, and refuses both a version and an alias', async () => {
    await setAlias(ctx, 'iris-lr', 'batched', 2, 'owner');
    const deployed = await app.inject({
      method: 'POST',
      url: '/api/v1/endpoints',
      headers: { authorization: `Bearer ${ctx.ownerToken}` },
      payload: {
        name: 'batched',
        model: 'iris-lr',
        alias: 'batched',
        batching: { maxBatchRows: 8 },
      },
    });
    expect(deployed.statusCode).toBe(201);
    expect(deployed.json()).toMatchObject({
      version: 2,
      batching: { maxBatchRows: 8, maxDelayMs: ctx.config.batching.maxDelayMs },
      traffic: { alias: 'batched' },
    });
    const both = await app.inject({
      method: 'POST',
      url: '/api/v1/endpoints',
      headers: { authorization: `Bearer ${ctx.ownerToken}` },
      payload: { name: 'batched', model: 'iris-lr', alias: 'batched', version: 2 },
    });
    expect(both.statusCode).toBe(400);
  });

  it('keeps each customer on one side of a 30% canary over HTTP, and meters every call once', async () => {
    await deploy(ctx, { name: 'split', model: 'iris-lr', version: 1 });
    await sellEndpoint(ctx, 'split');
    const owner = { kind: 'owner' } as const;
    const view = await setCanary(ctx, 'split', { version: 2, percent: 30 }, 'owner');
    expect(view.traffic.canary).toMatchObject({
      model: 'iris-lr',
      version: 2,
      alias: null,
      percent: 30,
    });
    const endpointId = (await store.findEndpointByName(ctx.db, 'split'))!.id;
    const before = await events();
    const seen = new Map<string, Set<number>>();
    for (let round = 0; round < 5; round++) {
      for (const { key, customerId } of keys) {
        const res = await call(key, 'split', [ROWS[round % ROWS.length]]);
        expect(res.statusCode).toBe(200);
        const versions = seen.get(customerId) ?? new Set();
        versions.add(res.json().version);
        seen.set(customerId, versions);
      }
    }
    let canaryCustomers = 0;
    for (const [customerId, versions] of seen) {
      expect([...versions], customerId).toHaveLength(1);
      const expected = inCanary(endpointId, `customer:${customerId}`, 30) ? 2 : 1;
      expect([...versions][0]).toBe(expected);
      if (expected === 2) canaryCustomers++;
    }
    expect(canaryCustomers).toBeGreaterThan(0);
    expect(canaryCustomers).toBeLessThan(keys.length);
    // Each call one usage event of one unit, whichever version answered.
    const usage = await ctx.db
      .selectFrom('usage_events')
      .selectAll()
      .where('endpoint_id', '=', endpointId)
      .execute();
    expect(usage).toHaveLength(200);
    expect(usage.every((u) => u.quantity === 1)).toBe(true);
    expect((await events()) - before).toBe(200);
    const rows = (await logged()).filter((r) => r.endpoint === 'split');
    expect(rows.filter((r) => r.arm === 'canary')).toHaveLength(canaryCustomers * 5);
    expect(rows.filter((r) => r.arm === 'primary')).toHaveLength(
      (keys.length - canaryCustomers) * 5,
    );
    // The owner's test calls are not billed, and land on one side too.
    const choice = await chooseVersion(
      ctx,
      (await store.findEndpointByName(ctx.db, 'split'))!,
      owner,
    );
    expect(choice.arm).toBe(inCanary(endpointId, 'owner', 30) ? 'canary' : 'primary');
  });

  it('drives the selection over 10,000 callers: the split holds within ±3 points', async () => {
    const row = (await store.findEndpointByName(ctx.db, 'split'))!;
    let canary = 0;
    for (let i = 0; i < 10_000; i++) {
      const principal: Principal = {
        kind: 'customer',
        customerId: `cus_${i}`,
        partnerId: null,
        apiKeyId: `key_${i}`,
      };
      const choice = await chooseVersion(ctx, row, principal);
      if (choice.arm === 'canary') {
        canary++;
        expect(choice.version.version).toBe(2);
      } else expect(choice.version.version).toBe(1);
    }
    expect(Math.abs(canary / 100 - 30)).toBeLessThanOrEqual(3);
  });

  it('shadows: answers are logged and compared, never returned, and not metered', async () => {
    await deploy(ctx, { name: 'shadowed', model: 'iris-lr', version: 2 });
    await sellEndpoint(ctx, 'shadowed');
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/endpoints/shadowed/shadow',
      headers: { authorization: `Bearer ${ctx.ownerToken}` },
      payload: { version: 1 },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().traffic.shadow).toMatchObject({ version: 1, percent: 100 });
    const before = await events();
    const answers = [];
    for (let i = 0; i < 30; i++) {
      const r = await call(keys[i % keys.length]!.key, 'shadowed', [ROWS[i % ROWS.length]]);
      expect(r.statusCode).toBe(200);
      answers.push(r.json());
    }
    expect((await events()) - before).toBe(30);
    // Shadow calls run after the answers; closing waits for them (here: let them finish).
    while (ctx.monitoring.shadows.running > 0) await new Promise((r) => setTimeout(r, 10));
    const rows = (await logged()).filter((r) => r.endpoint === 'shadowed');
    const shadows = rows.filter((r) => r.arm === 'shadow');
    expect(shadows).toHaveLength(30);
    let disagreed = 0;
    for (const answer of answers) {
      expect(answer.version).toBe(2);
      expect(Object.keys(answer).sort()).toEqual([
        'billed',
        'endpoint',
        'label',
        'latencyMs',
        'model',
        'predictionId',
        'predictions',
        'probabilities',
        'version',
      ]);
      const primary = rows.find((r) => r.id === answer.predictionId)!;
      const shadow = shadows.find((s) => s.shadow_of === answer.predictionId)!;
      expect(shadow.version).toBe(1);
      expect(JSON.parse(primary.output_json!).labels[0]).toBe(answer.label);
      if (shadow.agrees === 0) {
        disagreed++;
        expect(JSON.parse(shadow.output_json!).labels[0]).not.toBe(answer.label);
      }
    }
    // The barely trained v1 answers otherwise at times: the comparison is not vacuous.
    expect(disagreed).toBeGreaterThan(0);
    // Staff see the shadow's answer in the log; the customer who called never does.
    const asStaff = await app.inject({
      url: `/api/v1/predictions/${answers[0].predictionId}`,
      headers: { authorization: `Bearer ${ctx.ownerToken}` },
    });
    expect(asStaff.json().shadows).toHaveLength(1);
    const asCaller = await app.inject({
      url: `/api/v1/predictions/${answers[0].predictionId}`,
      headers: { authorization: `Bearer ${keys[0]!.key}` },
    });
    expect(asCaller.statusCode).toBe(200);
    expect(asCaller.json().shadows).toEqual([]);
    const stopped = await app.inject({
      method: 'DELETE',
      url: '/api/v1/endpoints/shadowed/shadow',
      headers: { authorization: `Bearer ${ctx.ownerToken}` },
    });
    expect(stopped.json().traffic.shadow).toBeNull();
  });

  it('promotes and rolls back with one call each, and the history says who did what', async () => {
    await deploy(ctx, { name: 'release', model: 'iris-lr', version: 1 });
    const post = (url: string, payload?: object) =>
      app.inject({
        method: 'POST',
        url,
        headers: { authorization: `Bearer ${ctx.ownerToken}` },
        payload: payload ?? {},
      });
    expect((await post('/api/v1/endpoints/release/promote')).json().error.code).toBe(
      'serving.no_canary',
    );
    expect(
      (await post('/api/v1/endpoints/release/canary', { version: 2, percent: 10 })).statusCode,
    ).toBe(200);
    const promoted = await post('/api/v1/endpoints/release/promote', { reason: 'looks good' });
    expect(promoted.json()).toMatchObject({ version: 2, traffic: { canary: null } });
    const rolled = await post('/api/v1/endpoints/release/rollback', {
      reason: 'customers complain',
    });
    expect(rolled.json()).toMatchObject({ version: 1, traffic: { canary: null } });
    expect((await post('/api/v1/endpoints/release/rollback')).json().error.code).toBe(
      'serving.nothing_to_roll_back',
    );
    await setCanary(ctx, 'release', { version: 2, percent: 50 }, 'admin:tok_x');
    await rollback(ctx, 'release', { reason: 'canary ended' }, 'owner');
    const history = await endpointHistory(ctx, 'release');
    expect(history.map((e) => [e.action, e.actor])).toEqual([
      ['deploy', 'owner'],
      ['canary', 'owner'],
      ['promote', 'owner'],
      ['rollback', 'owner'],
      ['canary', 'admin:tok_x'],
      ['rollback', 'owner'],
    ]);
    expect(history[2]!.detail).toMatchObject({ from: 1, to: 2, reason: 'looks good' });
    expect(history[3]!.detail).toMatchObject({ undid: 'promote', from: 2, to: 1 });
    expect(history[5]!.detail).toMatchObject({ undid: 'canary', canary: 2, primary: 1 });
    const over = await app.inject({
      url: '/api/v1/endpoints/release/history',
      headers: { authorization: `Bearer ${ctx.ownerToken}` },
    });
    expect(over.json()).toHaveLength(6);
  });

  it('promotes an alias endpoint by moving the alias (and every endpoint on it follows)', async () => {
    await setAlias(ctx, 'iris-lr', 'stable', 1, 'owner');
    await deploy(ctx, { name: 'stable-a', model: 'iris-lr', alias: 'stable' });
    await deploy(ctx, { name: 'stable-b', model: 'iris-lr', alias: 'stable' });
    await setCanary(ctx, 'stable-a', { version: 2, percent: 20 }, 'owner');
    await promote(ctx, 'stable-a', {}, 'owner');
    expect((await getEndpoint(ctx, 'stable-b')).version).toBe(2);
    await rollback(ctx, 'stable-a', {}, 'owner');
    expect((await getEndpoint(ctx, 'stable-b')).version).toBe(1);
  });

  it('refuses a canary of the version already served, and a canary for analysts', async () => {
    await expect(
      setCanary(ctx, 'pinned', { version: 1, percent: 10 }, 'owner'),
    ).rejects.toMatchObject({
      code: 'serving.bad_traffic',
    });
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/endpoints/pinned/canary',
      headers: { authorization: `Bearer ${keys[0]!.key}` },
      payload: { version: 2, percent: 10 },
    });
    expect(res.statusCode).toBe(403);
  });
});
