import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext } from '../testing/index.ts';
import { getCleaningReport } from './data.service.ts';
import { importTable } from './table-import.ts';

describe('data: near-duplicate rule for tables', () => {
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  const file = async (name: string, content: string) => {
    const p = path.join(ctx.paths.tmp, name);
    await writeFile(p, content);
    return p;
  };
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(async () => ctx?.dispose());

  const texts = [
    'text,label',
    '"Hello, World!",greet', // 2
    'hello   world,greet', // 3 case, whitespace, punctuation
    'ＨＥＬＬＯ　ＷＯＲＬＤ！,greet', // 4 full-width
    '你好，世界,greet', // 5
    '你好 世界。,greet', // 6 full-width punctuation
    'goodbye world,bye', // 7
    '"Hello, World!",greet', // 8 exact duplicate of 2
  ];

  it('drops texts equal after normalising case, whitespace, punctuation and width', async () => {
    const csv = await file('near.csv', `${texts.join('\n')}\n`);
    const { version } = await importTable(ctx, {
      name: 'near',
      sources: [{ path: csv }],
      testFraction: 0.34,
    });
    const byRule = version.cleaning!.byRule;
    expect(byRule.near_duplicates!.dropped).toBe(3);
    // The summary holds counts; the examples are in the full cleaning report.
    const report = await getCleaningReport(ctx, 'near', version.version);
    const examples = report!.byRule.near_duplicates!.examples;
    expect(examples.map((e) => e.line).sort()).toEqual([3, 4, 6]);
    expect(byRule.duplicates!.dropped).toBe(1);
    expect(version.rowCount).toBe(3);
    expect(version.cleaning!.keptRows + version.cleaning!.droppedRows).toBe(7);
  });

  it('can be switched off (exact duplicates still go)', async () => {
    const csv = await file('near-off.csv', `${texts.join('\n')}\n`);
    const { version } = await importTable(ctx, {
      name: 'near-off',
      sources: [{ path: csv }],
      clean: { off: ['near_duplicates'] },
      testFraction: 0.34,
    });
    expect(version.cleaning!.byRule.near_duplicates!.dropped).toBe(0);
    expect(version.cleaning!.byRule.duplicates!.dropped).toBe(1);
    expect(version.rowCount).toBe(6);
  });

  it('treats feature rows with the same numbers written differently as near duplicates', async () => {
    const csv = await file('near-num.csv', 'a,b,label\n1,2.5,x\n1.0,2.50,x\n+1, 2.5 ,x\n3,4,y\n');
    const { version } = await importTable(ctx, {
      name: 'near-num',
      sources: [{ path: csv }],
      testFraction: 0.5,
    });
    expect(version.cleaning!.byRule.near_duplicates!.dropped).toBe(2);
    expect(version.rowCount).toBe(2);
  });
});
