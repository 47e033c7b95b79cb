import { access, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { MAX_CLASSES, UNLABELED } from '@qudao/ml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  answerLabelingItem,
  exportLabeledVersion,
  nextLabelingItem,
  openLabelingQueue,
} from '../labeling/labeling.service.ts';
import { createTestContext } from '../testing/index.ts';
import { getTrainingJob, startTraining } from '../training/training.service.ts';
import { loadSplitDataset } from './data.service.ts';
import { FILES } from './dataset-files.ts';
import { importTable } from './table-import.ts';

/** Class names c000 … c<n-1>: sorted as text they keep their number's order. */
const className = (i: number) => `c${String(i).padStart(3, '0')}`;

describe('data: many classes (#10)', () => {
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  const csv = async (name: string, lines: string[]) => {
    const file = path.join(ctx.paths.tmp, name);
    await writeFile(file, `${lines.join('\n')}\n`);
    return file;
  };
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(async () => ctx?.dispose());

  it('keeps every row of 300 classes (the 256th and 257th included) and counts each class', async () => {
    const lines = ['x,z,label'];
    for (let c = 0; c < 300; c++) {
      for (let k = 0; k < 3; k++) lines.push(`${c},${k},${className(c)}`);
    }
    lines.push('999,9,'); // one row to label later
    const { version } = await importTable(ctx, {
      name: 'catalogue',
      sources: [{ path: await csv('catalogue.csv', lines) }],
      label: 'label',
      keepUnlabeled: true,
      testFraction: 0.34,
    });
    expect(version.rowCount).toBe(901);
    expect(version.classes).toHaveLength(300);
    expect(version.classes[255]).toBe('c255');
    expect(Object.values(version.labelDistribution)).toEqual(new Array(300).fill(3));
    expect(version.splits.train + version.splits.test).toBe(900);
    // More than 255 classes are stored two bytes a row.
    const dir = path.join(ctx.paths.datasets, 'catalogue', 'v1');
    await expect(access(path.join(dir, FILES.wideLabels))).resolves.toBeUndefined();

    const split = await loadSplitDataset(ctx, 'catalogue');
    if (split.train.kind !== 'tabular' || split.test.kind !== 'tabular') throw new Error('table');
    const labels = [...split.train.labels!, ...split.test.labels!];
    expect(labels).toHaveLength(900);
    expect(labels.filter((l) => l === 255)).toHaveLength(3);
    expect(labels.filter((l) => l === 256)).toHaveLength(3);
    expect(Math.max(...labels)).toBe(299);
    expect(labels).not.toContain(UNLABELED);
  });

  it('trains on 300 classes and labels a row with the 300th class', async () => {
    const job = await startTraining(ctx, {
      dataset: 'catalogue',
      model: 'logistic-regression',
      epochs: 1,
      learningRate: 0.05,
    });
    await ctx.jobs.waitFor(job.id);
    const trained = await getTrainingJob(ctx, job.id);
    expect(trained.error).toBeNull();
    expect(trained.status).toBe('succeeded');

    await openLabelingQueue(ctx, { dataset: 'catalogue' });
    const next = await nextLabelingItem(ctx, { dataset: 'catalogue', labeler: 'li' });
    expect(next.item?.currentLabel).toBeNull();
    expect(next.item?.classes).toHaveLength(300);
    await answerLabelingItem(ctx, {
      dataset: 'catalogue',
      itemId: next.item!.id,
      labeler: 'li',
      label: 'c299',
    });
    const exported = await exportLabeledVersion(ctx, 'catalogue');
    expect(exported.changed).toBe(1);
    expect(exported.version.labelDistribution.c299).toBe(4);
    expect(exported.version.rowCount).toBe(901);
  });

  it('tells classes 0 and 250 apart when it looks for conflicting labels', async () => {
    const lines = ['x,label', `1,${className(0)}`];
    for (let c = 1; c < 250; c++) lines.push(`${c + 1},${className(c)}`);
    // The same input as the first row, with the 251st class: a conflict, not a duplicate.
    lines.push(`1,${className(250)}`);
    const { version } = await importTable(ctx, {
      name: 'conflicts',
      sources: [{ path: await csv('conflicts.csv', lines) }],
    });
    expect(version.cleaning?.byRule.conflicting_labels?.dropped).toBe(2);
    expect(version.cleaning?.byRule.duplicates?.dropped).toBe(0);
    expect(version.rowCount).toBe(249);
    expect(version.classes).not.toContain(className(0));
    expect(version.classes).not.toContain(className(250));
  });

  it(`refuses more than ${MAX_CLASSES.toLocaleString('en')} classes with a stable code`, async () => {
    const lines = ['x,label'];
    for (let c = 0; c <= MAX_CLASSES; c++) lines.push(`${c},k${c}`);
    const refused = await importTable(ctx, {
      name: 'too-many',
      sources: [{ path: await csv('too-many.csv', lines) }],
    }).catch((error: unknown) => error);
    expect(refused).toMatchObject({
      code: 'data.too_many_classes',
      status: 422,
      message: expect.stringContaining('65,535'),
    });
  });
});
