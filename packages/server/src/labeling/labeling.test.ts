import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { cohensKappa } from '@qudao/ml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSplitDataset } from '../data/data.service.ts';
import { importTable } from '../data/table-import.ts';
import { buildServer } from '../http/server.ts';
import { createTestContext } from '../testing/index.ts';

describe("Cohen's kappa", () => {
  it('is 1 for full agreement, 0 at chance, and matches a worked example', () => {
    expect(
      cohensKappa([
        ['a', 'a'],
        ['b', 'b'],
      ]),
    ).toBe(1);
    expect(
      cohensKappa([
        ['a', 'a'],
        ['a', 'b'],
        ['b', 'a'],
        ['b', 'b'],
      ]),
    ).toBeCloseTo(0);
    // 50 items: 20 yes/yes, 15 no/no, 5 yes/no, 10 no/yes → po 0.7, pe 0.5, kappa 0.4.
    const pairs: [string, string][] = [
      ...Array(20).fill(['y', 'y']),
      ...Array(15).fill(['n', 'n']),
      ...Array(5).fill(['y', 'n']),
      ...Array(10).fill(['n', 'y']),
    ];
    expect(cohensKappa(pairs)).toBeCloseTo(0.4, 10);
  });
});

describe('data: labeling queue over HTTP', () => {
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(async () => ctx?.dispose());

  it('serves unlabelled items, records who answered, reports agreement, exports a child version', async () => {
    const csv = path.join(ctx.paths.tmp, 'inbox.csv');
    await writeFile(
      csv,
      'text,label\n退款太慢,complaint\nwhere is my invoice,inquiry\n产品坏了,\nhow do I pay,\napp crashed again,\nthanks a lot,praise\n',
    );
    await importTable(ctx, {
      name: 'inbox',
      sources: [{ path: csv }],
      text: 'text',
      keepUnlabeled: true,
      testFraction: 0.34,
    });
    const app = await buildServer(ctx);
    const auth = { authorization: `Bearer ${ctx.ownerToken}` };
    const call = async (method: 'GET' | 'POST', url: string, payload?: object) => {
      const res = await app.inject({ method, url, headers: auth, ...(payload ? { payload } : {}) });
      return { status: res.statusCode, body: res.json() };
    };
    try {
      const opened = await call('POST', '/api/v1/datasets/inbox/labeling', {});
      expect(opened.body).toMatchObject({ items: 3, answered: 0 });
      await call('POST', '/api/v1/datasets/inbox/labeling/confidences', {
        scores: [
          { row: 2, confidence: 0.9 },
          { row: 3, confidence: 0.4 },
          { row: 4, confidence: 0.7 },
        ],
      });
      const first = await call(
        'GET',
        '/api/v1/datasets/inbox/labeling/next?labeler=li&order=least-confident&answersPerItem=2',
      );
      expect(first.body.item).toMatchObject({
        row: 3,
        content: { kind: 'text', text: 'how do I pay' },
      });
      expect(first.body.item.classes).toEqual(['complaint', 'inquiry', 'praise']);
      const inOrder = await call('GET', '/api/v1/datasets/inbox/labeling/next?labeler=li');
      expect(inOrder.body.item.row).toBe(2);
      const bad = await call('POST', '/api/v1/datasets/inbox/labeling/answers', {
        itemId: first.body.item.id,
        labeler: 'li',
        label: 'spam',
      });
      expect(bad.body.error.code).toBe('data.unknown_class');
      const answers: Record<number, [string, string]> = {
        2: ['complaint', 'complaint'],
        3: ['inquiry', 'inquiry'],
        4: ['complaint', 'praise'],
      };
      for (const labeler of ['li', 'wang']) {
        for (;;) {
          const next = await call(
            'GET',
            `/api/v1/datasets/inbox/labeling/next?labeler=${labeler}&order=random&answersPerItem=2`,
          );
          if (!next.body.item) break;
          const label = answers[next.body.item.row]![labeler === 'li' ? 0 : 1];
          const saved = await call('POST', '/api/v1/datasets/inbox/labeling/answers', {
            itemId: next.body.item.id,
            labeler,
            label,
          });
          expect(saved.status).toBe(201);
        }
      }
      const stats = await call('GET', '/api/v1/datasets/inbox/labeling/stats');
      expect(stats.body).toMatchObject({
        items: 3,
        answered: 3,
        byLabeler: { li: 3, wang: 3 },
        disputed: 1,
      });
      expect(stats.body.agreement[0].labelers).toEqual(['li', 'wang']);
      expect(stats.body.agreement[0].items).toBe(3);
      expect(stats.body.agreement[0].kappa).toBeCloseTo(
        cohensKappa([
          ['complaint', 'complaint'],
          ['inquiry', 'inquiry'],
          ['complaint', 'praise'],
        ])!,
      );
      const exported = await call('POST', '/api/v1/datasets/inbox/labeling/export', {});
      expect(exported.status).toBe(201);
      expect(exported.body).toMatchObject({ version: 2, parent: 'inbox@1', changed: 2 });
      expect(exported.body.labelDistribution).toEqual({ complaint: 2, inquiry: 2, praise: 1 });
      const { train, test } = await loadSplitDataset(ctx, 'inbox');
      if (train.kind !== 'text' || test.kind !== 'text') throw new Error('kind');
      expect(train.texts.length + test.texts.length).toBe(5);
    } finally {
      await app.close();
    }
  });
});
