import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayFixture } from './gateway/fixture.ts';

type OpenAiError = { error: { code: string; type: string } };

/** The official `openai` client against a listening Qudao: what it sends and parses, unchanged. */
describe('gateway: the openai npm client works against /v1', () => {
  let f: Awaited<ReturnType<typeof gatewayFixture>>;

  beforeAll(async () => {
    f = await gatewayFixture();
  });
  afterAll(async () => f?.close());

  const chat = {
    model: 'writer',
    messages: [
      { role: 'system' as const, content: 'You answer briefly.' },
      { role: 'user' as const, content: 'Call me Ishmael.' },
    ],
    max_tokens: 8,
    seed: 11,
    temperature: 0.7,
  };

  it('answers a chat completion, with usage, overhead header and one usage event', async () => {
    const before = (await f.usageEvents()).length;
    const { data, response } = await f.openai.chat.completions.create(chat).withResponse();
    expect(data.object).toBe('chat.completion');
    expect(data.model).toBe('writer');
    expect(data.choices).toHaveLength(1);
    expect(data.choices[0]!.message.role).toBe('assistant');
    expect(typeof data.choices[0]!.message.content).toBe('string');
    const usage = data.usage!;
    expect(usage.prompt_tokens).toBeGreaterThan(5);
    expect(usage.completion_tokens).toBeGreaterThan(0);
    expect(usage.completion_tokens).toBeLessThanOrEqual(8);
    expect(usage.total_tokens).toBe(usage.prompt_tokens + usage.completion_tokens);
    if (data.choices[0]!.finish_reason === 'length') expect(usage.completion_tokens).toBe(8);
    const overhead = Number(response.headers.get('x-qudao-overhead-ms'));
    expect(overhead).toBeGreaterThanOrEqual(0);
    expect(overhead).toBeLessThan(1000);
    // The model's time is an internal header the route subtracts and removes.
    expect(response.headers.get('x-qudao-model-ms')).toBeNull();
    const events = await f.usageEvents();
    expect(events.length).toBe(before + 1);
    expect(events.at(-1)!.api_key_id).toBe(f.key.id);
  });

  it('streams the same text as chunks, ending with a usage chunk and [DONE]', async () => {
    const whole = await f.openai.chat.completions.create(chat);
    const stream = await f.openai.chat.completions.create({
      ...chat,
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    const chunks: OpenAI.Chat.Completions.ChatCompletionChunk[] = [];
    for await (const chunk of stream) {
      chunks.push(chunk);
      text += chunk.choices[0]?.delta.content ?? '';
    }
    expect(chunks[0]!.choices[0]!.delta.role).toBe('assistant');
    expect(chunks.every((c) => c.object === 'chat.completion.chunk')).toBe(true);
    const last = chunks.at(-1)!;
    expect(last.choices).toEqual([]);
    expect(last.usage).toMatchObject({
      prompt_tokens: whole.usage!.prompt_tokens,
      completion_tokens: whole.usage!.completion_tokens,
    });
    expect(chunks.at(-2)!.choices[0]!.finish_reason).toBe(whole.choices[0]!.finish_reason);
    // Same seed, same text: streaming changes how it arrives, not what it says.
    expect(text.trimStart()).toBe(whole.choices[0]!.message.content);
  });

  it('answers text completions, streamed and not, with exact token counts', async () => {
    const request = { model: 'writer', prompt: 'the whale', max_tokens: 5, seed: 2 };
    const whole = await f.openai.completions.create(request);
    expect(whole.object).toBe('text_completion');
    expect(whole.choices[0]!.finish_reason).toBe('length');
    expect(whole.usage!.completion_tokens).toBe(5);
    const stream = await f.openai.completions.create({ ...request, stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.text ?? '';
    expect(text).toBe(whole.choices[0]!.text);
  });

  it('embeds texts as base64 (the client default) and as floats, the same vectors', async () => {
    const input = ['the whale', '床前明月光'];
    const b64 = await f.openai.embeddings.create({ model: 'writer', input });
    const floats = await f.openai.embeddings.create({
      model: 'writer',
      input,
      encoding_format: 'float',
    });
    expect(b64.data).toHaveLength(2);
    expect(b64.data[0]!.embedding).toHaveLength(32);
    expect(b64.usage.prompt_tokens).toBeGreaterThan(1);
    for (let i = 0; i < 2; i++) {
      const a = b64.data[i]!.embedding;
      const b = floats.data[i]!.embedding;
      for (let j = 0; j < a.length; j++) expect(a[j]).toBeCloseTo(b[j]!, 5);
    }
    expect(b64.data[0]!.embedding).not.toEqual(b64.data[1]!.embedding);
  });

  it('lists the models a key may call: the customer the sold one, the owner all', async () => {
    const mine = [];
    for await (const m of f.openai.models.list()) mine.push(m.id);
    expect(mine).toEqual(['writer']);
    const all = [];
    for await (const m of f.owner.models.list()) all.push(m.id);
    expect(all.sort()).toEqual(['unsold', 'writer']);
  });

  it('errors parse as OpenAI errors with Qudao codes, and nothing is billed for them', async () => {
    const before = (await f.usageEvents()).length;
    const fails = async (call: Promise<unknown>) => {
      const error = await call.then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(OpenAI.APIError);
      return error as InstanceType<typeof OpenAI.APIError>;
    };
    const missing = await fails(f.openai.chat.completions.create({ ...chat, model: 'nope' }));
    expect(missing).toBeInstanceOf(OpenAI.NotFoundError);
    // Refusals carry the gateway's overhead too (all of their time is overhead).
    expect(Number(missing.headers?.get('x-qudao-overhead-ms'))).toBeGreaterThan(0);
    expect(missing.code).toBe('serving.endpoint_not_found');
    expect(missing.type).toBe('not_found_error');
    const unsold = await fails(f.openai.chat.completions.create({ ...chat, model: 'unsold' }));
    expect(unsold).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect(unsold.code).toBe('metering.not_for_sale');
    const badKey = await fails(f.client('qd_not-a-key').chat.completions.create(chat));
    expect(badKey).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(badKey.code).toBe('auth.invalid_key');
    const role = await fails(
      f.openai.chat.completions.create({
        ...chat,
        messages: [{ role: 'wizard', content: 'hi' } as never],
      }),
    );
    expect(role).toBeInstanceOf(OpenAI.BadRequestError);
    expect(role.code).toBe('request.invalid');
    expect(role.param).toBe('messages.0.role');
    const empty = await fails(f.openai.chat.completions.create({ ...chat, messages: [] }));
    expect(empty.param).toBe('messages');
    const range = await fails(f.openai.completions.create({ ...chat, prompt: 'x', max_tokens: 0 }));
    expect(range.param).toBe('max_tokens');
    const long = await fails(
      f.openai.completions.create({ model: 'writer', prompt: 'whale '.repeat(500) }),
    );
    expect(long.code).toBe('gateway.context_exceeded');
    expect(long.status).toBe(400);
    expect((await f.usageEvents()).length).toBe(before);
  });

  it('refuses invalid UTF-8 and lone surrogates, and answers unknown /v1 routes in the same shape', async () => {
    const bytes = Buffer.concat([
      Buffer.from('{"model":"writer","prompt":"'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('"}'),
    ]);
    const post = (body: string | Buffer) =>
      fetch(`${f.url}/v1/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${f.key.key}`, 'content-type': 'application/json' },
        body,
      });
    const bad = await post(bytes);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      error: expect.objectContaining({ code: 'gateway.invalid_utf8', param: null }),
    });
    const surrogate = await post('{"model":"writer","prompt":"\\ud800"}');
    expect(((await surrogate.json()) as OpenAiError).error.code).toBe('gateway.invalid_utf8');
    const route = await fetch(`${f.url}/v1/nothing`, {
      headers: { authorization: `Bearer ${f.key.key}` },
    });
    expect(route.status).toBe(404);
    expect(((await route.json()) as OpenAiError).error).toMatchObject({
      code: 'request.route_not_found',
      type: 'not_found_error',
    });
  });
});
