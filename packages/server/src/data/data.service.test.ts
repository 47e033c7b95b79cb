import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext } from '../testing/index.ts';
import {
  getDatasetVersion,
  importDataset,
  listDatasetVersions,
  loadKFoldDataset,
  loadSplitDataset,
} from './data.service.ts';

describe('data: built-in imports of every kind', () => {
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(async () => ctx?.dispose());

  it('imports spam as a text version with its real spam/ham counts', async () => {
    const { version, created } = await importDataset(ctx, { name: 'spam', builtin: 'spam' });
    expect(created).toBe(true);
    expect(version).toMatchObject({
      kind: 'text',
      task: 'classification',
      rowCount: 6046,
      classes: ['ham', 'spam'],
      labelDistribution: { ham: 4150, spam: 1896 },
      splits: { train: 4837, test: 1209, validation: 0, seed: 42 },
      parent: null,
    });
    const split = await loadSplitDataset(ctx, 'spam');
    expect(split.train.kind).toBe('text');
    if (split.test.kind !== 'text') throw new Error('kind');
    expect(split.test.texts).toHaveLength(1209);
    // Stratified: the test split keeps the spam share within a row.
    const spamInTest = split.test.labels.filter((l) => l === 1).length;
    expect(Math.abs(spamInTest - 1896 * 0.2)).toBeLessThanOrEqual(1);
  });

  it('imports boston as a regression table and iris as a classification table', async () => {
    const boston = (await importDataset(ctx, { name: 'boston', builtin: 'boston' })).version;
    expect(boston).toMatchObject({
      kind: 'tabular',
      task: 'regression',
      rowCount: 506,
      shape: [13],
    });
    expect(boston.targetStats).toMatchObject({ min: 5, max: 50 });
    expect(boston.targetName).toBe('medv');
    const { train, test } = await loadSplitDataset(ctx, 'boston');
    if (train.kind !== 'tabular' || test.kind !== 'tabular') throw new Error('kind');
    expect(train.rowCount + test.rowCount).toBe(506);
    expect(train.target).toHaveLength(train.rowCount);
    expect(train.features).toHaveLength(train.rowCount * 13);

    const iris = (await importDataset(ctx, { name: 'iris', builtin: 'iris', seed: 7 })).version;
    expect(iris.labelDistribution).toEqual({ setosa: 50, versicolor: 50, virginica: 50 });
    expect(iris.splits).toMatchObject({ train: 120, test: 30 });
    const cv = await loadKFoldDataset(ctx, 'iris', { k: 5 });
    expect(cv.folds).toHaveLength(5);
    for (const fold of cv.folds) {
      if (fold.validation.kind !== 'tabular' || fold.train.kind !== 'tabular')
        throw new Error('kind');
      expect(fold.validation.rowCount).toBe(24);
      expect(fold.train.rowCount).toBe(96);
    }
    const irisSplit = await loadSplitDataset(ctx, 'iris');
    if (irisSplit.test.kind !== 'tabular') throw new Error('kind');
    expect(Array.from(irisSplit.test.labels!).filter((l) => l === 0)).toHaveLength(10);
  });

  it('gives the same version back for the same content, and a child version for new content', async () => {
    const again = await importDataset(ctx, { name: 'iris', builtin: 'iris' });
    expect(again.created).toBe(false);
    expect(again.version.version).toBe(1);
    const other = await importDataset(ctx, { name: 'iris', builtin: 'boston' });
    expect(other.version).toMatchObject({ version: 2, parent: 'iris@1' });
    expect((await listDatasetVersions(ctx, 'iris')).map((v) => v.version)).toEqual([1, 2]);
    expect((await getDatasetVersion(ctx, 'iris', 1)).kind).toBe('tabular');
  });
});
