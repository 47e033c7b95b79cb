import { QudaoApiError, QudaoClient } from '@qudao/client';
import {
  buildServer,
  createAccessToken,
  createPartner,
  importDataset,
  startTraining,
} from '@qudao/server';
import { createTestContext } from '@qudao/server/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * docs/channels.md: admins manage the business, analysts read everything and change nothing.
 * Models and endpoints follow it: staff and analysts read, staff (owner, admin) write.
 */
describe('models and endpoints for admins and analysts', () => {
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  let app: FastifyInstance;
  let admin: QudaoClient;
  let analyst: QudaoClient;
  let partner: QudaoClient;

  const status = async (call: Promise<unknown>) =>
    call.then(
      () => 200,
      (error: unknown) => {
        if (error instanceof QudaoApiError) return error.status;
        throw error;
      },
    );

  beforeAll(async () => {
    ctx = await createTestContext();
    await importDataset(ctx, { name: 'iris', builtin: 'iris' });
    const job = await startTraining(ctx, {
      dataset: 'iris',
      model: 'logistic-regression',
      modelName: 'iris-lr',
      epochs: 30,
      batchSize: 16,
      learningRate: 0.1,
    });
    expect((await ctx.jobs.waitFor(job.id)).error).toBeNull();
    app = await buildServer(ctx);
    const baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
    const token = async (role: 'admin' | 'analyst') =>
      (await createAccessToken(ctx, { role, name: role })).token;
    const reseller = await createPartner(ctx, { name: 'Reseller' });
    const partnerToken = await createAccessToken(ctx, {
      role: 'partner',
      name: 'p',
      partnerId: reseller.id,
    });
    admin = new QudaoClient({ baseUrl, token: await token('admin') });
    analyst = new QudaoClient({ baseUrl, token: await token('analyst') });
    partner = new QudaoClient({ baseUrl, token: partnerToken.token });
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.dispose();
  });

  const v1 = { name: 'iris-lr', version: 1 };

  it('lets an admin change models and endpoints and call them', async () => {
    expect((await admin.registry.list()).map((m) => m.name)).toEqual(['iris-lr']);
    const aliases = await admin.registry.setAlias({
      params: { name: 'iris-lr', alias: 'production' },
      body: { version: 1 },
    });
    expect(aliases).toEqual([expect.objectContaining({ alias: 'production', version: 1 })]);
    expect(aliases[0]!.setBy).toMatch(/^admin:/);
    await admin.registry.setTag({ params: { ...v1, key: 'reviewed' }, body: { value: 'yes' } });
    const card = await admin.registry.setCard({ params: v1, body: { intendedUse: 'demo' } });
    expect(card).toMatchObject({ intendedUse: 'demo', tags: [{ key: 'reviewed', value: 'yes' }] });
    const endpoint = await admin.serving.deploy({
      body: { name: 'flowers', model: 'iris-lr', version: 1 },
    });
    expect(endpoint).toMatchObject({ name: 'flowers', status: 'active', version: 1 });
    const answer = await admin.serving.predict({
      params: { name: 'flowers' },
      body: { inputs: [[5.1, 3.5, 1.4, 0.2]] },
    });
    expect(answer).toMatchObject({ endpoint: 'flowers', billed: false });
    expect(answer.label).toMatch(/setosa/i);
    const byRef = await admin.serving.predictRef({
      params: { ref: 'iris-lr@production' },
      body: {
        inputs: [{ sepal_length: 7.7, sepal_width: 3, petal_length: 6.1, petal_width: 2.3 }],
      },
    });
    expect(byRef.predictions).toHaveLength(1);
  });

  it('lets an analyst read models and endpoints, including a version as a file', async () => {
    expect((await analyst.registry.list())[0]!.versions).toHaveLength(1);
    expect(await analyst.registry.getVersion({ params: v1 })).toMatchObject({ model: 'iris-lr' });
    expect(
      (await analyst.registry.resolveRef({ params: { ref: 'iris-lr@production' } })).version,
    ).toBe(1);
    expect(await analyst.registry.listAliases({ params: { name: 'iris-lr' } })).toHaveLength(1);
    expect((await analyst.registry.getCard({ params: v1 })).intendedUse).toBe('demo');
    const events = await analyst.registry.events({ params: { name: 'iris-lr' } });
    expect(events.map((e) => e.action)).toContain('alias.set');
    expect((await analyst.serving.listEndpoints()).map((e) => e.name)).toEqual(['flowers']);
    expect((await analyst.serving.getEndpoint({ params: { name: 'flowers' } })).model).toBe(
      'iris-lr',
    );
    const bundle = await analyst.registry.exportVersion({ params: v1 });
    expect(new TextDecoder().decode(bundle.subarray(0, 8))).toBe('QUDAOMV1');

    // An admin brings the file back as a copy (bytes through the client both ways).
    const copy = await admin.registry.importVersion({ query: { as: 'iris-copy' }, body: bundle });
    expect(copy).toMatchObject({ model: 'iris-copy', version: 1, dataset: 'iris' });
    const deleted = await admin.registry.deleteVersion({
      params: { name: 'iris-copy', version: 1 },
    });
    expect(deleted.freedBytes).toBeGreaterThan(0);
  });

  it('refuses an analyst every change and every prediction, and a partner the registry', async () => {
    const refusals = [
      analyst.registry.setAlias({ params: { name: 'iris-lr', alias: 'x' }, body: { version: 1 } }),
      analyst.registry.removeAlias({ params: { name: 'iris-lr', alias: 'production' } }),
      analyst.registry.setTag({ params: { ...v1, key: 'k' }, body: { value: 'v' } }),
      analyst.registry.setCard({ params: v1, body: { summary: 'no' } }),
      analyst.registry.deleteVersion({ params: v1 }),
      analyst.serving.deploy({ body: { name: 'mine', model: 'iris-lr', version: 1 } }),
      analyst.serving.predict({ params: { name: 'flowers' }, body: { inputs: [[1, 2, 3, 4]] } }),
      analyst.serving.predictRef({
        params: { ref: 'iris-lr@1' },
        body: { inputs: [[1, 2, 3, 4]] },
      }),
      partner.registry.list(),
      partner.serving.listEndpoints(),
    ];
    expect(await Promise.all(refusals.map(status))).toEqual(refusals.map(() => 403));
    expect((await analyst.registry.listAliases({ params: { name: 'iris-lr' } }))[0]!.alias).toBe(
      'production',
    );
  });
});
