import type { CommissionStatement, Invoice, QudaoClient } from '@qudao/client';
import { useState } from 'react';
import { mayCall } from '../app/access.ts';
import { useClient } from '../app/api-context.tsx';
import { useApiMutation, useApiQuery } from '../app/query.ts';
import { useSession } from '../app/session.tsx';
import { useBillingText } from '../billing/billing.messages.ts';
import { type Names, PeriodClose } from '../billing/period-close.tsx';
import { dayOf, nextPeriod, periodLabel } from '../billing/periods.ts';
import { saveText } from '../business/download.ts';
import { formatMoney } from '../business/money.ts';
import { AsyncContent, EmptyState, ErrorBox } from '../components/async-content.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { TableWrap } from '../components/table-wrap.tsx';
import { useFormat } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n.tsx';

type Period = Awaited<ReturnType<QudaoClient['billing']['listPeriods']>>[number];

function Verify({ period }: { period: Period }) {
  const t = useBillingText();
  const check = useApiMutation((client, _: undefined) =>
    client.billing.verifyPeriod({ params: { periodId: period.id } }),
  );
  if (check.data)
    return (
      <span className={`badge ${check.data.matches ? 'ok' : 'missed'}`} data-testid="verify-result">
        {check.data.matches ? t('period.matches') : t('period.differs')}
      </span>
    );
  return (
    <>
      <button
        type="button"
        className="button small"
        disabled={check.isPending}
        onClick={() => check.mutate(undefined)}
      >
        {t('period.verify')}
      </button>
      {check.error ? <ErrorBox error={check.error} /> : null}
    </>
  );
}

function PeriodsTable(props: {
  periods: Period[];
  invoices: Invoice[];
  statements: CommissionStatement[];
  selected: string | null;
  onSelect: (id: string) => void;
}) {
  const t = useBillingText();
  const f = useFormat();
  const { locale } = useI18n();
  const client = useClient();
  const csv = async (period: Period, kind: 'invoices' | 'commissions') => {
    const params = { params: { periodId: period.id } };
    const text =
      kind === 'invoices'
        ? await client.billing.periodInvoicesCsv(params)
        : await client.billing.periodCommissionsCsv(params);
    saveText(text, `${kind}-${dayOf(period.start)}.csv`);
  };
  return (
    <TableWrap>
      <table className="data-table" data-testid="periods-table">
        <thead>
          <tr>
            <th>{t('col.period')}</th>
            <th>{t('col.closedAt')}</th>
            <th className="num">{t('col.invoices')}</th>
            <th className="num">{t('col.statements')}</th>
            <th className="num">{t('col.holding')}</th>
            <th>{t('col.check')}</th>
            <th>{t('col.export')}</th>
            <th>{t('col.show')}</th>
          </tr>
        </thead>
        <tbody>
          {props.periods.map((p) => (
            <tr key={p.id} data-period={dayOf(p.start)} aria-current={p.id === props.selected}>
              <td className="strong nowrap">{periodLabel(p.start, p.end, locale)}</td>
              <td className="nowrap">{f.dateTime(p.closedAt)}</td>
              <td className="num">{props.invoices.filter((i) => i.periodId === p.id).length}</td>
              <td className="num">{props.statements.filter((s) => s.periodId === p.id).length}</td>
              <td className="num">{p.holdingDays}</td>
              <td>
                <Verify period={p} />
              </td>
              <td className="nowrap">
                <button
                  type="button"
                  className="button small"
                  onClick={() => void csv(p, 'invoices')}
                >
                  {t('csv.invoices')}
                </button>{' '}
                <button
                  type="button"
                  className="button small"
                  onClick={() => void csv(p, 'commissions')}
                >
                  {t('csv.commissions')}
                </button>
              </td>
              <td>
                <button
                  type="button"
                  className="button small"
                  aria-pressed={p.id === props.selected}
                  onClick={() => props.onSelect(p.id)}
                >
                  {p.id === props.selected ? t('period.shown') : t('period.show')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

function PeriodDocuments(props: {
  period: Period;
  invoices: Invoice[];
  statements: CommissionStatement[];
  names: Names;
}) {
  const t = useBillingText();
  const { locale } = useI18n();
  const client = useClient();
  const label = periodLabel(props.period.start, props.period.end, locale);
  const invoices = props.invoices.filter((i) => i.periodId === props.period.id);
  const statements = props.statements.filter((s) => s.periodId === props.period.id);
  return (
    <>
      <section className="panel flush">
        <h2>{t('list.invoices', { period: label })}</h2>
        {invoices.length === 0 ? (
          <EmptyState>{t('list.noInvoices')}</EmptyState>
        ) : (
          <TableWrap>
            <table className="data-table" data-testid="period-invoices">
              <thead>
                <tr>
                  <th>{t('col.customer')}</th>
                  <th>{t('col.issuer')}</th>
                  <th className="num">{t('col.lines')}</th>
                  <th className="num">{t('col.total')}</th>
                  <th>{t('col.export')}</th>
                </tr>
              </thead>
              <tbody>
                {invoices.map((i) => (
                  <tr key={i.id} data-invoice={props.names.customer(i.customerId)}>
                    <td className="strong">{props.names.customer(i.customerId)}</td>
                    <td>
                      {i.issuer === 'partner'
                        ? t('issuer.partner', { name: i.issuerName })
                        : t('issuer.qudao')}
                    </td>
                    <td className="num">{i.lines.length}</td>
                    <td className="num strong">{formatMoney(i.totalMinor, i.currency, locale)}</td>
                    <td>
                      <button
                        type="button"
                        className="button small"
                        onClick={async () =>
                          saveText(
                            await client.billing.invoiceCsv({ params: { invoiceId: i.id } }),
                            `invoice-${i.id}.csv`,
                          )
                        }
                      >
                        {t('csv.one')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </section>
      <section className="panel flush">
        <h2>{t('list.statements', { period: label })}</h2>
        {statements.length === 0 ? (
          <EmptyState>{t('list.noStatements')}</EmptyState>
        ) : (
          <TableWrap>
            <table className="data-table" data-testid="period-statements">
              <thead>
                <tr>
                  <th>{t('col.partner')}</th>
                  <th className="num">{t('col.lines')}</th>
                  <th className="num">{t('col.total')}</th>
                  <th>{t('col.export')}</th>
                </tr>
              </thead>
              <tbody>
                {statements.map((s) => (
                  <tr key={s.id}>
                    <td className="strong">{props.names.partner(s.partnerId)}</td>
                    <td className="num">{s.lines.length}</td>
                    <td className="num strong">{formatMoney(s.totalMinor, s.currency, locale)}</td>
                    <td>
                      <button
                        type="button"
                        className="button small"
                        onClick={async () =>
                          saveText(
                            await client.billing.statementCsv({ params: { statementId: s.id } }),
                            `commission-${s.id}.csv`,
                          )
                        }
                      >
                        {t('csv.one')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </section>
    </>
  );
}

/** The owner's period close: shadow, then real; closed periods, their invoices and statements. */
export function BillingPage() {
  const t = useBillingText();
  const { role } = useSession();
  const periods = useApiQuery(['billing-periods'], (client) => client.billing.listPeriods());
  const invoices = useApiQuery(['invoices'], (client) => client.billing.listInvoices());
  const statements = useApiQuery(['statements'], (client) => client.billing.listStatements());
  const customers = useApiQuery(['customers'], (client) => client.channels.listCustomers());
  const partners = useApiQuery(['partners'], (client) => client.channels.listPartners());
  const [selected, setSelected] = useState<string | null>(null);
  const customerNames = new Map((customers.data ?? []).map((c) => [c.id, c.name]));
  const partnerNames = new Map((partners.data ?? []).map((p) => [p.id, p.name]));
  const names: Names = {
    customer: (id) => customerNames.get(id) ?? id,
    partner: (id) => (id ? (partnerNames.get(id) ?? id) : t('direct')),
  };
  return (
    <div className="page biz" data-testid="page-billing">
      <PageHeader title={t('billing.title')} subtitle={t('billing.subtitle')} />
      <AsyncContent state={periods}>
        {(list) => {
          const ordered = [...list].sort((a, b) => b.start.localeCompare(a.start));
          const latest = ordered[0] ?? null;
          const shown = ordered.find((p) => p.id === selected) ?? latest;
          const proposed = nextPeriod(latest?.end ?? null, new Date());
          return (
            <>
              {mayCall(role, 'billing.closePeriod') ? (
                <PeriodClose proposed={proposed} names={names} onClosed={setSelected} />
              ) : (
                <p className="panel muted">{t('close.readOnly')}</p>
              )}
              <section className="panel flush">
                <h2>{t('periods.title')}</h2>
                {ordered.length === 0 ? (
                  <EmptyState>{t('periods.empty')}</EmptyState>
                ) : (
                  <PeriodsTable
                    periods={ordered}
                    invoices={invoices.data ?? []}
                    statements={statements.data ?? []}
                    selected={shown?.id ?? null}
                    onSelect={setSelected}
                  />
                )}
              </section>
              {shown ? (
                <PeriodDocuments
                  period={shown}
                  invoices={invoices.data ?? []}
                  statements={statements.data ?? []}
                  names={names}
                />
              ) : null}
            </>
          );
        }}
      </AsyncContent>
    </div>
  );
}
