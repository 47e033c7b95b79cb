import { readFile } from 'node:fs/promises';
import { type AddressInfo, createServer } from 'node:net';
import { QudaoApiError, QudaoClient } from '@qudao/client';
import {
  buildServer,
  createAccessToken,
  createApiKey,
  createCustomer,
  createPartner,
  deploy,
} from '@qudao/server';
import { createTestContext, registerTestLanguageModel } from '@qudao/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failingUpstream } from './gateway/upstreams.ts';

const SECRET = 'sk-live-0123456789abcdefSECRET';

/** The error a call answers with (status and code), or null when it succeeded. */
async function refusal(call: Promise<unknown>) {
  try {
    await call;
    return null;
  } catch (error) {
    if (!(error instanceof QudaoApiError)) throw error;
    return { status: error.status, code: error.code, message: error.message };
  }
}

/**
 * `/api/v1/providers` over HTTP: the secret sealed at rest and never answered, the test call
 * against a real upstream on 127.0.0.1, bad input with stable codes and nothing half-written,
 * and only the owner and admins reach it.
 */
describe('providers API', () => {
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  let app: Awaited<ReturnType<typeof buildServer>>;
  let flaky: Awaited<ReturnType<typeof failingUpstream>>;
  let url: string;
  let owner: QudaoClient;
  let as: (token: string) => QudaoClient;

  beforeAll(async () => {
    flaky = await failingUpstream();
    ctx = await createTestContext();
    await registerTestLanguageModel(ctx, 'tiny-gpt');
    await deploy(ctx, { name: 'local', model: 'tiny-gpt', version: 1 });
    app = await buildServer(ctx);
    await app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    owner = new QudaoClient({ baseUrl: url, token: ctx.ownerToken });
    as = (token) => owner.withToken(token);
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.dispose();
    await flaky?.close();
  });

  const model = (name: string, upstreamModel = name) => ({
    model: name,
    upstreamModel,
    inputCostPer1kMinor: 2,
    outputCostPer1kMinor: 5,
  });

  it('stores the secret sealed, answers it masked, and sends it to the provider', async () => {
    const created = await owner.providers.create({
      body: {
        name: 'acme',
        baseUrl: `${flaky.url}/`,
        apiKey: SECRET,
        currency: 'usd',
        models: [model('acme-fast', 'no-usage'), { ...model('acme-slow', 'broken'), priority: 3 }],
      },
    });
    expect(created).toMatchObject({
      name: 'acme',
      baseUrl: flaky.url,
      apiKey: `••••${SECRET.slice(-4)}`,
      timeoutMs: 30_000,
      currency: 'USD',
    });
    expect(created.models).toEqual([
      {
        model: 'acme-fast',
        upstreamModel: 'no-usage',
        priority: 0,
        inputCostPer1kMinor: 2,
        outputCostPer1kMinor: 5,
      },
      {
        model: 'acme-slow',
        upstreamModel: 'broken',
        priority: 3,
        inputCostPer1kMinor: 2,
        outputCostPer1kMinor: 5,
      },
    ]);
    const replies = [
      created,
      await owner.providers.list(),
      await owner.providers.get({ params: { providerId: 'acme' } }),
      await owner.providers.update({
        params: { providerId: created.id },
        body: { timeoutMs: 2000 },
      }),
    ];
    for (const reply of replies) expect(JSON.stringify(reply)).not.toContain(SECRET.slice(0, 12));
    // The row holds a ciphertext, and neither the database file nor its WAL holds the secret.
    const row = await ctx.db
      .selectFrom('providers')
      .selectAll()
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(row.secret_sealed).toMatch(/^v1:/);
    expect(JSON.stringify(row)).not.toContain(SECRET.slice(0, 12));
    for (const file of [ctx.paths.database, `${ctx.paths.database}-wal`]) {
      const bytes = await readFile(file).catch(() => Buffer.alloc(0));
      expect(bytes.includes(Buffer.from(SECRET))).toBe(false);
      expect(bytes.includes(Buffer.from(SECRET.slice(0, 16)))).toBe(false);
    }
    // The test call reaches the provider with the key in clear, over HTTP only.
    const asked = flaky.requests.length;
    const listed = await owner.providers.test({ params: { providerId: 'acme' }, body: {} });
    expect(listed).toMatchObject({ provider: 'acme', ok: true, check: 'models', status: 200 });
    expect(listed.models).toContain('no-usage');
    expect(listed.latencyMs).toBeGreaterThan(0);
    expect(flaky.requests[asked]).toMatchObject({
      path: '/v1/models',
      authorization: `Bearer ${SECRET}`,
    });
    const completion = await owner.providers.test({
      params: { providerId: created.id },
      body: { model: 'acme-fast' },
    });
    expect(completion).toMatchObject({ ok: true, check: 'completion', model: 'no-usage' });
    expect(flaky.requests.at(-1)!.body).toMatchObject({ model: 'no-usage', max_tokens: 1 });
    const failing = await owner.providers.test({
      params: { providerId: 'acme' },
      body: { model: 'acme-slow' },
    });
    expect(failing).toMatchObject({ ok: false, status: 500, error: { code: 'upstream.status' } });
    expect(failing.error!.message).toContain('upstream exploded');
  });

  it('a sealed secret copied onto another provider does not open', async () => {
    const other = await owner.providers.create({
      body: { name: 'copycat', baseUrl: flaky.url, apiKey: 'sk-other-key-000000', currency: 'USD' },
    });
    const acme = await ctx.db
      .selectFrom('providers')
      .select('secret_sealed')
      .where('name', '=', 'acme')
      .executeTakeFirstOrThrow();
    await ctx.db
      .updateTable('providers')
      .set({ secret_sealed: acme.secret_sealed })
      .where('id', '=', other.id)
      .execute();
    expect(
      await refusal(owner.providers.test({ params: { providerId: 'copycat' }, body: {} })),
    ).toMatchObject({
      status: 500,
      code: 'providers.secret_unreadable',
    });
    await owner.providers.remove({ params: { providerId: other.id } });
  });

  it('reports an unreachable provider as a failed test, and through /v1 as a 502', async () => {
    // A port that was just free: nothing listens there.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    await owner.providers.create({
      body: {
        name: 'gone',
        baseUrl: `http://127.0.0.1:${port}/v1`,
        currency: 'USD',
        timeoutMs: 2000,
        models: [model('gone-model')],
      },
    });
    const result = await owner.providers.test({ params: { providerId: 'gone' }, body: {} });
    expect(result).toMatchObject({ ok: false, status: null, error: { code: 'upstream.connect' } });
    const answer = await fetch(`${url}/v1/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ctx.ownerToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gone-model', prompt: 'hi', max_tokens: 2 }),
    });
    expect(answer.status).toBe(502);
    const body = (await answer.json()) as {
      error: { code: string; message: string; type: string };
    };
    expect(body.error).toMatchObject({
      code: 'providers.upstream_unavailable',
      type: 'server_error',
    });
    expect(body.error.message).toContain('gone: connection failed (ECONNREFUSED)');
    await owner.providers.remove({ params: { providerId: 'gone' } });
  });

  it('refuses bad input with stable codes and writes nothing', async () => {
    const before = await owner.providers.list();
    const cases: [object, number, string][] = [
      [{ name: 'bad-url', baseUrl: 'ftp://example.com', currency: 'USD' }, 400, 'request.invalid'],
      [{ name: 'huge', baseUrl: 'x'.repeat(5000), currency: 'USD' }, 400, 'request.invalid'],
      [
        { name: 'creds', baseUrl: 'http://u:p@example.com/v1', currency: 'USD' },
        400,
        'request.invalid',
      ],
      [{ name: 'Upper Case', baseUrl: flaky.url, currency: 'USD' }, 400, 'request.invalid'],
      [{ name: 'acme', baseUrl: flaky.url, currency: 'USD' }, 409, 'providers.provider_exists'],
      [
        { name: 'twice', baseUrl: flaky.url, currency: 'USD', models: [model('m'), model('m')] },
        400,
        'providers.duplicate_model',
      ],
      [
        { name: 'shadow', baseUrl: flaky.url, currency: 'USD', models: [model('local')] },
        409,
        'providers.model_name_taken',
      ],
      [{ name: 'money', baseUrl: flaky.url, currency: 'XXQ' }, 400, 'plans.unknown_currency'],
      [{ name: 'slow', baseUrl: flaky.url, currency: 'USD', timeoutMs: 5 }, 400, 'request.invalid'],
    ];
    for (const [body, status, code] of cases) {
      const error = await refusal(owner.providers.create({ body: body as never }));
      expect(error, JSON.stringify(body)).toMatchObject({ status, code });
    }
    expect(await refusal(owner.providers.get({ params: { providerId: 'nope' } }))).toMatchObject({
      status: 404,
      code: 'providers.provider_not_found',
    });
    expect(
      await refusal(
        owner.providers.test({ params: { providerId: 'acme' }, body: { model: 'zzz' } }),
      ),
    ).toMatchObject({ status: 400, code: 'providers.model_not_mapped' });
    // A change that fails changes nothing: the map keeps its entries.
    expect(
      await refusal(
        owner.providers.update({
          params: { providerId: 'acme' },
          body: { baseUrl: 'http://elsewhere.example/v1', models: [model('local')] },
        }),
      ),
    ).toMatchObject({ status: 409, code: 'providers.model_name_taken' });
    expect(await owner.providers.list()).toEqual(before);
  });

  it('changes the key and the map, and a removed provider leaves its models unrouted', async () => {
    const changed = await owner.providers.update({
      params: { providerId: 'acme' },
      body: { apiKey: null, models: [model('acme-fast', 'no-usage')] },
    });
    expect(changed.apiKey).toBeNull();
    expect(changed.models.map((m) => m.model)).toEqual(['acme-fast']);
    const row = await ctx.db
      .selectFrom('providers')
      .select(['secret_sealed', 'secret_hint'])
      .where('name', '=', 'acme')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ secret_sealed: null, secret_hint: null });
    await owner.providers.test({ params: { providerId: 'acme' }, body: {} });
    expect(flaky.requests.at(-1)!.authorization).toBeUndefined();
    await owner.providers.remove({ params: { providerId: 'acme' } });
    expect(await refusal(owner.providers.get({ params: { providerId: 'acme' } }))).toMatchObject({
      code: 'providers.provider_not_found',
    });
    // The model name stays (a product may sell it) but no provider serves it now.
    const answer = await fetch(`${url}/v1/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ctx.ownerToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'acme-fast', prompt: 'hi', max_tokens: 2 }),
    });
    expect(answer.status).toBe(503);
    expect(((await answer.json()) as { error: { code: string } }).error.code).toBe(
      'providers.no_route',
    );
    // Nor can an endpoint take that name.
    await expect(
      deploy(ctx, { name: 'acme-fast', model: 'tiny-gpt', version: 1 }),
    ).rejects.toMatchObject({
      code: 'serving.name_taken',
    });
  });

  it('is the owner’s and admins’ alone: partners, customers and analysts are refused', async () => {
    const partner = await createPartner(ctx, { name: 'Reseller' });
    const customer = await createCustomer(ctx, { name: 'Initech' });
    const tokens = {
      partner: (await createAccessToken(ctx, { role: 'partner', name: 'p', partnerId: partner.id }))
        .token,
      analyst: (await createAccessToken(ctx, { role: 'analyst', name: 'a' })).token,
      customer: (await createApiKey(ctx, customer.id, {})).key,
    };
    for (const [who, token] of Object.entries(tokens)) {
      const client = as(token);
      for (const call of [
        client.providers.list(),
        client.providers.get({ params: { providerId: 'copycat' } }),
        client.providers.create({
          body: { name: `x-${who}`, baseUrl: flaky.url, currency: 'USD' },
        }),
      ]) {
        expect(await refusal(call), who).toMatchObject({ status: 403, code: 'auth.forbidden' });
      }
    }
    const admin = as((await createAccessToken(ctx, { role: 'admin', name: 'ad' })).token);
    const made = await admin.providers.create({
      body: { name: 'by-admin', baseUrl: flaky.url, currency: 'USD' },
    });
    expect(made.apiKey).toBeNull();
    expect((await admin.providers.list()).map((p) => p.name)).toContain('by-admin');
  });
});
