import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { tf } from '@qudao/ml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDataset } from '../data/data.service.ts';
import { importTable } from '../data/table-import.ts';
import { buildServer } from '../http/server.ts';
import { artifactDir } from '../registry/registry.service.ts';
import { resolveModelRef } from '../registry/registry-lifecycle.service.ts';
import { predictWithVersion } from '../serving/version-predict.service.ts';
import { createTestContext, writeMnistSubset } from '../testing/index.ts';
import { startTraining } from '../training/training.service.ts';
import { answerLabelingItem, nextLabelingItem, openLabelingQueue } from './labeling.service.ts';

describe('data: least-confident-first labeling by a registered model', () => {
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  const unlabelled: { x: number; y: number }[] = [];

  beforeAll(async () => {
    ctx = await createTestContext();
    // Two classes split by x + y = 0; the unlabelled points sit at various distances from it.
    let seed = 7;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const lines = ['x,y,label'];
    for (let i = 0; i < 120; i++) {
      const x = rand() * 4 - 2;
      const y = rand() * 4 - 2;
      lines.push(`${x.toFixed(4)},${y.toFixed(4)},${x + y > 0 ? 'up' : 'down'}`);
    }
    for (let i = 0; i < 12; i++) {
      const p = { x: Number((i / 4 - 1.5).toFixed(4)), y: Number((0.3 - i / 20).toFixed(4)) };
      unlabelled.push(p);
      lines.push(`${p.x},${p.y},`);
    }
    const csv = path.join(ctx.paths.tmp, 'points.csv');
    await writeFile(csv, `${lines.join('\n')}\n`);
    await importTable(ctx, {
      name: 'points',
      sources: [{ path: csv }],
      label: 'label',
      task: 'classification',
      keepUnlabeled: true,
      testFraction: 0.25,
    });
    const job = await startTraining(ctx, {
      dataset: 'points',
      model: 'logistic-regression',
      modelName: 'pointer',
      epochs: 15,
      learningRate: 0.1,
      batchSize: 16,
    });
    const done = await ctx.jobs.waitFor(job.id);
    expect(done.status).toBe('succeeded');
  }, 60_000);
  afterAll(async () => ctx?.dispose());

  it('scores the queue with the model and serves it lowest confidence first', async () => {
    const app = await buildServer(ctx);
    const auth = { authorization: `Bearer ${ctx.ownerToken}` };
    try {
      const opened = await app.inject({
        method: 'POST',
        url: '/api/v1/datasets/points/labeling',
        headers: auth,
        payload: { model: 'pointer@1' },
      });
      expect(opened.statusCode).toBe(200);
      expect(opened.json()).toMatchObject({
        items: 12,
        scores: { model: 'pointer@1', scored: 12 },
      });

      const version = await resolveModelRef(ctx, 'pointer@1');
      const predicted = await predictWithVersion(ctx, version, unlabelled);
      // The unlabelled points are the table's last 12 rows, in file order.
      const expected = predicted.map((p) =>
        Math.max(
          ...(p as { probabilities: { probability: number }[] }).probabilities.map(
            (q) => q.probability,
          ),
        ),
      );
      const served: number[] = [];
      for (;;) {
        const next = await app.inject({
          url: '/api/v1/datasets/points/labeling/next?labeler=li&order=least-confident',
          headers: auth,
        });
        const { item } = next.json();
        if (!item) break;
        expect(item.content.values.x).toBeCloseTo(unlabelled[item.row - 120]!.x, 4);
        expect(item.confidence).toBeCloseTo(expected[item.row - 120]!, 4);
        served.push(item.confidence);
        await app.inject({
          method: 'POST',
          url: '/api/v1/datasets/points/labeling/answers',
          headers: auth,
          payload: { itemId: item.id, labeler: 'li', label: 'up' },
        });
      }
      expect(served).toHaveLength(12);
      expect(served).toEqual([...served].sort((a, b) => a - b));
      expect(served[0]!).toBeLessThan(served[11]!);

      const wrong = await app.inject({
        method: 'POST',
        url: '/api/v1/datasets/points/labeling',
        headers: auth,
        payload: { model: 'nobody@1' },
      });
      expect(wrong.statusCode).toBe(404);
    } finally {
      await app.close();
    }
  });

  it('scores MNIST images with an mlp version (pixels scaled as in training)', async () => {
    const { images, labels } = await writeMnistSubset(ctx.paths.tmp, 300);
    await importDataset(ctx, { name: 'digits', idx: { images, labels } });
    const job = await startTraining(ctx, {
      dataset: 'digits',
      model: 'mlp',
      modelName: 'digit-mlp',
      epochs: 2,
      batchSize: 32,
    });
    expect((await ctx.jobs.waitFor(job.id)).status).toBe('succeeded');
    const opened = await openLabelingQueue(ctx, {
      dataset: 'digits',
      rows: 'all',
      limit: 25,
      model: 'digit-mlp@1',
    });
    expect(opened.scores).toEqual({ model: 'digit-mlp@1', scored: 25 });
    const version = await resolveModelRef(ctx, 'digit-mlp@1');
    const model = await ctx.modelCache.get(version.id, (await artifactDir(ctx, version.id))!);
    const served: number[] = [];
    for (;;) {
      const { item } = await nextLabelingItem(ctx, {
        dataset: 'digits',
        labeler: 'wu',
        order: 'least-confident',
      });
      if (!item) break;
      if (item.content.kind !== 'image') throw new Error('kind');
      const pixels = item.content.pixels;
      const probs = tf.tidy(() =>
        (model.predict(tf.tensor(pixels, [1, 28, 28, 1]).div(255)) as tf.Tensor).max(),
      );
      expect(item.confidence!).toBeCloseTo((await probs.data())[0]!, 4);
      probs.dispose();
      served.push(item.confidence!);
      await answerLabelingItem(ctx, {
        dataset: 'digits',
        itemId: item.id,
        labeler: 'wu',
        label: item.classes[0]!,
      });
    }
    expect(served).toHaveLength(25);
    expect(served).toEqual([...served].sort((a, b) => a - b));
  }, 30_000);
});
