import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../auth/api-keys.service.ts';
import { createCustomer } from '../channels/channels.service.ts';
import { importDataset } from '../data/data.service.ts';
import { digitRows, writeMnistSubset } from '../demo/mnist-subset.ts';
import { buildServer } from '../http/server.ts';
import { createPlan, createProduct } from '../plans/plans.service.ts';
import { createTestContext, ManualClock } from '../testing/index.ts';
import { startTraining } from '../training/training.service.ts';
import { deploy } from './serving.service.ts';

/** Liveness, readiness and the Prometheus metrics of a serving server (#12 Monitoring, Lifecycle). */
describe('health, readiness and /metrics', () => {
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  let app: FastifyInstance;
  let key: string;
  let digit: number[][];
  const get = (url: string, token?: string) =>
    app.inject({ method: 'GET', url, headers: token ? { authorization: `Bearer ${token}` } : {} });

  beforeAll(async () => {
    // Time stands still: the rate limit's bucket never refills during the test.
    ctx = await createTestContext({ clock: new ManualClock(new Date('2026-03-02T10:00:00Z')) });
    const files = await writeMnistSubset(ctx.paths.tmp, 300);
    digit = digitRows(files.mnist.images, 0);
    await importDataset(ctx, { name: 'digits', idx: files });
    const job = await startTraining(ctx, {
      dataset: 'digits',
      model: 'mlp',
      epochs: 1,
      batchSize: 64,
    });
    expect((await ctx.jobs.waitFor(job.id)).error).toBeNull();
    await deploy(ctx, { name: 'digits', model: 'digits-mlp', version: 1 });
    const plan = await createPlan(ctx, {
      name: 'Tiny',
      currency: 'USD',
      ratePerSecond: 1,
      burst: 3,
    });
    await createProduct(ctx, { name: 'Digits', endpoint: 'digits', plan: plan.id });
    key = (await createApiKey(ctx, (await createCustomer(ctx, { name: 'Hooli' })).id)).key;
    app = await buildServer(ctx);
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.dispose();
  });

  it('is live at once and ready once the database answers and the endpoints are warm', async () => {
    const health = await get('/api/v1/health');
    expect(health.statusCode).toBe(200);
    expect(health.json().status).toBe('ok');
    let ready = await get('/api/v1/ready');
    for (let i = 0; i < 100 && ready.statusCode === 503; i++) {
      expect(ready.json().error.code).toBe('server.not_ready');
      await new Promise((r) => setTimeout(r, 100));
      ready = await get('/api/v1/ready');
    }
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({
      status: 'ready',
      database: 'ok',
      warmed: ['digits'],
      failed: [],
    });
  });

  it('counts latency by endpoint and version, batches, loads, errors by code and metering', async () => {
    const calls = await Promise.all(
      Array.from({ length: 5 }, () =>
        app.inject({
          method: 'POST',
          url: '/api/v1/endpoints/digits/predict',
          headers: { authorization: `Bearer ${key}` },
          payload: { image: digit },
        }),
      ),
    );
    expect(calls.map((c) => c.statusCode).sort()).toEqual([200, 200, 200, 429, 429]);
    expect((await get('/api/v1/metrics', key)).statusCode).toBe(403);
    const metrics = await get('/api/v1/metrics', ctx.ownerToken);
    expect(metrics.statusCode).toBe(200);
    expect(metrics.headers['content-type']).toContain('text/plain');
    const text = metrics.body;
    const value = (line: string) => {
      const found = text.split('\n').find((l) => l.startsWith(`${line} `));
      return found === undefined ? undefined : Number(found.slice(line.length + 1));
    };
    const ep = 'endpoint="digits",model="digits-mlp",version="1"';
    expect(value(`qudao_predict_duration_seconds_count{${ep}}`)).toBe(3);
    expect(value(`qudao_batch_rows_sum{${ep}}`)).toBe(3);
    expect(value(`qudao_queue_rows{${ep}}`)).toBe(0);
    const dispatched = ['full', 'deadline', 'idle'].map(
      (reason) => value(`qudao_batch_dispatch_total{${ep},reason="${reason}"}`) ?? 0,
    );
    expect(dispatched.reduce((a, b) => a + b, 0)).toBe(value(`qudao_batch_rows_count{${ep}}`));
    expect(
      value('qudao_model_load_seconds_count{model="digits-mlp",version="1",format="tfjs"}'),
    ).toBe(1);
    expect(value('qudao_models_loaded')).toBe(1);
    expect(
      value('qudao_metering_admissions_total{endpoint="digits",outcome="admitted",code=""}'),
    ).toBe(3);
    expect(
      value(
        'qudao_metering_admissions_total{endpoint="digits",outcome="refused",code="metering.rate_limited"}',
      ),
    ).toBe(2);
    expect(
      value('qudao_predict_errors_total{endpoint="digits",code="metering.rate_limited"}'),
    ).toBe(2);
    expect(
      value(
        'qudao_http_errors_total{route="/api/v1/endpoints/:name/predict",code="metering.rate_limited",status="429"}',
      ),
    ).toBe(2);
    expect(
      value('qudao_http_errors_total{route="/api/v1/metrics",code="auth.forbidden",status="403"}'),
    ).toBe(1);
    expect(text).toContain('qudao_nodejs_eventloop_lag_seconds');
  });
});
