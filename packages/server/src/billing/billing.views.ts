import type { Selectable } from 'kysely';
import type {
  CommissionStatementTable,
  InvoiceTable,
  WholesaleInvoiceTable,
} from '../db/schema.ts';
import type {
  CommissionLine,
  InvoiceLine,
  InvoiceView,
  StatementView,
  WholesaleInvoiceView,
} from './billing.schemas.ts';

export function invoiceView(row: Selectable<InvoiceTable>): InvoiceView {
  return {
    id: row.id,
    periodId: row.period_id,
    customerId: row.customer_id,
    partnerId: row.partner_id,
    currency: row.currency,
    totalMinor: row.total_minor,
    lines: JSON.parse(row.lines_json) as InvoiceLine[],
    issuer: row.issuer as InvoiceView['issuer'],
    issuerName: row.issuer_name,
    createdAt: row.created_at,
  };
}

export function wholesaleView(row: Selectable<WholesaleInvoiceTable>): WholesaleInvoiceView {
  return {
    id: row.id,
    periodId: row.period_id,
    partnerId: row.partner_id,
    currency: row.currency,
    totalMinor: row.total_minor,
    lines: JSON.parse(row.lines_json) as InvoiceLine[],
    createdAt: row.created_at,
  };
}

export function statementView(row: Selectable<CommissionStatementTable>): StatementView {
  // Lines written before clawbacks existed have no creditNoteId: it is null on them.
  const lines = (JSON.parse(row.lines_json) as CommissionLine[]).map((l) => ({
    ...l,
    creditNoteId: l.creditNoteId ?? null,
  }));
  return {
    id: row.id,
    periodId: row.period_id,
    partnerId: row.partner_id,
    currency: row.currency,
    totalMinor: row.total_minor,
    lines,
    createdAt: row.created_at,
  };
}
