import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../http/server.ts';
import { createTestContext } from '../testing/index.ts';
import type { DatasetRowsView } from './data.schemas.ts';
import { findVersionRow, importDataset, loadVersionRows } from './data.service.ts';

/** `GET /api/v1/datasets/:name/versions/:version/rows`: the rows the console previews. */
describe('data: row previews', () => {
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  let app: FastifyInstance;
  const get = async (url: string, token = ctx.ownerToken) =>
    app.inject({ url, headers: { authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    ctx = await createTestContext();
    await importDataset(ctx, { name: 'iris', builtin: 'iris' });
    await importDataset(ctx, { name: 'boston', builtin: 'boston' });
    await importDataset(ctx, { name: 'mnist', builtin: 'mnist' });
    app = await buildServer(ctx);
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.dispose();
  });

  it('pages a table in stored order, each row with its split, class and values by column', async () => {
    const reply = await get('/api/v1/datasets/iris/versions/1/rows?offset=48&limit=4');
    expect(reply.statusCode).toBe(200);
    const page = reply.json() as DatasetRowsView;
    expect(page.total).toBe(150);
    expect(page.offset).toBe(48);
    expect(page.rows.map((r) => r.row)).toEqual([48, 49, 50, 51]);
    const { full, split } = await loadVersionRows(ctx, await findVersionRow(ctx, 'iris', 1));
    if (full.kind !== 'tabular') throw new Error('kind');
    for (const row of page.rows) {
      expect(row.label).toBe(full.classes![full.labels![row.row]!]);
      expect(row.split).toBe(['train', 'test', 'validation'][split[row.row]!]);
      if (row.content.kind !== 'tabular') throw new Error('content');
      expect(Object.keys(row.content.values)).toEqual(full.columns);
      expect(Object.values(row.content.values)[0]).toBeCloseTo(full.features[row.row * 4]!, 5);
    }
    // Past the end: what is left, then nothing.
    const tail = (await get('/api/v1/datasets/iris/versions/1/rows?offset=148')).json();
    expect(tail.rows.map((r: { row: number }) => r.row)).toEqual([148, 149]);
    expect((await get('/api/v1/datasets/iris/versions/1/rows?offset=500')).json().rows).toEqual([]);
  });

  it('gives a regression row its target and no class, and images their pixels', async () => {
    const boston = (await get('/api/v1/datasets/boston/versions/1/rows?limit=1')).json();
    expect(boston.rows[0]).toMatchObject({ label: null, value: expect.any(Number) });
    const mnist = (await get('/api/v1/datasets/mnist/versions/1/rows?limit=3')).json();
    expect(mnist.rows).toHaveLength(3);
    const first = mnist.rows[0].content;
    expect(first.kind).toBe('image');
    expect(first.shape).toEqual([28, 28, 1]);
    expect(first.pixels).toHaveLength(784);
    expect(Math.max(...first.pixels)).toBeGreaterThan(100);
    expect(mnist.rows[0].label).toMatch(/^[0-9]$/);
  });

  it('answers stable codes for a missing data set, a missing version and a bad page', async () => {
    const missing = await get('/api/v1/datasets/nope/versions/1/rows');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('data.dataset_not_found');
    const version = await get('/api/v1/datasets/iris/versions/9/rows');
    expect(version.statusCode).toBe(404);
    expect(version.json().error.code).toBe('data.version_not_found');
    for (const query of ['limit=0', 'limit=101', 'offset=-1', 'limit=abc']) {
      const bad = await get(`/api/v1/datasets/iris/versions/1/rows?${query}`);
      expect(bad.statusCode, query).toBe(400);
      expect(bad.json().error.code, query).toBe('request.invalid');
    }
  });
});
