import { createApiKey } from '@qudao/server';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  B_COSTS,
  PRICES,
  type ProviderFixture,
  providerFixture,
} from './gateway/provider-fixture.ts';
import { PIECES } from './gateway/upstreams.ts';

type Usage = OpenAI.CompletionUsage & { cost_minor?: number; currency?: string };

const messages = [{ role: 'user' as const, content: 'Call me Ishmael.' }];
/** The prompt Qudao sizes a chat call by: its transcript (gateway/chat-template.ts). */
const transcript = (content: string) => `User: ${content}\nAssistant:`;
/** Our own count of a prompt when the provider reports none: one token per 4 UTF-8 bytes. */
const estimate = (prompt: string) => Math.max(1, Math.ceil(Buffer.byteLength(prompt) / 4));

/** The data lines of a raw SSE body. */
function events(body: string): string[] {
  return body
    .split('\n\n')
    .filter((b) => b.startsWith('data: '))
    .map((b) => b.slice(6));
}

/**
 * Upstream providers through the gateway, against real upstreams on 127.0.0.1: a second Qudao
 * serving a GPT, and a server that fails on purpose (429, 500, 401, a hang past the timeout, a
 * death and a stall mid-stream). Driven with the official `openai` client and raw fetch.
 */
describe('gateway: models sold through upstream providers', () => {
  let f: ProviderFixture;

  beforeAll(async () => {
    f = await providerFixture();
  });
  afterAll(async () => f?.close());

  const lastEvent = async () => (await f.usageEvents()).at(-1)!;
  const post = (body: object, key = f.key.key) =>
    fetch(`${f.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('falls back past a 429, a 500 and a hang to the next provider, answering and billing as it', async () => {
    const direct = await f.b.owner.chat.completions.create({
      model: 'writer',
      messages,
      max_tokens: 6,
      seed: 3,
    });
    const asked = f.flaky.requests.length;
    const started = performance.now();
    const { data, response } = await f.openai.chat.completions
      .create({ model: 'resale', messages, max_tokens: 6, seed: 3 })
      .withResponse();
    // The hang costs its provider's timeout (300 ms), no more.
    expect(performance.now() - started).toBeGreaterThanOrEqual(300);
    expect(f.flaky.requests.slice(asked).map((r) => r.model)).toEqual([
      'rate-limited',
      'broken',
      'hang',
    ]);
    // Each provider got its own secret, and was asked for a stream with usage and max_tokens.
    expect(f.flaky.requests.at(-1)!.authorization).toBe('Bearer sk-flaky-hang-secret-0001');
    expect(f.flaky.requests.at(-1)!.body).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: 6,
      seed: 3,
      messages,
    });
    expect(data.model).toBe('writer');
    expect(data.id).toMatch(/^chatcmpl-/);
    expect(response.headers.get('x-qudao-provider')).toBe('qudao-b');
    // Present and a number of milliseconds (a missing header would read as 0).
    expect(response.headers.get('x-qudao-overhead-ms')).toMatch(/^\d+\.\d{3}$/);
    expect(data.choices[0]!.message.content).toBe(direct.choices[0]!.message.content);
    const input = direct.usage!.prompt_tokens;
    const output = direct.usage!.completion_tokens;
    const usage = data.usage as Usage;
    expect(usage).toMatchObject({ prompt_tokens: input, completion_tokens: output });
    expect(usage.cost_minor).toBe((input * PRICES.input + output * PRICES.output) / 1000);
    const event = await lastEvent();
    expect(event).toMatchObject({
      type: 'qudao.generation',
      api_key_id: f.key.id,
      product_id: f.products.resale,
      input_tokens: input,
      output_tokens: output,
      cost_milli_minor: input * PRICES.input + output * PRICES.output,
    });
    expect(JSON.parse(event.data_json)).toMatchObject({
      endpoint: 'resale',
      provider: 'qudao-b',
      providerModel: 'writer',
      providerCostMilliMinor: input * B_COSTS.input + output * B_COSTS.output,
      providerCurrency: 'USD',
      tokensFrom: 'provider',
    });
  });

  it('streams through the fallbacks in our chunks, with the usage chunk and [DONE]', async () => {
    const request = { model: 'resale', messages, max_tokens: 6, seed: 4 };
    const direct = await f.b.owner.chat.completions.create({ ...request, model: 'writer' });
    const stream = await f.openai.chat.completions.create({
      ...request,
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks: OpenAI.Chat.Completions.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks[0]!.choices[0]!.delta.role).toBe('assistant');
    expect(new Set(chunks.map((c) => c.id)).size).toBe(1);
    expect(chunks.every((c) => c.model === 'writer')).toBe(true);
    const text = chunks.map((c) => c.choices[0]?.delta.content ?? '').join('');
    expect(text.trimStart()).toBe(direct.choices[0]!.message.content);
    expect(chunks.at(-2)!.choices[0]!.finish_reason).toBe(direct.choices[0]!.finish_reason);
    const usage = chunks.at(-1)!.usage as Usage;
    expect(chunks.at(-1)!.choices).toEqual([]);
    expect(usage).toMatchObject({
      prompt_tokens: direct.usage!.prompt_tokens,
      completion_tokens: direct.usage!.completion_tokens,
    });
    const event = await lastEvent();
    expect(event.output_tokens).toBe(direct.usage!.completion_tokens);
    expect(JSON.parse(event.data_json).provider).toBe('qudao-b');
    // The raw stream ends with [DONE].
    const raw = await (await post({ ...request, stream: true })).text();
    expect(raw.endsWith('data: [DONE]\n\n')).toBe(true);
  });

  it('a provider that dies mid-stream: the pieces sent, an error event, no [DONE], billed exactly them', async () => {
    const content = 'Say three words.';
    const response = await post({
      model: 'cut',
      messages: [{ role: 'user', content }],
      max_tokens: 10,
      stream: true,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-qudao-provider')).toBe('flaky-die');
    const body = await response.text();
    expect(body).not.toContain('[DONE]');
    const sent = events(body);
    const last = JSON.parse(sent.at(-1)!);
    expect(last.error).toMatchObject({ code: 'providers.upstream_failed', type: 'server_error' });
    const pieces = sent
      .slice(0, -1)
      .map((e) => JSON.parse(e).choices[0].delta.content)
      .filter(Boolean);
    expect(pieces).toEqual(PIECES.slice(0, 3));
    const event = await lastEvent();
    const input = estimate(transcript(content));
    expect(event).toMatchObject({
      input_tokens: input,
      output_tokens: 3,
      cost_milli_minor: input * PRICES.input + 3 * PRICES.output,
    });
    expect(JSON.parse(event.data_json)).toMatchObject({
      provider: 'flaky-die',
      providerModel: 'die-after-3',
      providerCostMilliMinor: input * 1 + 3 * 2,
      tokensFrom: 'estimate',
    });
    // The openai client raises it as an API error after the pieces.
    const stream = await f.openai.chat.completions.create({
      model: 'cut',
      messages: [{ role: 'user', content }],
      max_tokens: 10,
      stream: true,
    });
    const got: string[] = [];
    const error = await (async () => {
      for await (const chunk of stream) got.push(chunk.choices[0]?.delta.content ?? '');
    })().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as InstanceType<typeof OpenAI.APIError>).code).toBe('providers.upstream_failed');
    expect(got.join('')).toBe(PIECES.slice(0, 3).join(''));
  });

  it('the same death before anything was sent (not streamed) falls back to the next provider', async () => {
    const before = (await f.usageEvents()).length;
    const { data, response } = await f.openai.chat.completions
      .create({ model: 'cut', messages, max_tokens: 4, seed: 1 })
      .withResponse();
    expect(data.model).toBe('writer');
    expect(response.headers.get('x-qudao-provider')).toBe('qudao-b');
    const events = await f.usageEvents();
    expect(events).toHaveLength(before + 1);
    expect(JSON.parse(events.at(-1)!.data_json).provider).toBe('qudao-b');
  });

  it('a provider that goes silent mid-stream past its timeout ends the stream with an error', async () => {
    const response = await post({ model: 'stall', messages, max_tokens: 10, stream: true });
    const sent = events(await response.text());
    const last = JSON.parse(sent.at(-1)!);
    expect(last.error.code).toBe('providers.upstream_failed');
    expect(last.error.message).toContain('300 ms');
    expect(sent.some((e) => e === '[DONE]')).toBe(false);
    expect((await lastEvent()).output_tokens).toBe(2);
  });

  it('a caller that goes away stops the provider and pays the pieces it got, the hold released', async () => {
    const key = await createApiKey(f.ctx, f.customer.id, { budgetMinor: 1000 });
    const stream = await f.client(key.key).chat.completions.create({
      model: 'stall',
      messages,
      max_tokens: 10,
      stream: true,
    });
    let pieces = 0;
    for await (const chunk of stream) {
      if (chunk.choices[0]?.delta.content) pieces++;
      if (pieces === 2) {
        stream.controller.abort();
        break;
      }
    }
    let event: Awaited<ReturnType<typeof lastEvent>> | undefined;
    for (let i = 0; i < 100 && !event; i++) {
      event = (await f.usageEvents()).find((e) => e.api_key_id === key.id);
      if (!event) await new Promise((r) => setTimeout(r, 20));
    }
    // Billed before the provider's 300 ms timeout could end it: the caller's leaving did.
    expect(event).toMatchObject({ output_tokens: 2 });
    expect(JSON.parse(event!.data_json)).toMatchObject({ provider: 'flaky-stall' });
    const row = await f.ctx.db
      .selectFrom('api_keys')
      .select('budget_id')
      .where('id', '=', key.id)
      .executeTakeFirstOrThrow();
    const now = new Date();
    const period = {
      start: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString(),
      end: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString(),
    };
    const budget = await f.ctx.metering.budgets.state(f.ctx.db, {
      budgetId: row.budget_id!,
      period,
    });
    expect(budget.reserved).toBe(0);
  });

  it('no provider answering is a 502 in OpenAI shape, nothing billed, streamed or not', async () => {
    const before = (await f.usageEvents()).length;
    for (const stream of [false, true]) {
      const error = await f.openai.chat.completions
        .create({ model: 'lonely', messages, max_tokens: 4, stream })
        .then(
          () => null,
          (e: unknown) => e as InstanceType<typeof OpenAI.APIError>,
        );
      expect(error).toBeInstanceOf(OpenAI.InternalServerError);
      expect(error!.status).toBe(502);
      expect(error!.code).toBe('providers.upstream_unavailable');
      expect(error!.message).toContain('flaky-500: HTTP 500: upstream exploded');
    }
    expect(await f.usageEvents()).toHaveLength(before);
  });

  it('a 401 from a provider is not retried elsewhere: the owner fixes the key', async () => {
    const before = (await f.usageEvents()).length;
    const asked = f.flaky.requests.length;
    const error = await f.openai.chat.completions
      .create({ model: 'refused', messages, max_tokens: 4 })
      .then(
        () => null,
        (e: unknown) => e as InstanceType<typeof OpenAI.APIError>,
      );
    expect(error!.status).toBe(502);
    expect(error!.code).toBe('providers.upstream_refused');
    // The provider echoed its key: the caller never sees it.
    expect(error!.message).toContain('bad key Bearer [redacted]');
    expect(error!.message).not.toContain('sk-flaky-auth-secret');
    expect(f.flaky.requests.slice(asked).map((r) => r.model)).toEqual(['unauthorized']);
    expect(await f.usageEvents()).toHaveLength(before);
  });

  it('bills our own count when a provider sends no usage, and never more than was held', async () => {
    const prompt = 'the whale and the sea';
    const counted = await f.openai.completions.create({ model: 'counted', prompt, max_tokens: 9 });
    expect(counted.model).toBe('no-usage');
    expect(counted.choices[0]!.text).toBe(PIECES.join(''));
    expect(counted.usage).toMatchObject({ prompt_tokens: estimate(prompt), completion_tokens: 4 });
    expect(JSON.parse((await lastEvent()).data_json).tokensFrom).toBe('estimate');
    const clamped = await f.openai.completions.create({ model: 'clamped', prompt, max_tokens: 9 });
    // The worst case held: the prompt's UTF-8 bytes + 8, and max_tokens.
    expect(clamped.usage).toMatchObject({
      prompt_tokens: Buffer.byteLength(prompt) + 8,
      completion_tokens: 9,
    });
    expect((await lastEvent()).output_tokens).toBe(9);
  });

  it("embeds through the fallbacks: the second Qudao's vectors, billed its input tokens", async () => {
    const input = ['the whale', '床前明月光'];
    const direct = await f.b.owner.embeddings.create({ model: 'writer', input });
    const { data, response } = await f.openai.embeddings
      .create({ model: 'embed', input })
      .withResponse();
    expect(data.model).toBe('writer');
    expect(response.headers.get('x-qudao-provider')).toBe('qudao-b');
    expect(data.data.map((d) => d.embedding)).toEqual(direct.data.map((d) => d.embedding));
    expect(data.usage.prompt_tokens).toBe(direct.usage.prompt_tokens);
    const event = await lastEvent();
    expect(event).toMatchObject({
      input_tokens: direct.usage.prompt_tokens,
      output_tokens: 0,
      cost_milli_minor: direct.usage.prompt_tokens * PRICES.input,
    });
    expect(JSON.parse(event.data_json)).toMatchObject({
      provider: 'qudao-b',
      tokensFrom: 'provider',
    });
  });

  it('lists the models a key may call; a scoped key reaches only its products', async () => {
    const mine: string[] = [];
    for await (const m of f.openai.models.list()) mine.push(m.id);
    expect(mine.sort()).toEqual(
      [
        'clamped',
        'counted',
        'cut',
        'direct',
        'embed',
        'lonely',
        'race',
        'refused',
        'resale',
        'stall',
      ].sort(),
    );
    const all: string[] = [];
    for await (const m of f.owner.models.list()) all.push(m.id);
    expect(all).toContain('unsold-up');
    const scoped = await createApiKey(f.ctx, f.customer.id, { products: [f.products.resale!] });
    const narrow = f.client(scoped.key);
    const listed: string[] = [];
    for await (const m of narrow.models.list()) listed.push(m.id);
    expect(listed).toEqual(['resale']);
    const outside = await narrow.chat.completions
      .create({ model: 'direct', messages, max_tokens: 2 })
      .then(
        () => null,
        (e: unknown) => e as InstanceType<typeof OpenAI.APIError>,
      );
    expect(outside!.code).toBe('auth.key_out_of_scope');
    const unsold = await f.openai.chat.completions
      .create({ model: 'unsold-up', messages, max_tokens: 2 })
      .then(
        () => null,
        (e: unknown) => e as InstanceType<typeof OpenAI.APIError>,
      );
    expect(unsold!.code).toBe('metering.not_for_sale');
  });
});

describe('gateway: a key budget under concurrent streams to an upstream model', () => {
  const PROMPT = 'the whale';
  const MAX = 12;
  let f: ProviderFixture;

  beforeAll(async () => {
    f = await providerFixture();
  });
  afterAll(async () => f?.close());

  it('admits what the budget covers and bills each call its tokens', async () => {
    // One minor unit a token: a call's worst case is (bytes + 8) + MAX units.
    const worst = Buffer.byteLength(PROMPT) + 8 + MAX;
    const key = await createApiKey(f.ctx, f.customer.id, { budgetMinor: 3 * worst });
    const client = f.client(key.key);
    const results = await Promise.all(
      Array.from({ length: 12 }, async (_, i) => {
        try {
          const stream = await client.completions.create({
            model: 'race',
            prompt: PROMPT,
            max_tokens: MAX,
            seed: i,
            stream: true,
            stream_options: { include_usage: true },
          });
          let usage: OpenAI.CompletionUsage | null = null;
          for await (const chunk of stream) if (chunk.usage) usage = chunk.usage;
          return { kind: 'done' as const, usage };
        } catch (error) {
          return { kind: 'refused' as const, error: error as InstanceType<typeof OpenAI.APIError> };
        }
      }),
    );
    const refused = results.filter((r) => r.kind === 'refused');
    const done = results.filter((r) => r.kind === 'done');
    for (const r of refused) expect(r.error.code).toBe('metering.budget_exhausted');
    expect(done.length).toBeGreaterThanOrEqual(3);
    expect(refused.length).toBeGreaterThan(0);
    const events = (await f.usageEvents()).filter((e) => e.api_key_id === key.id);
    expect(events).toHaveLength(done.length);
    const spent = events.reduce((n, e) => n + e.cost_milli_minor!, 0) / 1000;
    expect(spent).toBeLessThanOrEqual(3 * worst);
    for (const e of events) {
      expect(e.cost_milli_minor).toBe(1000 * (e.input_tokens! + e.output_tokens!));
      expect(e.output_tokens).toBe(MAX);
    }
    const chunkTotal = done.reduce((n, r) => n + r.usage!.total_tokens, 0);
    expect(chunkTotal).toBe(events.reduce((n, e) => n + e.input_tokens! + e.output_tokens!, 0));
  });
});
