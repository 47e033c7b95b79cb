import { closePeriod, createApiKey } from '@qudao/server';
import type OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayFixture } from './gateway/fixture.ts';

/**
 * Token metering through the gateway: plans priced per 1,000 input and output tokens, usage
 * events with tokens, per-key budgets reserved for the worst case before a call runs.
 */
describe('gateway: token metering', () => {
  let f: Awaited<ReturnType<typeof gatewayFixture>>;
  const start = new Date(Date.now() - 60_000).toISOString();

  beforeAll(async () => {
    // 3 and 7 minor units per 1,000 tokens: costs are fractions of a minor unit per call.
    f = await gatewayFixture({ plan: { inputPricePer1kMinor: 3, outputPricePer1kMinor: 7 } });
  });
  afterAll(async () => f?.close());

  it('bills a call its tokens at the plan prices, in the usage block and the usage event', async () => {
    const { data, response } = await f.openai.completions
      .create({ model: 'writer', prompt: 'the whale and the sea', max_tokens: 6, seed: 1 })
      .withResponse();
    const usage = data.usage as OpenAI.CompletionUsage & { cost_minor: number; currency: string };
    expect(usage.completion_tokens).toBe(6);
    const milli = usage.prompt_tokens * 3 + 6 * 7;
    expect(usage.cost_minor).toBe(milli / 1000);
    expect(usage.currency).toBe('USD');
    expect(Number(response.headers.get('x-qudao-overhead-ms'))).toBeGreaterThanOrEqual(0);
    const event = (await f.usageEvents()).at(-1)!;
    expect(event).toMatchObject({
      type: 'qudao.generation',
      input_tokens: usage.prompt_tokens,
      output_tokens: 6,
      cost_milli_minor: milli,
      api_key_id: f.key.id,
    });
    expect(JSON.parse(event.data_json)).toMatchObject({ inputTokens: usage.prompt_tokens });
  });

  it("does not meter the owner's calls", async () => {
    const before = (await f.usageEvents()).length;
    const done = await f.owner.completions.create({
      model: 'writer',
      prompt: 'sea',
      max_tokens: 2,
    });
    expect(done.usage).toMatchObject({ completion_tokens: 2 });
    expect((done.usage as { cost_minor?: number }).cost_minor).toBeUndefined();
    expect((await f.usageEvents()).length).toBe(before);
  });

  it('shows the tokens on the invoice, priced per 1,000 once per line', async () => {
    await f.openai.chat.completions.create({
      model: 'writer',
      messages: [{ role: 'user', content: 'Call me Ishmael.' }],
      max_tokens: 4,
      stream: true,
    });
    // Let the streamed call settle before the period is read.
    await new Promise((r) => setTimeout(r, 300));
    const events = await f.usageEvents();
    const input = events.reduce((n, e) => n + (e.input_tokens ?? 0), 0);
    const output = events.reduce((n, e) => n + (e.output_tokens ?? 0), 0);
    const period = await closePeriod(f.ctx, { start, end: new Date().toISOString(), shadow: true });
    const invoice = period.invoices.find((i) => i.customerId === f.customer.id)!;
    const lines = invoice.lines.filter((l) => l.kind.endsWith('_tokens'));
    expect(
      lines.map(({ kind, units, unitPriceMinor, amountMinor }) => ({
        kind,
        units,
        unitPriceMinor,
        amountMinor,
      })),
    ).toEqual([
      {
        kind: 'input_tokens',
        units: input,
        unitPriceMinor: 3,
        amountMinor: Math.floor((2 * input * 3 + 1000) / 2000),
      },
      {
        kind: 'output_tokens',
        units: output,
        unitPriceMinor: 7,
        amountMinor: Math.floor((2 * output * 7 + 1000) / 2000),
      },
    ]);
  });
});

describe('gateway: a key budget under 50 concurrent streams', () => {
  const PROMPT = 'the whale and the sea';
  const MAX = 60;
  let f: Awaited<ReturnType<typeof gatewayFixture>>;
  let worst: number;
  let budgeted: { id: string; client: OpenAI };

  beforeAll(async () => {
    // One minor unit per token, in and out: a call's worst case is prompt + max_tokens units.
    f = await gatewayFixture({
      plan: { inputPricePer1kMinor: 1000, outputPricePer1kMinor: 1000 },
    });
    const probe = await f.owner.completions.create({
      model: 'writer',
      prompt: PROMPT,
      max_tokens: 1,
    });
    worst = probe.usage!.prompt_tokens + MAX;
    // The budget covers exactly 10 worst cases.
    const key = await createApiKey(f.ctx, f.customer.id, { budgetMinor: 10 * worst });
    expect(key.budgetMinor).toBe(10 * worst);
    budgeted = { id: key.id, client: f.client(key.key) };
  });
  afterAll(async () => f?.close());

  it('admits what the budget covers, bills each exactly its tokens, cut streams included', async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        try {
          const stream = await budgeted.client.completions.create({
            model: 'writer',
            prompt: PROMPT,
            max_tokens: MAX,
            seed: i,
            stream: true,
            stream_options: { include_usage: true },
          });
          let usage: OpenAI.CompletionUsage | null = null;
          let pieces = 0;
          for await (const chunk of stream) {
            if (chunk.usage) usage = chunk.usage;
            // Every fifth admitted stream is cut by its client after its second piece.
            if (i % 5 === 0 && ++pieces === 2) {
              stream.controller.abort();
              break;
            }
          }
          return { kind: i % 5 === 0 ? ('cut' as const) : ('done' as const), usage };
        } catch (error) {
          return { kind: 'refused' as const, error: error as InstanceType<typeof OpenAI.APIError> };
        }
      }),
    );
    // Cut streams settle at the server's next decode step: wait until nothing is held.
    for (let i = 0; i < 100; i++) {
      const held = await heldMilli(f, budgeted.id);
      if (held === 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(await heldMilli(f, budgeted.id)).toBe(0);
    const refused = results.filter((r) => r.kind === 'refused');
    const admitted = results.filter((r) => r.kind !== 'refused');
    for (const r of refused) {
      expect(r.error.status).toBe(402);
      expect(r.error.code).toBe('metering.budget_exhausted');
      expect(r.error.type).toBe('insufficient_quota');
    }
    expect(admitted.length).toBeGreaterThanOrEqual(10);
    const events = (await f.usageEvents()).filter((e) => e.api_key_id === budgeted.id);
    // One event per admitted call, none for refused ones.
    expect(events).toHaveLength(admitted.length);
    const spent = events.reduce((n, e) => n + e.cost_milli_minor!, 0) / 1000;
    expect(spent).toBeLessThanOrEqual(10 * worst);
    // Every event is its tokens at the prices; every finished stream's usage chunk is its event.
    for (const e of events)
      expect(e.cost_milli_minor).toBe(1000 * (e.input_tokens! + e.output_tokens!));
    const done = admitted.filter((r) => r.kind === 'done');
    expect(done.every((r) => r.usage?.completion_tokens === MAX)).toBe(true);
    const full = events.filter((e) => e.output_tokens === MAX).length;
    expect(full).toBeGreaterThanOrEqual(done.length);
    const cut = events.filter((e) => e.output_tokens! < MAX);
    expect(cut.length).toBe(admitted.length - full);
    expect(cut.length).toBeGreaterThan(0);
    const chunkTotal = done.reduce((n, r) => n + r.usage!.total_tokens, 0);
    const fullTotal = events
      .filter((e) => e.output_tokens === MAX)
      .slice(0, done.length)
      .reduce((n, e) => n + e.input_tokens! + e.output_tokens!, 0);
    expect(chunkTotal).toBe(fullTotal);
  });
});

async function heldMilli(
  f: Awaited<ReturnType<typeof gatewayFixture>>,
  keyId: string,
): Promise<number> {
  const key = await f.ctx.db
    .selectFrom('api_keys')
    .select(['budget_id'])
    .where('id', '=', keyId)
    .executeTakeFirstOrThrow();
  const now = new Date();
  const period = {
    start: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString(),
    end: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString(),
  };
  const state = await f.ctx.metering.budgets.state(f.ctx.db, { budgetId: key.budget_id!, period });
  return state.reserved;
}
