import { parseDelimited } from '@qudao/ml';
import { describe, expect, it } from 'vitest';
import { formatMinor, minorDigits } from '../shared/currency.ts';
import type { InvoiceView, StatementView } from './billing.schemas.ts';
import { invoicesCsv, statementsCsv } from './csv.ts';

const at = '2030-02-01T00:00:00.000Z';

function invoice(
  id: string,
  currency: string,
  lines: { description: string; product: string; units: number; price: number; amount: number }[],
): InvoiceView {
  return {
    id,
    periodId: 'per_1',
    customerId: 'cus_1',
    partnerId: null,
    currency,
    issuer: 'qudao',
    issuerName: 'Qudao',
    totalMinor: lines.reduce((s, l) => s + l.amount, 0),
    createdAt: at,
    lines: lines.map((l) => ({
      kind: 'tier',
      description: l.description,
      units: l.units,
      unitPriceMinor: l.price,
      amountMinor: l.amount,
      productId: 'prd_1',
      product: l.product,
    })),
  };
}

/** Reads the CSV back with the platform's RFC 4180 reader. */
async function records(csv: string): Promise<string[][]> {
  async function* once() {
    yield csv;
  }
  const out: string[][] = [];
  for await (const record of parseDelimited(once(), ',')) out.push(record.fields);
  return out;
}

describe('amounts in minor units', () => {
  it('formats each currency with its own minor digits, negatives included', () => {
    expect([minorDigits('USD'), minorDigits('JPY'), minorDigits('KWD')]).toEqual([2, 0, 3]);
    expect(formatMinor(123456, 'USD')).toBe('1234.56');
    expect(formatMinor(5, 'USD')).toBe('0.05');
    expect(formatMinor(-5, 'USD')).toBe('-0.05');
    expect(formatMinor(0, 'EUR')).toBe('0.00');
    expect(formatMinor(123456, 'JPY')).toBe('123456');
    expect(formatMinor(1234567, 'KWD')).toBe('1234.567');
    expect(formatMinor(7, 'KWD')).toBe('0.007');
  });
});

describe('invoice CSV', () => {
  it('has the documented header and one row per line, amounts in the currency digits', async () => {
    const csv = invoicesCsv([
      invoice('inv_1', 'USD', [
        { description: 'platform fee', product: 'Vision', units: 1, price: 1000, amount: 1000 },
        { description: 'tier 1–∞', product: 'Vision', units: 3, price: 2, amount: 6 },
      ]),
      invoice('inv_2', 'JPY', [
        { description: 'calls', product: 'Vision', units: 12, price: 150, amount: 1800 },
      ]),
    ]);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.split('\r\n')).toEqual([
      'invoice_id,period_id,customer_id,partner_id,currency,product,line,units,unit_price_minor,amount_minor,amount,invoice_total',
      'inv_1,per_1,cus_1,,USD,Vision,platform fee,1,1000,1000,10.00,10.06',
      'inv_1,per_1,cus_1,,USD,Vision,tier 1–∞,3,2,6,0.06,10.06',
      'inv_2,per_1,cus_1,,JPY,Vision,calls,12,150,1800,1800,1800',
      '',
    ]);
  });

  it('quotes fields with commas, quotes or line breaks so they read back unchanged', async () => {
    const awkward = [
      'Vision, Pro',
      'the "large" model',
      'two\nlines',
      'crlf\r\nline',
      'plain',
      '"',
      '',
    ];
    const csv = invoicesCsv([
      invoice(
        'inv_q',
        'USD',
        awkward.map((d) => ({ description: d, product: d, units: 1, price: 1, amount: 1 })),
      ),
    ]);
    expect(csv).toContain(',"Vision, Pro","Vision, Pro",');
    expect(csv).toContain(',"the ""large"" model","the ""large"" model",');
    expect(csv).toContain(',plain,plain,');
    expect(csv).toContain(',"""","""",');
    const [header, ...rows] = await records(csv);
    expect(header).toHaveLength(12);
    expect(rows.map((r) => r.length)).toEqual(awkward.map(() => 12));
    expect(rows.map((r) => [r[5], r[6]])).toEqual(awkward.map((d) => [d, d]));
    expect(rows.map((r) => r[11])).toEqual(awkward.map(() => '0.07'));
  });

  it('is just the header for no invoices', () => {
    expect(invoicesCsv([])).toBe(
      'invoice_id,period_id,customer_id,partner_id,currency,product,line,units,unit_price_minor,amount_minor,amount,invoice_total\r\n',
    );
  });
});

describe('commission statement CSV', () => {
  it('has the documented header and one row per line, with nulls as empty fields', async () => {
    const statement: StatementView = {
      id: 'cst_1',
      periodId: 'per_1',
      partnerId: 'prt_1',
      currency: 'KWD',
      totalMinor: 12_345 + 50_000,
      createdAt: at,
      lines: [
        {
          kind: 'revenue_share',
          description: 'Globex, first year',
          customerId: 'cus_1',
          dealId: null,
          term: 'first_year',
          basisMinor: 61_725,
          rateBps: 2000,
          amountMinor: 12_345,
          creditNoteId: null,
        },
        {
          kind: 'bounty',
          description: 'won deal "Big one"',
          customerId: null,
          dealId: 'deal_1',
          term: null,
          basisMinor: 0,
          rateBps: null,
          amountMinor: 50_000,
          creditNoteId: null,
        },
      ],
    };
    const csv = statementsCsv([statement]);
    expect(csv.split('\r\n')).toEqual([
      'statement_id,period_id,partner_id,currency,kind,description,customer_id,deal_id,term,basis_minor,rate_bps,amount_minor,amount,statement_total',
      'cst_1,per_1,prt_1,KWD,revenue_share,"Globex, first year",cus_1,,first_year,61725,2000,12345,12.345,62.345',
      'cst_1,per_1,prt_1,KWD,bounty,"won deal ""Big one""",,deal_1,,0,,50000,50.000,62.345',
      '',
    ]);
    const [, first, second] = await records(csv);
    expect(first![5]).toBe('Globex, first year');
    expect(second![5]).toBe('won deal "Big one"');
  });
});
