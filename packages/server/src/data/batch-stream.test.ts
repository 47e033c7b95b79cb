import { truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ImageDataset, RowBlock, TabularDataset } from '@qudao/ml';
import { syntheticClasses, syntheticRegression } from '@qudao/ml/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext } from '../testing/index.ts';
import { type BatchStreamOptions, streamDatasetBatches } from './batch-stream.ts';
import { importLoadedDataset, loadSplitDataset } from './data.service.ts';
import { FILES } from './dataset-files.ts';
import { importTable } from './table-import.ts';

/** Every batch of a stream, joined: sizes, rows (as arrays) and labels or targets. */
async function drain(stream: AsyncIterable<RowBlock>, width: number) {
  const out = { sizes: [] as number[], rows: [] as number[][], ys: [] as number[] };
  for await (const batch of stream) {
    out.sizes.push(batch.count);
    for (let i = 0; i < batch.count; i++) {
      out.rows.push(Array.from(batch.features.subarray(i * width, (i + 1) * width)));
    }
    out.ys.push(...(batch.labels ?? batch.targets!));
  }
  return out;
}

function tableRows(table: TabularDataset) {
  const width = table.columns.length;
  return Array.from({ length: table.rowCount }, (_, r) =>
    Array.from(table.features.subarray(r * width, (r + 1) * width)),
  );
}

/** 10×8 grey images whose pixels encode the row number, three classes. */
function images(count: number): ImageDataset {
  const size = 10 * 8;
  const pixels = new Uint8Array(count * size);
  for (let i = 0; i < count; i++)
    for (let p = 0; p < size; p++) pixels[i * size + p] = (i * 7 + p * (p % 4)) % 256;
  return {
    images: pixels,
    labels: Uint16Array.from({ length: count }, (_, i) => i % 3),
    shape: [10, 8, 1],
    classes: ['a', 'b', 'c'],
  };
}

describe('streaming a stored version in batches', () => {
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  const split = { testFraction: 0.25, seed: 2, source: 'test' };
  const stream = (name: string, options: BatchStreamOptions) =>
    streamDatasetBatches(ctx, name, options);

  beforeAll(async () => {
    ctx = await createTestContext();
    await importLoadedDataset(ctx, 'flowers', syntheticClasses(203, 1), split);
    await importLoadedDataset(ctx, 'houses', syntheticRegression(90, 2), split);
    await importLoadedDataset(ctx, 'pictures', { kind: 'image', ...images(60) }, split);
  });
  afterAll(() => ctx?.dispose());

  it('gives the stored split in order, block after block, with a partial last batch', async () => {
    const { train, test } = await loadSplitDataset(ctx, 'flowers');
    if (train.kind !== 'tabular' || test.kind !== 'tabular') throw new Error('kind');
    // Blocks of 10 rows: the split's rows are spread over 21 reads.
    const got = await drain(stream('flowers', { batchSize: 16, blockRows: 10 }), 4);
    const full = Math.floor(train.rowCount / 16);
    expect(got.sizes).toEqual([...Array(full).fill(16), train.rowCount % 16].filter(Boolean));
    expect(got.sizes.at(-1)).toBeLessThan(16);
    expect(got.rows).toEqual(tableRows(train));
    expect(got.ys).toEqual(Array.from(train.labels!));
    const tested = await drain(stream('flowers', { batchSize: 50, split: 'test' }), 4);
    expect(tested.rows).toEqual(tableRows(test));
    const all = await drain(stream('flowers', { batchSize: 64, split: 'all', blockRows: 7 }), 4);
    expect(all.rows).toHaveLength(203);
    expect(all.sizes).toEqual([64, 64, 64, 11]);
  });

  it('shuffles with a seed and keeps each row with its target', async () => {
    const { train } = await loadSplitDataset(ctx, 'houses');
    if (train.kind !== 'tabular') throw new Error('kind');
    const options = { batchSize: 8, blockRows: 16, shuffleBuffer: 20, seed: 4 };
    const shuffled = await drain(stream('houses', options), 4);
    const key = (row: number[], y: number) => JSON.stringify([row, y]);
    const stored = tableRows(train).map((row, i) => key(row, train.target![i]!));
    const seen = shuffled.rows.map((row, i) => key(row, shuffled.ys[i]!));
    expect(seen).not.toEqual(stored);
    expect([...seen].sort()).toEqual([...stored].sort());
    expect((await drain(stream('houses', options), 4)).rows).toEqual(shuffled.rows);
  });

  it('gives pixels as 0..1 floats and augments them without touching labels', async () => {
    const { train } = await loadSplitDataset(ctx, 'pictures');
    if (train.kind !== 'image') throw new Error('kind');
    const plain = await drain(stream('pictures', { batchSize: 10, blockRows: 9 }), 80);
    const n = train.labels.length;
    expect(plain.rows).toEqual(
      Array.from({ length: n }, (_, r) =>
        Array.from(train.images.subarray(r * 80, (r + 1) * 80), (v) => Math.fround(v / 255)),
      ),
    );
    expect(plain.ys).toEqual(Array.from(train.labels));
    const flipped = await drain(
      stream('pictures', { batchSize: 10, augment: { flipHorizontal: true }, seed: 3 }),
      80,
    );
    expect(flipped.ys).toEqual(plain.ys);
    const changed = flipped.rows.filter(
      (row, i) => JSON.stringify(row) !== JSON.stringify(plain.rows[i]),
    );
    expect(changed.length).toBeGreaterThan(5);
    expect(changed.length).toBeLessThan(n - 5);
  });

  it('leaves out rows still to be labelled', async () => {
    const csv = path.join(ctx.paths.tmp, 'partly.csv');
    const lines = ['a,b,label'];
    for (let i = 0; i < 40; i++)
      lines.push(`${i},${i * 2},${i % 4 === 0 ? '' : i % 2 ? 'odd' : 'even'}`);
    await writeFile(csv, `${lines.join('\n')}\n`);
    await importTable(ctx, {
      name: 'partly',
      sources: [{ path: csv }],
      label: 'label',
      keepUnlabeled: true,
      testFraction: 0.25,
    });
    const got = await drain(stream('partly', { batchSize: 8, split: 'all', blockRows: 6 }), 2);
    expect(got.rows.map((r) => r[0])).toEqual(
      Array.from({ length: 40 }, (_, i) => i).filter((i) => i % 4 !== 0),
    );
  });

  it('reads the file as it goes: damage past the first block surfaces only when it is reached', async () => {
    const { path: dir } = await ctx.db
      .selectFrom('dataset_versions')
      .innerJoin('datasets', 'datasets.id', 'dataset_versions.dataset_id')
      .select('dataset_versions.path')
      .where('datasets.name', '=', 'flowers')
      .executeTakeFirstOrThrow();
    const batches = stream('flowers', { batchSize: 4, blockRows: 10, split: 'all' });
    const first = await batches.next();
    expect((first.value as RowBlock).count).toBe(4);
    // Cut the features file to 20 rows after the first read; the stream had not read on yet.
    await truncate(path.join(dir, FILES.features), 20 * 4 * 4);
    await batches.next(); // rows 4..7, still from the first block
    await batches.next(); // rows 8..11: the second block (10..19) is still whole
    await expect(drain(batches, 4)).rejects.toMatchObject({ code: 'data.version_corrupt' });
  });

  it('refuses a text version with a code', async () => {
    const csv = path.join(ctx.paths.tmp, 'notes.csv');
    await writeFile(csv, 'text,label\nhello there,a\nbuy now,b\nsee you,a\nfree cash,b\n');
    await importTable(ctx, {
      name: 'notes',
      sources: [{ path: csv }],
      text: 'text',
      label: 'label',
    });
    await expect(drain(stream('notes', { batchSize: 2 }), 1)).rejects.toMatchObject({
      code: 'data.bad_mapping',
    });
  });
});
