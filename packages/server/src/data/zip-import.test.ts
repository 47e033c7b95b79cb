import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, makeZip } from '../testing/index.ts';
import { importDataset, listDatasets } from './data.service.ts';
import { importTable } from './table-import.ts';

describe('data: ZIP archives (folders per class, a CSV inside), zip-bomb protection', () => {
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  const zip = async (name: string, entries: Record<string, string | Uint8Array>) => {
    const p = path.join(ctx.paths.tmp, name);
    await writeFile(p, makeZip(entries));
    return p;
  };
  const leftovers = async () =>
    (await readdir(ctx.paths.tmp)).filter((f) => f.startsWith('unzip-'));
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(async () => ctx?.dispose());

  it('imports a zipped folder of images per class, under one top folder', async () => {
    const png = (v: number) =>
      sharp({ create: { width: 8, height: 8, channels: 3, background: { r: v, g: v, b: v } } })
        .png()
        .toBuffer();
    const file = await zip('shapes.zip', {
      'shapes/dark/a.png': await png(10),
      'shapes/dark/b.png': await png(30),
      'shapes/light/c.png': await png(220),
      'shapes/light/d.png': await png(240),
      '__MACOSX/shapes/._a.png': 'junk',
    });
    const { version } = await importDataset(ctx, {
      name: 'zipped-shapes',
      folder: { path: file, type: 'images', height: 4, width: 4 },
      testFraction: 0.5,
    });
    expect(version).toMatchObject({ kind: 'image', rowCount: 4, classes: ['dark', 'light'] });
    expect(await leftovers()).toEqual([]);
  });

  it('imports a zipped folder of text files per class', async () => {
    const file = await zip('notes.zip', {
      'spam/1.txt': '中奖了，快来领取',
      'spam/2.txt': 'win money now',
      'ham/1.txt': 'meeting at noon',
      'ham/2.txt': '明天见',
    });
    const { version } = await importDataset(ctx, {
      name: 'zipped-notes',
      folder: { path: file, type: 'texts' },
      testFraction: 0.5,
    });
    expect(version).toMatchObject({ kind: 'text', rowCount: 4 });
  });

  it('imports the CSV inside a zip as a table source', async () => {
    const file = await zip('table.zip', { 'export/rows.csv': 'x,label\n1,a\n2,b\n3,a\n4,b\n' });
    const { version } = await importTable(ctx, {
      name: 'zipped-table',
      sources: [{ path: file }],
      testFraction: 0.5,
    });
    expect(version).toMatchObject({ kind: 'tabular', rowCount: 4, sources: ['rows.csv'] });
    expect(await leftovers()).toEqual([]);
  });

  it.each([
    ['bomb.zip', { 'a.csv': Buffer.alloc(16 * 1024 * 1024, 0x30) }, 'data.too_large'],
    ['escape.zip', { '../../evil.csv': 'x,label\n1,a\n' }, 'data.bad_archive'],
    ['empty.zip', { 'readme.md': 'nothing here' }, 'data.bad_archive'],
  ])('refuses %s with %s, leaving no version and nothing unpacked', async (name, entries, code) => {
    const file = await zip(name, entries);
    await expect(
      importTable(ctx, { name: 'bad-zip', sources: [{ path: file }] }),
    ).rejects.toMatchObject({ code });
    expect((await listDatasets(ctx)).map((d) => d.name)).not.toContain('bad-zip');
    expect(await leftovers()).toEqual([]);
  });

  it('refuses too many entries, more bytes than QUDAO_MAX_IMPORT_BYTES, and a damaged archive', async () => {
    const many = await zip(
      'many.zip',
      Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`c/${i}.txt`, `t${i}`])),
    );
    const limits = { ...ctx.config };
    try {
      ctx.config.maxImportEntries = 20;
      await expect(
        importDataset(ctx, { name: 'bad-zip', folder: { path: many, type: 'texts' } }),
      ).rejects.toMatchObject({ code: 'data.too_large' });
      ctx.config.maxImportEntries = limits.maxImportEntries;
      ctx.config.maxImportBytes = 1000;
      const big = await zip('big.zip', { 'a.csv': `x,label\n${'1,a\n'.repeat(400)}` });
      await expect(
        importTable(ctx, { name: 'bad-zip', sources: [{ path: big }] }),
      ).rejects.toMatchObject({ code: 'data.too_large' });
    } finally {
      Object.assign(ctx.config, limits);
    }
    const good = makeZip({ 'a.csv': 'x,label\n1,a\n2,b\n' });
    const damaged = path.join(ctx.paths.tmp, 'damaged.zip');
    await writeFile(damaged, good.subarray(0, good.length - 30));
    await expect(
      importTable(ctx, { name: 'bad-zip', sources: [{ path: damaged }] }),
    ).rejects.toMatchObject({ code: 'data.bad_archive' });
    expect(await leftovers()).toEqual([]);
  });
});
