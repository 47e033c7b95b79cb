import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { encodeCifar10 } from '@qudao/ml';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext } from '../testing/index.ts';
import { importDataset, listDatasets, loadSplitDataset } from './data.service.ts';

describe('data: CIFAR-10 batches, image folders, text folders', () => {
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(async () => ctx?.dispose());

  it('reads CIFAR-10 binary batches written in that format, planar RGB to interleaved', async () => {
    const dir = path.join(ctx.paths.tmp, 'cifar');
    await mkdir(dir, { recursive: true });
    const count = 40;
    const images = new Uint8Array(count * 3072);
    const labels = Uint16Array.from({ length: count }, (_, i) => i % 10);
    for (let r = 0; r < count; r++) {
      for (let p = 0; p < 1024; p++) {
        images.set([r, p % 256, 255 - r], r * 3072 + p * 3);
      }
    }
    await writeFile(
      path.join(dir, 'data_batch_1.bin'),
      encodeCifar10({ images: images.subarray(0, 20 * 3072), labels: labels.subarray(0, 20) }),
    );
    await writeFile(
      path.join(dir, 'data_batch_2.bin'),
      encodeCifar10({ images: images.subarray(20 * 3072), labels: labels.subarray(20) }),
    );
    const { version } = await importDataset(ctx, { name: 'cifar', cifar: dir });
    expect(version).toMatchObject({ kind: 'image', rowCount: 40, shape: [32, 32, 3] });
    expect(version.classes[3]).toBe('cat');
    const { train } = await loadSplitDataset(ctx, 'cifar');
    if (train.kind !== 'image') throw new Error('kind');
    expect(Array.from(train.images.subarray(3, 6))).toEqual([train.images[0], 1, train.images[2]]);

    const truncated = path.join(ctx.paths.tmp, 'short.bin');
    await writeFile(
      truncated,
      encodeCifar10({ images: images.subarray(0, 3072), labels: labels.subarray(0, 1) }).subarray(
        0,
        2000,
      ),
    );
    await expect(importDataset(ctx, { name: 'short', cifar: truncated })).rejects.toMatchObject({
      code: 'data.truncated',
    });
  });

  it('decodes a folder of PNG/JPEG images per class with sharp, dropping unreadable and duplicate images', async () => {
    const root = path.join(ctx.paths.tmp, 'shapes');
    for (const cls of ['dark', 'light']) await mkdir(path.join(root, cls), { recursive: true });
    const solid = (v: number, w = 40, h = 30) =>
      sharp({ create: { width: w, height: h, channels: 3, background: { r: v, g: v, b: v } } });
    await writeFile(path.join(root, 'dark', 'a.png'), await solid(10).png().toBuffer());
    await writeFile(path.join(root, 'dark', 'b.jpg'), await solid(40, 64, 64).jpeg().toBuffer());
    await writeFile(path.join(root, 'dark', 'copy.png'), await solid(10).png().toBuffer());
    await writeFile(path.join(root, 'light', 'c.png'), await solid(240).png().toBuffer());
    await writeFile(path.join(root, 'light', 'd.png'), await solid(200, 10, 10).png().toBuffer());
    await writeFile(
      path.join(root, 'light', 'broken.png'),
      Buffer.from('\x89PNG\r\n\x1a\nnot really'),
    );
    const { version } = await importDataset(ctx, {
      name: 'shapes',
      folder: { path: root, type: 'images', height: 8, width: 8, channels: 1 },
      testFraction: 0.25,
    });
    expect(version).toMatchObject({
      kind: 'image',
      rowCount: 4,
      shape: [8, 8, 1],
      classes: ['dark', 'light'],
    });
    expect(version.cleaning).toMatchObject({ inputRows: 6, keptRows: 4, droppedRows: 2 });
    expect(version.cleaning!.byRule.unreadable!.dropped).toBe(1);
    expect(version.cleaning!.byRule.duplicates!.dropped).toBe(1);
    const dropped = await readFile(
      path.join(ctx.paths.datasets, 'shapes', 'v1', 'dropped.jsonl'),
      'utf8',
    );
    expect(dropped).toContain('broken.png');
  });

  it('reads a folder of UTF-8 texts per class (Chinese included) and drops a file in another encoding', async () => {
    const root = path.join(ctx.paths.tmp, 'mail');
    for (const cls of ['ham', 'spam']) await mkdir(path.join(root, cls), { recursive: true });
    await writeFile(path.join(root, 'ham', '1.txt'), '明天下午三点开会');
    await writeFile(path.join(root, 'ham', '2.txt'), 'Lunch on Friday?');
    await writeFile(path.join(root, 'spam', '1.txt'), '恭喜您中奖了！点击领取');
    await writeFile(path.join(root, 'spam', '2.txt'), 'WIN a FREE prize!!!');
    await writeFile(path.join(root, 'spam', '3.txt'), 'win a free prize');
    await writeFile(path.join(root, 'spam', 'gbk.txt'), Buffer.from([0xd6, 0xd0, 0xce, 0xc4]));
    const { version } = await importDataset(ctx, {
      name: 'mail',
      folder: { path: root, type: 'texts' },
      testFraction: 0.25,
    });
    expect(version).toMatchObject({
      kind: 'text',
      rowCount: 4,
      labelDistribution: { ham: 2, spam: 2 },
    });
    expect(version.cleaning!.byRule.unreadable!.dropped).toBe(1);
    expect(version.cleaning!.byRule.near_duplicates!.dropped).toBe(1);
    expect((await listDatasets(ctx)).map((d) => d.name)).not.toContain('short');
  });
});
