import { contract, type Invoice } from '@qudao/client';
import { useState } from 'react';
import { mayCall } from '../app/access.ts';
import { useApiMutation } from '../app/query.ts';
import { useSession } from '../app/session.tsx';
import { formatMoney, toMinor } from '../business/money.ts';
import { EmptyState } from '../components/async-content.tsx';
import { type Column, DataTable } from '../components/data-table.tsx';
import { check, Field, type FieldErrors, FormPanel } from '../components/form.tsx';
import { useFormat } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { usePayoutsText } from './payouts.messages.ts';

type CreditNote = contract.CreditNoteView;
export interface Names {
  customer: (id: string) => string;
  partner: (id: string | null) => string;
}

/** An invoice as a choice: its customer, when it was issued and its total. */
function invoiceLabel(i: Invoice, names: Names, locale: string, date: (iso: string) => string) {
  return `${names.customer(i.customerId)} · ${date(i.createdAt)} · ${formatMoney(i.totalMinor, i.currency, locale)}`;
}

/** Refund or credit part of an invoice; the partner's commission on it is clawed back. */
export function CreditNoteForm(props: {
  invoices: readonly Invoice[];
  names: Names;
  initialInvoice: string | null;
}) {
  const t = usePayoutsText();
  const f = useFormat();
  const { locale } = useI18n();
  const { role } = useSession();
  const start = props.invoices.some((i) => i.id === props.initialInvoice)
    ? (props.initialInvoice ?? '')
    : '';
  const [v, setV] = useState({ invoiceId: start, amount: '', kind: 'refund', reason: '' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const issue = useApiMutation(
    (client, input: { invoiceId: string; body: contract.CreditNoteInput }) =>
      client.payouts.createCreditNote({ params: { invoiceId: input.invoiceId }, body: input.body }),
    [['credit-notes'], ['earnings']],
  );
  if (!mayCall(role, 'payouts.createCreditNote')) return null;
  if (props.invoices.length === 0) return <EmptyState>{t('credit.noInvoices')}</EmptyState>;
  const invoice = props.invoices.find((i) => i.id === v.invoiceId);
  const submit = () => {
    const parsed = check(contract.CreditNoteInputSchema, {
      amountMinor: toMinor(v.amount, invoice?.currency ?? 'USD'),
      kind: v.kind,
      reason: v.reason,
    });
    const found: FieldErrors = parsed.ok ? {} : { ...parsed.errors };
    if (found.amountMinor) {
      found.amount = found.amountMinor;
      delete found.amountMinor;
    }
    if (!invoice) found.invoiceId = 'too_small';
    setErrors(found);
    if (parsed.ok && invoice)
      issue.mutate(
        { invoiceId: invoice.id, body: parsed.value },
        { onSuccess: () => setV((s) => ({ ...s, amount: '', reason: '' })) },
      );
  };
  return (
    <FormPanel
      title={t('credit.title')}
      submit={t('credit.submit')}
      busy={issue.isPending}
      error={issue.error}
      testId="credit-note-form"
      onSubmit={submit}
    >
      <Field label={t('credit.invoice')} name="invoiceId" errors={errors}>
        <select
          name="invoiceId"
          value={v.invoiceId}
          onChange={(e) => setV({ ...v, invoiceId: e.target.value })}
        >
          <option value="">{t('credit.pick')}</option>
          {props.invoices.map((i) => (
            <option key={i.id} value={i.id}>
              {invoiceLabel(i, props.names, locale, f.dateTime)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('credit.amount')} name="amount" errors={errors}>
        <input
          name="amount"
          type="number"
          min="0"
          step="any"
          value={v.amount}
          onChange={(e) => setV({ ...v, amount: e.target.value })}
        />
      </Field>
      <Field label={t('credit.kind')} name="kind" errors={errors}>
        <select name="kind" value={v.kind} onChange={(e) => setV({ ...v, kind: e.target.value })}>
          {contract.CREDIT_NOTE_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`kind.${k}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('credit.reason')} name="reason" errors={errors}>
        <input
          name="reason"
          value={v.reason}
          onChange={(e) => setV({ ...v, reason: e.target.value })}
        />
      </Field>
      {issue.isSuccess && !issue.isPending ? (
        <p className="muted" role="status" data-testid="credit-note-done">
          {t('credit.done')}
        </p>
      ) : null}
    </FormPanel>
  );
}

/** Every credit note, newest first. */
export function CreditNoteList(props: { notes: readonly CreditNote[]; names: Names }) {
  const t = usePayoutsText();
  const f = useFormat();
  const { locale } = useI18n();
  const columns: Column<CreditNote>[] = [
    {
      id: 'created',
      header: t('col.created'),
      cell: (n) => f.dateTime(n.createdAt),
      value: (n) => n.createdAt,
      cellClassName: 'nowrap',
    },
    {
      id: 'customer',
      header: t('col.customer'),
      cell: (n) => props.names.customer(n.customerId),
      value: (n) => props.names.customer(n.customerId),
      cellClassName: 'strong',
    },
    {
      id: 'partner',
      header: t('col.partner'),
      cell: (n) => props.names.partner(n.partnerId),
      value: (n) => props.names.partner(n.partnerId),
    },
    {
      id: 'kind',
      header: t('col.kind'),
      cell: (n) => t(`kind.${n.kind}`),
      value: (n) => t(`kind.${n.kind}`),
    },
    {
      id: 'amount',
      header: t('col.amount'),
      cell: (n) => formatMoney(n.amountMinor, n.currency, locale),
      value: (n) => n.amountMinor,
      className: 'num',
    },
    { id: 'reason', header: t('credit.reason'), cell: (n) => n.reason, value: (n) => n.reason },
  ];
  return (
    <section className="panel flush">
      <h2>{t('credits.title')}</h2>
      {props.notes.length === 0 ? (
        <EmptyState>{t('credits.empty')}</EmptyState>
      ) : (
        <DataTable
          rows={props.notes}
          columns={columns}
          rowKey={(n) => n.id}
          testId="credit-notes"
          label={t('credits.label')}
          initialSort={{ column: 'created', direction: 'descending' }}
          rowProps={(n) => ({ 'data-credit-note': n.id })}
        />
      )}
    </section>
  );
}
