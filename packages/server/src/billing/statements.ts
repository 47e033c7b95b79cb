import { type CommissionInputs, computeStatements } from './commissions.ts';
import { computeInvoices, type InvoiceInputs } from './invoices.ts';

export type { InvoiceDraft, StatementDraft } from './billing.schemas.ts';
export { byText } from './invoices.ts';

export type PeriodInputs = InvoiceInputs & Omit<CommissionInputs, 'invoices'>;

/**
 * A period's invoices, wholesale invoices and commission statements, computed from raw inputs
 * only (usage events, plans, the timelines of tiers, rules and prices, credit notes and the
 * closed statements before it), so closing is reproducible and `verify` recomputes it exactly.
 */
export function computePeriod(inputs: PeriodInputs) {
  const { invoices, wholesaleInvoices } = computeInvoices(inputs);
  const statements = computeStatements({ ...inputs, invoices });
  return { invoices, wholesaleInvoices, statements };
}
