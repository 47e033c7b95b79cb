import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  buildServer,
  createAccessToken,
  createApiKey,
  createCustomer,
  deploy,
  importDataset,
  startTraining,
} from '@qudao/server';
import { createTestContext } from '@qudao/server/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sellEndpoints } from './channels/sell.ts';

const run = promisify(execFile);
const qudao = path.resolve(import.meta.dirname, '../bin/qudao.js');

/** An endpoint can be stopped and started again; a stopped one answers a clear error, unbilled. */
describe('stopping and starting an endpoint', () => {
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  let app: FastifyInstance;
  let key: string;
  let admin: string;
  let analyst: string;
  const row = { inputs: [[5.1, 3.5, 1.4, 0.2]] };

  const call = (method: 'GET' | 'POST', url: string, token: string, payload?: object) =>
    app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, payload });
  const usageEvents = async () =>
    (await ctx.db.selectFrom('usage_events').selectAll().execute()).length;

  beforeAll(async () => {
    ctx = await createTestContext();
    await importDataset(ctx, { name: 'iris', builtin: 'iris' });
    const job = await startTraining(ctx, {
      dataset: 'iris',
      model: 'logistic-regression',
      modelName: 'iris-lr',
      epochs: 20,
      batchSize: 16,
      learningRate: 0.1,
    });
    expect((await ctx.jobs.waitFor(job.id)).error).toBeNull();
    await deploy(ctx, { name: 'flowers', model: 'iris-lr', version: 1 });
    await sellEndpoints(ctx, ['flowers']);
    const customer = await createCustomer(ctx, { name: 'Botanic Co' });
    key = (await createApiKey(ctx, customer.id)).key;
    admin = (await createAccessToken(ctx, { role: 'admin', name: 'ops' })).token;
    analyst = (await createAccessToken(ctx, { role: 'analyst', name: 'numbers' })).token;
    app = await buildServer(ctx);
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.dispose();
  });

  it('stops over HTTP: predictions answer 409 serving.endpoint_stopped and bill nothing', async () => {
    expect((await call('POST', '/api/v1/endpoints/flowers/predict', key, row)).statusCode).toBe(
      200,
    );
    const billed = await usageEvents();
    expect(billed).toBe(1);

    const stopped = await call('POST', '/api/v1/endpoints/flowers/stop', admin);
    expect(stopped.statusCode).toBe(200);
    expect(stopped.json()).toMatchObject({ name: 'flowers', status: 'stopped' });
    expect((await call('GET', '/api/v1/endpoints/flowers', ctx.ownerToken)).json().status).toBe(
      'stopped',
    );
    for (const token of [key, ctx.ownerToken]) {
      const refused = await call('POST', '/api/v1/endpoints/flowers/predict', token, row);
      expect(refused.statusCode).toBe(409);
      expect(refused.json().error.code).toBe('serving.endpoint_stopped');
      expect(refused.json().error.message).toContain('start');
    }
    expect(await usageEvents()).toBe(billed);

    const started = await call('POST', '/api/v1/endpoints/flowers/start', ctx.ownerToken);
    expect(started.json()).toMatchObject({ name: 'flowers', status: 'active' });
    expect((await call('POST', '/api/v1/endpoints/flowers/predict', key, row)).statusCode).toBe(
      200,
    );
    expect(await usageEvents()).toBe(billed + 1);
  });

  it('is for staff only, and names an unknown endpoint', async () => {
    for (const token of [analyst, key]) {
      expect((await call('POST', '/api/v1/endpoints/flowers/stop', token)).statusCode).toBe(403);
    }
    const missing = await call('POST', '/api/v1/endpoints/nope/stop', admin);
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('serving.endpoint_not_found');
  });

  it('stops and starts from the CLI: qudao endpoints stop|start <name>', async () => {
    const cli = async (...args: string[]) =>
      JSON.parse(
        (await run('node', [qudao, '--home', ctx.config.home, '--json', 'endpoints', ...args]))
          .stdout,
      );
    expect(await cli('stop', 'flowers')).toMatchObject({ name: 'flowers', status: 'stopped' });
    const refused = await call('POST', '/api/v1/endpoints/flowers/predict', key, row);
    expect(refused.json().error.code).toBe('serving.endpoint_stopped');
    expect(await cli('start', 'flowers')).toMatchObject({ name: 'flowers', status: 'active' });
    expect((await call('POST', '/api/v1/endpoints/flowers/predict', key, row)).statusCode).toBe(
      200,
    );
  });
});
