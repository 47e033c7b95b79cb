import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pngBomb } from './png-bomb.ts';
import { servingFixture } from './serving-fixture.ts';

/**
 * #11: a 3.5 MB PNG declaring 60000x60000 held the event loop 33 s and left the process at
 * 7.1 GB. A PNG's declared size is checked against the endpoint's image size before anything
 * is inflated, its data is inflated no further than that size, and the decode runs on a worker:
 * the event loop and /health stay responsive and memory stays flat.
 */
describe('PNG decompression bombs', () => {
  let f: Awaited<ReturnType<typeof servingFixture>>;
  beforeAll(async () => {
    f = await servingFixture();
  });
  afterAll(() => f?.close());

  const predictPng = (bytes: Buffer) =>
    f.app.inject({
      method: 'POST',
      url: '/api/v1/endpoints/digits/predict',
      headers: { authorization: `Bearer ${f.key}`, 'content-type': 'image/png' },
      payload: bytes,
    });

  it('refuses bombs of several sizes fast, with flat memory and /health answering meanwhile', async () => {
    const bombs = [
      pngBomb(8000, 8000), // 62 KB, 64 MB inflated
      pngBomb(20000, 20000), // 400 KB, 400 MB inflated
      pngBomb(60000, 60000), // 3.5 MB, 3.6 GB inflated
      pngBomb(28, 28, 64 << 20), // the right size declared, 64 MB of data behind it
    ];
    expect(bombs[2]!.length).toBeGreaterThan(3_000_000);
    // Warm: the first call loads nothing new, so what is measured is the bombs alone.
    expect((await predictPng(pngBomb(28, 28))).statusCode).toBe(200);
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    const loop = monitorEventLoopDelay({ resolution: 5 });
    loop.enable();
    const started = performance.now();
    const healthMs: number[] = [];
    const probing = (async () => {
      for (let i = 0; i < 5; i++) {
        const t = performance.now();
        const health = await f.app.inject({ method: 'GET', url: '/api/v1/health' });
        expect(health.statusCode).toBe(200);
        healthMs.push(performance.now() - t);
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    const answers = await Promise.all(bombs.map((b) => predictPng(b)));
    await probing;
    loop.disable();
    const elapsed = performance.now() - started;
    const grown = (process.memoryUsage().rss - rssBefore) / 2 ** 20;

    expect(
      answers.map((a) => [a.statusCode, a.json().error.code, a.json().error.details.reason]),
    ).toEqual([
      [400, 'serving.bad_input', 'shape'],
      [400, 'serving.bad_input', 'shape'],
      [400, 'serving.bad_input', 'shape'],
      [400, 'serving.bad_input', 'not_an_image'],
    ]);
    expect(answers[2]!.json().error.message).toContain('60000x60000');
    expect(answers[3]!.json().error.message).toContain('inflates to more than');
    expect(elapsed).toBeLessThan(5000);
    expect(grown).toBeLessThan(150);
    // The loop never stalled on a decode: no pause near the seconds a bomb used to cost.
    expect(loop.max / 1e6).toBeLessThan(1000);
    expect(Math.max(...healthMs)).toBeLessThan(1000);
    // Refused inputs are never billed (the warm-up call is the one event).
    expect((await f.usageEvents()).length).toBe(1);
  });
});
