import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccessToken } from '../auth/access-tokens.service.ts';
import { createApiKey } from '../auth/auth.service.ts';
import { createCustomer, createPartner } from '../channels/channels.service.ts';
import { importDataset } from '../data/data.service.ts';
import { buildServer } from '../http/server.ts';
import { deploy } from '../serving/serving.service.ts';
import { setCanary } from '../serving/traffic.service.ts';
import { createTestContext, ManualClock, sellEndpoint } from '../testing/index.ts';
import { startTraining } from '../training/training.service.ts';
import { raiseAlert } from './alerts.service.ts';
import { rollUpAndRetain } from './prediction-log.service.ts';

const ROW = [5.1, 3.5, 1.4, 0.2];

describe('the prediction log, ground truth and roll-ups', () => {
  const clock = new ManualClock('2026-03-02T10:00:00.000Z');
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  let app: FastifyInstance;
  let alice: { key: string; id: string };
  let bob: { key: string; id: string };
  let partnerToken: string;
  let otherPartnerToken: string;

  const as = (token: string, method: 'GET' | 'POST', url: string, payload?: object) =>
    app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, payload });
  const predict = async (key: string, endpoint = 'flowers') => {
    const res = await as(key, 'POST', `/api/v1/endpoints/${endpoint}/predict`, { inputs: [ROW] });
    expect(res.statusCode).toBe(200);
    return res.json() as { predictionId: string; label: string; version: number };
  };

  beforeAll(async () => {
    ctx = await createTestContext({ clock });
    await importDataset(ctx, { name: 'iris', builtin: 'iris' });
    for (const epochs of [30, 1]) {
      const job = await startTraining(ctx, {
        dataset: 'iris',
        model: 'logistic-regression',
        modelName: 'iris-lr',
        epochs,
        batchSize: 16,
        learningRate: epochs === 1 ? 0.0005 : 0.1,
      });
      expect((await ctx.jobs.waitFor(job.id)).error).toBeNull();
    }
    await deploy(ctx, { name: 'flowers', model: 'iris-lr', version: 1 });
    await sellEndpoint(ctx, 'flowers');
    const partner = await createPartner(ctx, { name: 'Reseller A' });
    const other = await createPartner(ctx, { name: 'Reseller B' });
    const a = await createCustomer(ctx, { name: 'Alice Ltd', partnerId: partner.id });
    const b = await createCustomer(ctx, { name: 'Bob GmbH', partnerId: other.id });
    alice = { key: (await createApiKey(ctx, a.id)).key, id: a.id };
    bob = { key: (await createApiKey(ctx, b.id)).key, id: b.id };
    partnerToken = (
      await createAccessToken(ctx, { role: 'partner', name: 'a', partnerId: partner.id })
    ).token;
    otherPartnerToken = (
      await createAccessToken(ctx, { role: 'partner', name: 'b', partnerId: other.id })
    ).token;
    app = await buildServer(ctx);
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.dispose();
  });

  it('takes the true label from the customer who made the prediction, and no one else', async () => {
    const mine = await predict(alice.key);
    const wrong = mine.label === 'setosa' ? 'virginica' : 'setosa';
    const labelled = await as(
      alice.key,
      'POST',
      `/api/v1/predictions/${mine.predictionId}/feedback`,
      {
        label: wrong,
      },
    );
    expect(labelled.statusCode).toBe(200);
    expect(labelled.json()).toMatchObject({
      predictionId: mine.predictionId,
      label: wrong,
      correct: false,
    });
    const relabelled = await as(
      alice.key,
      'POST',
      `/api/v1/predictions/${mine.predictionId}/feedback`,
      {
        label: mine.label,
      },
    );
    expect(relabelled.json().correct).toBe(true);
    // Another customer, another partner: as if it did not exist; a partner may not label at all.
    for (const token of [bob.key, otherPartnerToken]) {
      const read = await as(token, 'GET', `/api/v1/predictions/${mine.predictionId}`);
      expect(read.statusCode).toBe(404);
      expect(read.json().error.code).toBe('monitoring.prediction_not_found');
    }
    const byBob = await as(bob.key, 'POST', `/api/v1/predictions/${mine.predictionId}/feedback`, {
      label: 'setosa',
    });
    expect(byBob.statusCode).toBe(404);
    const byPartner = await as(
      partnerToken,
      'POST',
      `/api/v1/predictions/${mine.predictionId}/feedback`,
      {
        label: 'setosa',
      },
    );
    expect(byPartner.statusCode).toBe(403);
    const badLabel = await as(
      alice.key,
      'POST',
      `/api/v1/predictions/${mine.predictionId}/feedback`,
      {
        label: 'tulip',
      },
    );
    expect(badLabel.json().error.code).toBe('monitoring.bad_label');
    // Alice's own partner reads it, with its label; the feedback still stands as Alice gave it.
    const read = await as(partnerToken, 'GET', `/api/v1/predictions/${mine.predictionId}`);
    expect(read.json()).toMatchObject({
      customerId: alice.id,
      feedback: { label: mine.label, correct: true },
    });
  });

  it('lists each tenant only its own logged calls', async () => {
    await predict(bob.key);
    const ofAlice = (await as(alice.key, 'GET', '/api/v1/predictions?endpoint=flowers')).json();
    const ofBob = (await as(bob.key, 'GET', '/api/v1/predictions')).json();
    const ofPartner = (await as(otherPartnerToken, 'GET', '/api/v1/predictions')).json();
    const all = (await as(ctx.ownerToken, 'GET', '/api/v1/predictions')).json();
    expect(ofAlice.length).toBeGreaterThan(0);
    expect(ofAlice.every((p: { customerId: string }) => p.customerId === alice.id)).toBe(true);
    expect(ofBob.every((p: { customerId: string }) => p.customerId === bob.id)).toBe(true);
    expect(ofPartner.map((p: { id: string }) => p.id)).toEqual(
      ofBob.map((p: { id: string }) => p.id),
    );
    expect(all.length).toBe(ofAlice.length + ofBob.length);
  });

  it('gives live accuracy per version over a sliding window, the canary’s apart', async () => {
    await setCanary(ctx, 'flowers', { version: 2, percent: 100 }, 'owner');
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await predict(bob.key));
    expect(answers.every((a) => a.version === 2)).toBe(true);
    for (const [i, a] of answers.entries()) {
      // The first four are labelled with the true class of the row (setosa), the rest not.
      if (i < 4) {
        const res = await as(bob.key, 'POST', `/api/v1/predictions/${a.predictionId}/feedback`, {
          label: 'setosa',
        });
        expect(res.statusCode).toBe(200);
      }
    }
    const right = answers.slice(0, 4).filter((a) => a.label === 'setosa').length;
    const live = (await as(ctx.ownerToken, 'GET', '/api/v1/endpoints/flowers/live')).json();
    const canary = live.versions.find((v: { arm: string }) => v.arm === 'canary');
    expect(canary).toMatchObject({
      version: 2,
      calls: 6,
      errors: 0,
      feedback: 4,
      accuracy: right / 4,
    });
    const primary = live.versions.find((v: { arm: string }) => v.arm === 'primary');
    expect(primary).toMatchObject({ version: 1, feedback: 1, accuracy: 1 });
    const window = (
      await as(ctx.ownerToken, 'GET', '/api/v1/endpoints/flowers/live?window=2')
    ).json();
    expect(window.versions.find((v: { arm: string }) => v.arm === 'canary').feedback).toBe(2);
  });

  it('samples primary calls but always logs the canary’s', async () => {
    const before = (await ctx.db.selectFrom('prediction_log').selectAll().execute()).length;
    ctx.config.monitoring.sample = 0;
    try {
      await setCanary(ctx, 'flowers', { version: 2, percent: 0 }, 'owner');
      for (let i = 0; i < 5; i++) await predict(bob.key);
      await ctx.monitoring.log.flush();
      expect((await ctx.db.selectFrom('prediction_log').selectAll().execute()).length).toBe(before);
      await setCanary(ctx, 'flowers', { version: 2, percent: 100 }, 'owner');
      for (let i = 0; i < 5; i++) await predict(bob.key);
      await ctx.monitoring.log.flush();
      expect((await ctx.db.selectFrom('prediction_log').selectAll().execute()).length).toBe(
        before + 5,
      );
    } finally {
      ctx.config.monitoring.sample = 1;
    }
  });

  it('rolls finished days up, then deletes their rows past the retention and past the cap', async () => {
    await ctx.monitoring.log.flush();
    const logged = await ctx.db.selectFrom('prediction_log').selectAll().execute();
    expect(new Set(logged.map((r) => r.day))).toEqual(new Set(['2026-03-02']));
    clock.set('2026-03-03T00:30:00.000Z');
    const first = await rollUpAndRetain(ctx);
    expect(first).toEqual({ rolledDays: ['2026-03-02'], deleted: 0 });
    const rollups = (
      await as(ctx.ownerToken, 'GET', '/api/v1/prediction-rollups?since=2026-03-01')
    ).json();
    const calls = rollups.reduce((s: number, r: { calls: number }) => s + r.calls, 0);
    expect(calls).toBe(logged.length);
    const canary = rollups.find((r: { arm: string }) => r.arm === 'canary');
    expect(canary).toMatchObject({ day: '2026-03-02', version: 2, feedback: 4 });
    // Rolled up once: a second pass adds nothing.
    expect((await rollUpAndRetain(ctx)).rolledDays).toEqual([]);
    clock.set('2026-03-10T00:30:00.000Z');
    const later = await rollUpAndRetain(ctx);
    expect(later.deleted).toBe(logged.length);
    expect(await ctx.db.selectFrom('prediction_log').selectAll().execute()).toEqual([]);
    expect(await ctx.db.selectFrom('prediction_feedback').selectAll().execute()).toEqual([]);
    // The roll-ups stay.
    expect(
      (await as(ctx.ownerToken, 'GET', '/api/v1/prediction-rollups?since=2026-03-01')).json(),
    ).toHaveLength(rollups.length);
    // Past the cap the oldest rows go first, whatever their day.
    ctx.config.monitoring.maxRows = 1000;
    try {
      const rows = Array.from({ length: 1200 }, (_, i) => ({
        ...logged[0]!,
        id: `pr_cap_${String(i).padStart(4, '0')}`,
        at: new Date(Date.parse('2026-03-10T00:00:00Z') + i * 1000).toISOString(),
        day: '2026-03-10',
      }));
      for (let i = 0; i < rows.length; i += 200) {
        await ctx.db
          .insertInto('prediction_log')
          .values(rows.slice(i, i + 200))
          .execute();
      }
      expect((await rollUpAndRetain(ctx)).deleted).toBe(200);
      const left = await ctx.db.selectFrom('prediction_log').select('id').orderBy('id').execute();
      expect(left).toHaveLength(1000);
      expect(left[0]!.id).toBe('pr_cap_0200');
    } finally {
      ctx.config.monitoring.maxRows = 1_000_000;
    }
  });

  it('records an alert whose webhook fails, with the reason, and lists it', async () => {
    ctx.config.monitoring.alertWebhook = 'http://127.0.0.1:9/unreachable';
    try {
      const alert = await raiseAlert(ctx, {
        kind: 'drift',
        endpoint: 'flowers',
        message: 'test alert',
        detail: {},
      });
      expect(alert.webhook.status).toBe('failed');
      expect(alert.webhook.error).toBeTruthy();
    } finally {
      ctx.config.monitoring.alertWebhook = undefined;
    }
    const listed = (await as(ctx.ownerToken, 'GET', '/api/v1/alerts?endpoint=flowers')).json();
    expect(listed[0]).toMatchObject({
      kind: 'drift',
      message: 'test alert',
      webhook: { status: 'failed' },
    });
    expect((await as(alice.key, 'GET', '/api/v1/alerts')).statusCode).toBe(403);
  });
});
