import { readdir } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { QudaoApiError, QudaoClient } from '@qudao/client';
import { buildServer, listDatasets } from '@qudao/server';
import { createTestContext, makeZip } from '@qudao/server/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** Dataset files uploaded over real HTTP (multipart), imported like server-side files. */
describe('data: upload over HTTP', () => {
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  let app: FastifyInstance;
  let client: QudaoClient;
  const LIMIT = 64 * 1024;
  const staged = async () =>
    (await readdir(ctx.paths.tmp)).filter((f) => f.startsWith('upload-') || f.startsWith('unzip-'));

  beforeAll(async () => {
    ctx = await createTestContext();
    (ctx.config as { maxUploadBytes: number }).maxUploadBytes = LIMIT;
    app = await buildServer(ctx);
    client = new QudaoClient({
      baseUrl: await app.listen({ host: '127.0.0.1', port: 0 }),
      token: ctx.ownerToken,
    });
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.dispose();
  });

  const refusal = async (promise: Promise<unknown>) => {
    const error = await promise.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(QudaoApiError);
    return error as QudaoApiError;
  };

  it('imports an uploaded CSV, a .gz JSONL and a zip of text folders', async () => {
    const csv = new TextEncoder().encode(
      '评论,label\n很好,pos\n太差了,neg\ngreat,pos\nawful,neg\n',
    );
    const version = await client.uploadDataset('reviews', csv, 'reviews.csv', {
      text: '评论',
      testFraction: 0.5,
    });
    expect(version).toMatchObject({ dataset: 'reviews', version: 1, kind: 'text', rowCount: 4 });
    expect(version.sources).toEqual(['reviews.csv']);

    const jsonl = gzipSync('{"x":1,"y":"a"}\n{"x":2,"y":"b"}\n{"x":3,"y":"a"}\n{"x":4,"y":"b"}\n');
    const table = await client.uploadDataset('points', jsonl, 'points.jsonl.gz', {
      label: 'y',
      testFraction: 0.5,
    });
    expect(table).toMatchObject({ kind: 'tabular', rowCount: 4, columns: ['x'] });

    const zip = makeZip({
      'spam/1.txt': 'win now',
      'spam/2.txt': '中奖',
      'ham/1.txt': 'hi',
      'ham/2.txt': 'lunch?',
    });
    const texts = await client.uploadDataset('mail', zip, 'mail.zip', {
      type: 'texts',
      testFraction: 0.5,
    });
    expect(texts).toMatchObject({ kind: 'text', rowCount: 4 });
    expect(await staged()).toEqual([]);
  });

  it('refuses an oversized upload with 413 request.too_large, leaving nothing behind', async () => {
    const big = new TextEncoder().encode(`x,label\n${'12345,a\n'.repeat(LIMIT / 4)}`);
    const error = await refusal(client.uploadDataset('huge', big, 'huge.csv'));
    expect(error).toMatchObject({ status: 413, code: 'request.too_large' });
    expect((await listDatasets(ctx)).map((d) => d.name)).not.toContain('huge');
    expect(await staged()).toEqual([]);
  });

  it('refuses a zip bomb, an unknown file type and a bad archive with clear codes', async () => {
    const bomb = makeZip({ 'a.csv': Buffer.alloc(8 * 1024 * 1024, 0x30) });
    expect(bomb.length).toBeLessThan(LIMIT);
    expect(await refusal(client.uploadDataset('bomb', bomb, 'bomb.zip'))).toMatchObject({
      status: 413,
      code: 'data.too_large',
    });
    expect(
      await refusal(client.uploadDataset('exe', new Uint8Array([1, 2]), 'tool.exe')),
    ).toMatchObject({ status: 400, code: 'data.unknown_format' });
    expect(
      await refusal(client.uploadDataset('junk', new Uint8Array([1, 2, 3]), 'junk.zip')),
    ).toMatchObject({ code: 'data.bad_archive' });
    const names = (await listDatasets(ctx)).map((d) => d.name);
    expect(names).not.toContain('bomb');
    expect(names).not.toContain('junk');
    expect(await staged()).toEqual([]);
  });
});
