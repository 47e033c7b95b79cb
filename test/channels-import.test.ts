import { buildServer, listCustomers, listDeals, listPartners } from '@qudao/server';
import { createTestContext } from '@qudao/server/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseHash } from './channels/tenants.ts';

/** CSV import of a CRM export (Salesforce-style column names). */
describe('CRM import', () => {
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  let app: FastifyInstance;
  const importCsv = (kind: string, csv: string, dryRun = false) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/imports/crm',
      headers: { authorization: `Bearer ${ctx.ownerToken}` },
      payload: { kind, csv, dryRun },
    });

  beforeAll(async () => {
    ctx = await createTestContext();
    app = await buildServer(ctx);
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.dispose();
  });

  it('imports partners, customers and deals; a second import creates nothing', async () => {
    const partners =
      'Account Name,Partner Tier,Partner Type,Territory,Industry\r\nLotus,Gold,Reseller,APAC;EU,retail\r\n"Nordic, Inc.",silver,integrator,EU,"finance|health"\r\n';
    expect((await importCsv('partners', partners)).json()).toMatchObject({
      created: 2,
      skipped: 0,
    });
    const customers =
      'Customer Name,Partner,Region,Industry,Company Size,Customer Since\nAcme,Lotus,APAC,retail,Large,2024-02-01\nBeta Bank,"Nordic, Inc.",EU,finance,medium,\nDirect Ltd,,NA,health,small,\n';
    expect((await importCsv('customers', customers)).json()).toMatchObject({ created: 3 });
    const deals =
      'Opportunity Name,Partner,Customer,Lead Source,Stage,Amount,Currency,Created Date,Close Date\nAcme expansion,Lotus,Acme,Partner,Closed Won,12500.50,USD,2025-01-05,2025-02-10\nGlobex,,,Inbound,Qualification,800,EUR,2025-01-07,\nInitech,Lotus,,Partner,Closed Lost,100,USD,2025-01-09,2025-01-30\n';
    expect((await importCsv('deals', deals)).json()).toMatchObject({ created: 3 });
    const imported = await listDeals(ctx);
    const won = imported.find((d) => d.company === 'Acme expansion')!;
    expect(won).toMatchObject({
      stage: 'won',
      valueMinor: 1250050,
      currency: 'USD',
      closedAt: '2025-02-10T00:00:00.000Z',
    });
    expect(imported.find((d) => d.company === 'Globex')).toMatchObject({
      stage: 'qualified',
      source: 'inbound',
      valueMinor: 80000,
    });
    expect(imported.find((d) => d.company === 'Initech')!.stage).toBe('lost');
    const nordic = (await listPartners(ctx)).find((p) => p.name === 'Nordic, Inc.')!;
    expect(nordic).toMatchObject({
      tier: 'silver',
      channel: 'integrator',
      industries: ['finance', 'health'],
    });
    expect((await listCustomers(ctx)).find((c) => c.name === 'Acme')).toMatchObject({
      size: 'large',
      since: '2024-02-01T00:00:00.000Z',
    });
    for (const [kind, csv, rows] of [
      ['partners', partners, 2],
      ['customers', customers, 3],
      ['deals', deals, 3],
    ] as const) {
      expect((await importCsv(kind, csv)).json()).toMatchObject({ created: 0, skipped: rows });
    }
  });

  it('refuses the whole file when one row is bad, naming each row, and writes nothing', async () => {
    const before = await databaseHash(ctx);
    const csv =
      'Company,Partner,Customer,Stage,Amount,Currency\nGood Co,,,lead,10,USD\nBad Co,Nobody,,lead,10,USD\nNeg Co,,,lead,-5,USD\nOdd Co,,,Dreaming,1,USD\nCur Co,,,lead,1,XYZ\nMix Co,Lotus,Beta Bank,lead,1,USD\n';
    const res = await importCsv('deals', csv);
    expect(res.statusCode).toBe(400);
    const error = res.json().error;
    expect(error.code).toBe('imports.invalid_rows');
    expect(error.details.errors.map((e: { row: number }) => e.row)).toEqual([3, 4, 5, 6, 7]);
    expect(await databaseHash(ctx)).toBe(before);
    const dry = await importCsv('deals', 'Company\nNew Co\n', true);
    expect(dry.json()).toMatchObject({ dryRun: true, created: 1 });
    expect(await databaseHash(ctx)).toBe(before);
    expect((await importCsv('customers', 'Foo,Bar\n1,2\n')).json().error.code).toBe(
      'imports.missing_column',
    );
  });
});
