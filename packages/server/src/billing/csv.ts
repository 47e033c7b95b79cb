import { formatMinor } from '../shared/currency.ts';
import type { InvoiceView, StatementView } from './billing.schemas.ts';

function cell(value: string | number | null): string {
  const text = value === null ? '' : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(header: string[], rows: (string | number | null)[][]): string {
  return [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

/** One row per invoice line; amounts in minor units and as decimals of the currency. */
export function invoicesCsv(invoices: InvoiceView[]): string {
  return toCsv(
    [
      'invoice_id',
      'period_id',
      'customer_id',
      'partner_id',
      'currency',
      'product',
      'line',
      'units',
      'unit_price_minor',
      'amount_minor',
      'amount',
      'invoice_total',
    ],
    invoices.flatMap((i) =>
      i.lines.map((l) => [
        i.id,
        i.periodId,
        i.customerId,
        i.partnerId,
        i.currency,
        l.product,
        l.description,
        l.units,
        l.unitPriceMinor,
        l.amountMinor,
        formatMinor(l.amountMinor, i.currency),
        formatMinor(i.totalMinor, i.currency),
      ]),
    ),
  );
}

/** One row per commission line. */
export function statementsCsv(statements: StatementView[]): string {
  return toCsv(
    [
      'statement_id',
      'period_id',
      'partner_id',
      'currency',
      'kind',
      'description',
      'customer_id',
      'deal_id',
      'term',
      'basis_minor',
      'rate_bps',
      'amount_minor',
      'amount',
      'statement_total',
    ],
    statements.flatMap((s) =>
      s.lines.map((l) => [
        s.id,
        s.periodId,
        s.partnerId,
        s.currency,
        l.kind,
        l.description,
        l.customerId,
        l.dealId,
        l.term,
        l.basisMinor,
        l.rateBps,
        l.amountMinor,
        formatMinor(l.amountMinor, s.currency),
        formatMinor(s.totalMinor, s.currency),
      ]),
    ),
  );
}
