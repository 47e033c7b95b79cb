import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../http/server.ts';
import { createTestContext } from '../testing/factories.ts';
import { registerTestLanguageModel } from '../testing/language-model-fixture.ts';
import { languageModelEndpoint } from './language-model-endpoints.service.ts';
import { readiness, warmEndpoints } from './readiness.service.ts';
import { deploy, predict } from './serving.service.ts';

describe('serving a GPT', () => {
  let ctx: Awaited<ReturnType<typeof createTestContext>>;

  beforeAll(async () => {
    ctx = await createTestContext();
    await registerTestLanguageModel(ctx, 'tiny-gpt');
    await deploy(ctx, { name: 'writer', model: 'tiny-gpt', version: 1 });
  });
  afterAll(async () => ctx?.dispose());

  it('loads the version once and shares one continuous batch between concurrent requests', async () => {
    const a = await languageModelEndpoint(ctx, 'writer');
    const b = await languageModelEndpoint(ctx, 'writer');
    expect(b.hosted).toBe(a.hosted);
    const options = { maxTokens: 12, temperature: 0.8, seed: 3 };
    const first = a.hosted.generate('Call me', options);
    const second = a.hosted.generate('the whale', { ...options, seed: 4 });
    // Both joined before a step ran: the next step decodes them together.
    expect(a.hosted.load).toBe(2);
    const [x, y] = await Promise.all([first.done, second.done]);
    expect([x.completionTokens, y.completionTokens]).toEqual([12, 12]);
    expect(x.finishReason).toBe('length');
    // Alone, with the same seed, the same text: batching does not change what a stream says.
    const alone = await a.hosted.generate('Call me', options).done;
    expect(alone.text).toBe(x.text);
    expect(a.hosted.load).toBe(0);
  });

  it('a cancelled stream leaves the batch with the tokens it made so far', async () => {
    const { hosted } = await languageModelEndpoint(ctx, 'writer');
    const controller = new AbortController();
    let pieces = 0;
    const run = hosted.generate(
      'sea',
      { maxTokens: 60, seed: 1 },
      () => {
        if (++pieces === 3) controller.abort();
      },
      controller.signal,
    );
    const done = await run.done;
    expect(done.finishReason).toBe('cancelled');
    expect(done.completionTokens).toBeGreaterThanOrEqual(3);
    expect(done.completionTokens).toBeLessThan(60);
  });

  it('warms a language-model endpoint for readiness on the decoder, not the workers', async () => {
    await warmEndpoints(ctx);
    expect(await readiness(ctx)).toMatchObject({ warmed: ['writer'], failed: [] });
    // The workers never load it: a GPT copy per worker would be memory spent on nothing.
    const { version } = await languageModelEndpoint(ctx, 'writer');
    expect(ctx.runtime.isWarm(version.id)).toBe(false);
  });

  it('refuses predict on a language-model endpoint; the endpoint lists like any other', async () => {
    await expect(
      predict(ctx, 'writer', { kind: 'inputs', inputs: ['hi'] }, { kind: 'owner' }),
    ).rejects.toMatchObject({ code: 'serving.bad_input', details: { reason: 'wrong_kind' } });
    await expect(languageModelEndpoint(ctx, 'nope')).rejects.toMatchObject({
      code: 'serving.endpoint_not_found',
    });
    const app = await buildServer(ctx);
    const res = await app.inject({
      method: 'GET',
      url: '/api/v1/endpoints',
      headers: { authorization: `Bearer ${ctx.ownerToken}` },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().map((e: { name: string }) => e.name)).toEqual(['writer']);
    await app.close();
  });
});

describe('a decode step that fails', () => {
  it('fails every call in the batch, and the next call runs on a fresh decoder', async () => {
    const ctx = await createTestContext();
    try {
      await registerTestLanguageModel(ctx, 'tiny-gpt');
      await deploy(ctx, { name: 'writer', model: 'tiny-gpt', version: 1 });
      const { hosted } = await languageModelEndpoint(ctx, 'writer');
      // Fault injection: the engine's next step throws (as a native failure would).
      const inner = (hosted as unknown as { decoder: { step: () => number } }).decoder;
      inner.step = () => {
        throw new Error('engine failed');
      };
      const a = hosted.generate('sea', { maxTokens: 5 });
      const b = hosted.generate('whale', { maxTokens: 5 });
      await expect(a.done).rejects.toThrow('engine failed');
      await expect(b.done).rejects.toThrow('engine failed');
      const next = await hosted.generate('sea', { maxTokens: 5 }).done;
      expect(next.completionTokens).toBe(5);
    } finally {
      await ctx.dispose();
    }
  });
});
