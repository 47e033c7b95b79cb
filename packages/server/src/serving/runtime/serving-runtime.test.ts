import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDataset } from '../../data/data.service.ts';
import { writeMnistSubset } from '../../demo/mnist-subset.ts';
import { getModelVersion, getServableVersion } from '../../registry/registry.service.ts';
import { createTestContext } from '../../testing/index.ts';
import { startTraining } from '../../training/training.service.ts';
import { pngFitsInline } from './inline-lane.ts';
import type { RuntimeModel } from './runtime.types.ts';
import { runtimeModelOf } from './runtime-model.ts';
import type { RuntimeEvents } from './serving-runtime.ts';
import { ServingRuntime } from './serving-runtime.ts';

/** Runtime events recorded, to assert on what the runtime did. */
function recorder() {
  const seen = {
    batches: [] as { rows: number; reason: string; lane: string }[],
    loaded: [] as string[],
    evicted: [] as string[],
  };
  const events: RuntimeEvents = {
    batch: (_m, _e, rows, reason, _ms, lane) => seen.batches.push({ rows, reason, lane }),
    queue: () => {},
    queueDelay: () => {},
    compute: () => {},
    loaded: (m) => seen.loaded.push(`${m.label.model}@${m.label.version}`),
    evicted: (m) => seen.evicted.push(`${m.label.model}@${m.label.version}`),
    memory: () => {},
  };
  return { seen, events };
}

describe('the serving runtime (worker threads, batches, loaded versions)', () => {
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  let v1: RuntimeModel;
  let v2: RuntimeModel;
  let images: Uint8Array;
  const runtimes: ServingRuntime[] = [];
  const runtime = (memoryBytes = 1 << 30, inlineMs = 0) => {
    const r = recorder();
    const rt = new ServingRuntime({
      workers: 1,
      onnxThreads: 1,
      memoryBytes,
      events: r.events,
      inlineMs,
    });
    runtimes.push(rt);
    return { rt, seen: r.seen };
  };
  /** Image `i` of the subset as the model's input (0..1), `n` times over. */
  const rows = (n: number, i = 0) => {
    const data = new Float32Array(n * 784);
    for (let r = 0; r < n; r++) {
      for (let p = 0; p < 784; p++) data[r * 784 + p] = images[((i + r) % 300) * 784 + p]! / 255;
    }
    return data;
  };
  const settings = { maxBatchRows: 16, maxDelayMs: 2, maxQueueRows: 1000 };

  beforeAll(async () => {
    ctx = await createTestContext();
    const files = await writeMnistSubset(ctx.paths.tmp, 300);
    images = files.mnist.images;
    await importDataset(ctx, { name: 'digits', idx: files });
    for (const epochs of [1, 2]) {
      const job = await startTraining(ctx, {
        dataset: 'digits',
        model: 'mlp',
        epochs,
        batchSize: 64,
      });
      expect((await ctx.jobs.waitFor(job.id)).error).toBeNull();
    }
    const servable = async (version: number) =>
      runtimeModelOf(
        (await getServableVersion(ctx, (await getModelVersion(ctx, 'digits-mlp', version)).id))!,
      );
    v1 = await servable(1);
    v2 = await servable(2);
  });
  afterAll(async () => {
    for (const rt of runtimes) await rt.close();
    await ctx?.dispose();
  });

  it('merges concurrent calls into batches of rows, with the same answers as one by one', async () => {
    const { rt, seen } = runtime();
    await rt.warm(v1);
    const alone: Float32Array[] = [];
    for (let i = 0; i < 40; i++) {
      alone.push(
        (await rt.run('digits', v1, { kind: 'tensor', rows: 1, data: rows(1, i) }, settings))
          .values,
      );
    }
    expect(seen.batches.every((b) => b.rows === 1)).toBe(true);
    seen.batches.length = 0;
    const together = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        rt.run('digits', v1, { kind: 'tensor', rows: 1, data: rows(1, i) }, settings),
      ),
    );
    for (let i = 0; i < 40; i++) {
      expect(together[i]!.units).toBe(10);
      for (let k = 0; k < 10; k++) expect(together[i]!.values[k]).toBeCloseTo(alone[i]![k]!, 5);
    }
    // 40 rows in batches of at most 16: three batches, the first two full.
    expect(seen.batches.map((b) => b.rows)).toEqual([16, 16, 8]);
    expect(seen.batches.map((b) => b.reason).slice(0, 2)).toEqual(['full', 'full']);
  });

  it('splits a call of more rows than a batch holds, never more rows a batch', async () => {
    const { rt, seen } = runtime();
    await rt.warm(v1);
    const many = { ...settings, maxBatchRows: 100, maxQueueRows: 4000 };
    const out = await rt.run('digits', v1, { kind: 'tensor', rows: 2000, data: rows(2000) }, many);
    expect(out.rows).toBe(2000);
    expect(out.values.length).toBe(20_000);
    expect(seen.batches.map((b) => b.rows)).toEqual(Array(20).fill(100));
    const first = await rt.run('digits', v1, { kind: 'tensor', rows: 1, data: rows(1) }, settings);
    for (let k = 0; k < 10; k++) expect(out.values[k]).toBeCloseTo(first.values[k]!, 5);
  });

  it('runs a batch off the event loop: timers keep firing while it computes', async () => {
    const { rt } = runtime();
    await rt.warm(v1);
    const one = { maxBatchRows: 4096, maxDelayMs: 0, maxQueueRows: 4096 };
    const loop = monitorEventLoopDelay({ resolution: 1 });
    loop.enable();
    const started = performance.now();
    await rt.run('digits', v1, { kind: 'tensor', rows: 4096, data: rows(4096) }, one);
    const elapsed = performance.now() - started;
    loop.disable();
    // One 4096-row forward pass: on the event loop it would stall it for all of its time.
    expect(elapsed).toBeGreaterThan(20);
    expect(loop.max / 1e6).toBeLessThan(elapsed / 2);
  });

  it('bounds the queue in rows: a call past it is refused with the reason and a retry time', async () => {
    const { rt } = runtime();
    await rt.warm(v1);
    const small = { maxBatchRows: 1, maxDelayMs: 0, maxQueueRows: 3 };
    const calls = Array.from({ length: 10 }, (_, i) =>
      rt.run('digits', v1, { kind: 'tensor', rows: 1, data: rows(1, i) }, small).then(
        () => 'ok',
        (error) => error,
      ),
    );
    const results = await Promise.all(calls);
    expect(results.filter((r) => r === 'ok').length).toBe(3);
    const refused = results.filter((r) => r !== 'ok');
    expect(refused.length).toBe(7);
    expect(refused[0]).toMatchObject({
      code: 'serving.overloaded',
      status: 503,
      details: { reason: 'queue_full', queuedRows: 3 },
      headers: { 'retry-after': '1' },
    });
    await expect(
      rt.run('digits', v1, { kind: 'tensor', rows: 4, data: rows(4) }, small),
    ).rejects.toMatchObject({ code: 'serving.too_many_rows', status: 413 });
  });

  it('keeps several versions loaded, and past the memory budget unloads the least recently used', async () => {
    const big = runtime();
    await big.rt.warm(v1);
    await big.rt.warm(v2);
    expect(big.rt.models.list().map((m) => m.model.label.version)).toEqual([2, 1]);
    const a = await big.rt.run('a', v1, { kind: 'tensor', rows: 1, data: rows(1) }, settings);
    const b = await big.rt.run('b', v2, { kind: 'tensor', rows: 1, data: rows(1) }, settings);
    expect(Array.from(a.values)).not.toEqual(Array.from(b.values)); // two different models answered

    const oneFits = big.rt.models.list()[0]!.bytes * 1.5;
    const { rt, seen } = runtime(oneFits);
    await rt.warm(v1);
    await rt.warm(v2);
    expect(seen.evicted).toEqual(['digits-mlp@1']);
    expect(rt.models.list().map((m) => m.model.label.version)).toEqual([2]);
    // Called again, v1 is loaded and warmed again (v2 goes), and answers as before.
    const again = await rt.run('a', v1, { kind: 'tensor', rows: 1, data: rows(1) }, settings);
    expect(Array.from(again.values)).toEqual(Array.from(a.values));
    expect(seen.loaded).toEqual(['digits-mlp@1', 'digits-mlp@2', 'digits-mlp@1']);
    expect(seen.evicted).toEqual(['digits-mlp@1', 'digits-mlp@2']);
  });

  it('drains: queued rows finish, later calls are refused as draining', async () => {
    const { rt } = runtime();
    await rt.warm(v1);
    const pending = Array.from({ length: 8 }, (_, i) =>
      rt.run('digits', v1, { kind: 'tensor', rows: 1, data: rows(1, i) }, settings),
    );
    await new Promise((r) => setImmediate(r));
    const drained = rt.drain();
    expect((await Promise.all(pending)).every((o) => o.values.length === 10)).toBe(true);
    await drained;
    await expect(
      rt.run('digits', v1, { kind: 'tensor', rows: 1, data: rows(1) }, settings),
    ).rejects.toMatchObject({ code: 'serving.overloaded', details: { reason: 'draining' } });
  });

  it("runs a small version on the event loop once measured, with the workers' answers", async () => {
    const workers = runtime();
    const { rt, seen } = runtime(1 << 30, 5);
    await workers.rt.warm(v1);
    await rt.warm(v1);
    const one = (r: ServingRuntime, i: number) =>
      r.run('digits', v1, { kind: 'tensor', rows: 1, data: rows(1, i) }, settings);
    for (let i = 0; i < 60; i++) {
      const [inline, worker] = [await one(rt, i), await one(workers.rt, i)];
      for (let k = 0; k < 10; k++) expect(inline.values[k]).toBeCloseTo(worker.values[k]!, 5);
    }
    // Measured on the worker first (8 batches), then run here once its copy has loaded.
    expect(seen.batches.slice(0, 8).map((b) => b.lane)).toEqual(Array(8).fill('worker'));
    const inline = seen.batches.filter((b) => b.lane === 'inline').length;
    expect(inline).toBeGreaterThan(40);
    expect(workers.seen.batches.every((b) => b.lane === 'worker')).toBe(true);
    // The memory budget counts the inline copy: two copies where the other runtime has one.
    expect(rt.models.list()[0]!.bytes).toBe(2 * workers.rt.models.list()[0]!.bytes);

    // While a batch runs inline, the next goes to a worker: concurrent calls still batch.
    seen.batches.length = 0;
    const together = await Promise.all(Array.from({ length: 40 }, (_, i) => one(rt, i)));
    expect(together.every((o) => o.values.length === 10)).toBe(true);
    expect(seen.batches.reduce((n, b) => n + b.rows, 0)).toBe(40);
    expect(seen.batches.some((b) => b.lane === 'worker')).toBe(true);
  });

  it('keeps a version measured over the inline budget on the workers', async () => {
    const { rt, seen } = runtime(1 << 30, 1e-6);
    await rt.warm(v1);
    for (let i = 0; i < 20; i++) {
      await rt.run('digits', v1, { kind: 'tensor', rows: 1, data: rows(1, i) }, settings);
    }
    expect(seen.batches.length).toBe(20);
    expect(seen.batches.every((b) => b.lane === 'worker')).toBe(true);
  });
});

describe("the inline lane's PNG bound", () => {
  it('takes a PNG no bigger than its pixels could need, never one that could inflate further', () => {
    const mnist = { height: 28, width: 28, channels: 1 };
    expect(pngFitsInline(600, mnist)).toBe(true); // a real 28x28 digit is a few hundred bytes
    expect(pngFitsInline(28 * (28 * 4 + 1) + 1024, mnist)).toBe(true); // RGBA, uncompressed
    expect(pngFitsInline(28 * (28 * 4 + 1) + 1025, mnist)).toBe(false);
    expect(pngFitsInline(64 * 1024 * 1024, mnist)).toBe(false);
  });
});
