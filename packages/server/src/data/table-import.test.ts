import { readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../http/server.ts';
import { createTestContext } from '../testing/index.ts';
import { listDatasets, loadSplitDataset } from './data.service.ts';
import { importTable } from './table-import.ts';

describe('data: table imports, cleaning, integration, bad input', () => {
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  const file = async (name: string, content: string | Uint8Array) => {
    const p = path.join(ctx.paths.tmp, name);
    await writeFile(p, content);
    return p;
  };
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(async () => ctx?.dispose());

  it('cleans a CSV with planted problems: each reported under its rule, kept + dropped = input', async () => {
    const rows = [
      'age,income,city,label',
      '30,5000,北京,yes', // 2
      '41,6200,上海,no', // 3
      '30,5000,北京,yes', // 4 duplicate of 2
      '25,,广州,no', // 5 blank income
      '33,12x,深圳,yes', // 6 broken number
      '50,7000,杭州,', // 7 blank label
      '60,8000,成都,yes', // 8 conflict with 9
      '60,8000,成都,no', // 9
      '200,9000,南京,no', // 10 out of range age
      '  28 ,4000,天津, yes ', // 11 whitespace fixed
      '"35","5,500","重庆","no"', // 12 quoted; "5,500" is not a number
    ];
    const csv = await file('planted.csv', `${rows.join('\n')}\n`);
    const { version } = await importTable(ctx, {
      name: 'planted',
      sources: [{ path: csv }],
      ranges: { age: [0, 120] },
    });
    const report = JSON.parse(
      await readFile(
        path.join(ctx.paths.datasets, 'planted', 'v1', 'cleaning-report.json'),
        'utf8',
      ),
    );
    const dropped = (
      await readFile(path.join(ctx.paths.datasets, 'planted', 'v1', 'dropped.jsonl'), 'utf8')
    )
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const byRule = (rule: string) =>
      dropped
        .filter((d) => d.rule === rule)
        .map((d) => d.line)
        .sort();
    expect(byRule('duplicates')).toEqual([4]);
    expect(byRule('missing_fields')).toEqual([5, 7]);
    expect(byRule('unparsable')).toEqual([12, 6]);
    expect(byRule('conflicting_labels')).toEqual([8, 9]);
    expect(byRule('out_of_range')).toEqual([10]);
    expect(report.byRule.trim_whitespace.fixed).toBeGreaterThanOrEqual(2);
    expect(report.inputRows).toBe(11);
    expect(report.keptRows + report.droppedRows).toBe(report.inputRows);
    expect(dropped).toHaveLength(report.droppedRows);
    expect(version).toMatchObject({ rowCount: 3, kind: 'tabular', columns: ['age', 'income'] });
    expect(version.labelDistribution).toEqual({ no: 1, yes: 2 });
    expect(version.cleaning).toMatchObject({ inputRows: 11, keptRows: 3, droppedRows: 8 });
    expect(dropped.find((d) => d.line === 8).record).toMatchObject({ age: 60, label: 'yes' });
  });

  it('can switch rules off', async () => {
    const csv = await file('dups.csv', 'x,label\n1,a\n1,a\n2,b\n');
    const { version } = await importTable(ctx, {
      name: 'dups',
      sources: [{ path: csv }],
      clean: { off: ['duplicates'] },
      testFraction: 0.34,
    });
    expect(version.rowCount).toBe(3);
  });

  it('integrates two differently-shaped sources into one version whose rows name their source', async () => {
    const crm = await file(
      'crm.csv',
      'Message,Verdict\n"退款太慢了",complaint\nwhere is my invoice,inquiry\n',
    );
    const tickets = await file(
      'tickets.jsonl',
      '{"id":1,"body":"产品很好，谢谢","kind":"praise"}\n{"id":2,"body":"The app crashes","kind":"complaint"}\n',
    );
    const { version } = await importTable(ctx, {
      name: 'feedback',
      sources: [
        { path: crm, name: 'crm', mapping: { text: 'Message', label: 'Verdict' } },
        { path: tickets, name: 'tickets', mapping: { text: 'body', label: 'kind' } },
      ],
      text: 'text',
      label: 'label',
      testFraction: 0.25,
    });
    expect(version).toMatchObject({ kind: 'text', rowCount: 4, sources: ['crm', 'tickets'] });
    const dir = path.join(ctx.paths.datasets, 'feedback', 'v1');
    const sources = new Uint16Array(
      (await readFile(path.join(dir, 'sources.u16'))).buffer.slice(0),
    );
    expect(Array.from(sources.subarray(0, 4))).toEqual([0, 0, 1, 1]);
    const { train, test } = await loadSplitDataset(ctx, 'feedback');
    if (train.kind !== 'text' || test.kind !== 'text') throw new Error('kind');
    expect([...train.texts, ...test.texts].sort()).toContain('产品很好，谢谢');
  });

  it.each([
    ['truncated.csv', 'a,label\n1,"x\n', 'data.truncated'],
    ['ragged.csv', 'a,b,label\n1,2,x\n3,y\n', 'data.ragged_row'],
    [
      'gbk.csv',
      Buffer.from([0x61, 0x2c, 0x6c, 0x0a, 0xd6, 0xd0, 0x2c, 0x31, 0x0a]),
      'data.bad_encoding',
    ],
    ['broken.jsonl', '{"a":1,"label":"x"}\n{"a":2,"lab', 'data.bad_json'],
    ['bomb.csv.gz', gzipSync(Buffer.alloc(16 * 1024 * 1024, 0x30)), 'data.too_large'],
  ])('refuses %s with a clear code and leaves no version', async (name, content, code) => {
    const p = await file(name, content);
    await expect(importTable(ctx, { name: 'bad', sources: [{ path: p }] })).rejects.toMatchObject({
      code,
    });
    expect((await listDatasets(ctx)).map((d) => d.name)).not.toContain('bad');
  });

  it('refuses paths outside the allowed folders, also through a symbolic link', async () => {
    const outside = path.join(tmpdir(), `qudao-outside-${process.pid}.csv`);
    await writeFile(outside, 'a,label\n1,x\n');
    await expect(
      importTable(ctx, { name: 'bad', sources: [{ path: outside }] }),
    ).rejects.toMatchObject({
      code: 'data.path_not_allowed',
    });
    const link = path.join(ctx.paths.tmp, 'link.csv');
    await symlink(outside, link);
    await expect(
      importTable(ctx, { name: 'bad', sources: [{ path: link }] }),
    ).rejects.toMatchObject({
      code: 'data.path_not_allowed',
    });
  });

  it('imports over HTTP and serves the versions and the cleaning report', async () => {
    const csv = await file('http.csv', 'x,label\n1,a\n2,b\n2,b\n3,a\n');
    const app = await buildServer(ctx);
    try {
      const auth = { authorization: `Bearer ${ctx.ownerToken}` };
      const created = await app.inject({
        method: 'POST',
        url: '/api/v1/datasets/import-table',
        headers: auth,
        payload: { name: 'http', sources: [{ path: csv }], testFraction: 0.34 },
      });
      expect(created.statusCode).toBe(201);
      expect(created.json()).toMatchObject({ rowCount: 3, cleaning: { droppedRows: 1 } });
      const report = await app.inject({
        url: '/api/v1/datasets/http/versions/1/report',
        headers: auth,
      });
      expect(report.json().byRule.duplicates.dropped).toBe(1);
      const refused = await app.inject({
        method: 'POST',
        url: '/api/v1/datasets/import-table',
        headers: auth,
        payload: { name: 'http', sources: [{ path: '/etc/passwd' }] },
      });
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error.code).toBe('data.path_not_allowed');
    } finally {
      await app.close();
    }
  });
});
