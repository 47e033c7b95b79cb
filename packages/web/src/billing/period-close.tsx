import type { QudaoClient } from '@qudao/client';
import { useState } from 'react';
import { useApiMutation } from '../app/query.ts';
import { formatMoney } from '../business/money.ts';
import { ErrorBox } from '../components/async-content.tsx';
import { TableWrap } from '../components/table-wrap.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { useBillingText } from './billing.messages.ts';
import { dayStart, nextMonth, totalsByCurrency } from './periods.ts';

type Closed = Awaited<ReturnType<QudaoClient['billing']['closePeriod']>>;
export type Names = { customer: (id: string) => string; partner: (id: string | null) => string };

function Totals({ items }: { items: { currency: string; totalMinor: number }[] }) {
  const { locale } = useI18n();
  return (
    <span className="strong">
      {totalsByCurrency(items)
        .map(([currency, minor]) => formatMoney(minor, currency, locale))
        .join(' · ')}
    </span>
  );
}

/** What a close computed: the invoices, wholesale invoices and statements, with their totals. */
function Drafts({ closed, names }: { closed: Closed; names: Names }) {
  const t = useBillingText();
  const { locale } = useI18n();
  const money = (minor: number, currency: string) => formatMoney(minor, currency, locale);
  return (
    <div className="drafts">
      <h3>
        {t('draft.invoices')} <Totals items={closed.invoices} />
      </h3>
      {closed.invoices.length === 0 ? (
        <p className="muted">{t('draft.none')}</p>
      ) : (
        <TableWrap>
          <table className="data-table" data-testid="draft-invoices">
            <thead>
              <tr>
                <th>{t('col.customer')}</th>
                <th>{t('col.issuer')}</th>
                <th className="num">{t('col.lines')}</th>
                <th className="num">{t('col.total')}</th>
              </tr>
            </thead>
            <tbody>
              {closed.invoices.map((i) => (
                <tr key={`${i.customerId}-${i.currency}`}>
                  <td className="strong">{names.customer(i.customerId)}</td>
                  <td>
                    {i.issuer === 'partner'
                      ? t('issuer.partner', { name: i.issuerName })
                      : t('issuer.qudao')}
                  </td>
                  <td className="num">{i.lines.length}</td>
                  <td className="num strong">{money(i.totalMinor, i.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {closed.wholesaleInvoices.length > 0 ? (
        <>
          <h3>
            {t('draft.wholesale')} <Totals items={closed.wholesaleInvoices} />
          </h3>
          <TableWrap>
            <table className="data-table" data-testid="draft-wholesale">
              <thead>
                <tr>
                  <th>{t('col.partner')}</th>
                  <th className="num">{t('col.lines')}</th>
                  <th className="num">{t('col.total')}</th>
                </tr>
              </thead>
              <tbody>
                {closed.wholesaleInvoices.map((w) => (
                  <tr key={`${w.partnerId}-${w.currency}`}>
                    <td className="strong">{names.partner(w.partnerId)}</td>
                    <td className="num">{w.lines.length}</td>
                    <td className="num strong">{money(w.totalMinor, w.currency)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </>
      ) : null}
      <h3>
        {t('draft.statements')} <Totals items={closed.statements} />
      </h3>
      {closed.statements.length === 0 ? (
        <p className="muted">{t('draft.none')}</p>
      ) : (
        <TableWrap>
          <table className="data-table" data-testid="draft-statements">
            <thead>
              <tr>
                <th>{t('col.partner')}</th>
                <th className="num">{t('col.lines')}</th>
                <th className="num">{t('col.total')}</th>
              </tr>
            </thead>
            <tbody>
              {closed.statements.map((s) => (
                <tr key={`${s.partnerId}-${s.currency}`}>
                  <td className="strong">{names.partner(s.partnerId)}</td>
                  <td className="num">{s.lines.length}</td>
                  <td className="num strong">{money(s.totalMinor, s.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </div>
  );
}

/**
 * Shadow first: the real close is offered only for the dates whose shadow close was just
 * shown, so what is written is what was read.
 */
export function PeriodClose(props: {
  proposed: { start: string; end: string };
  names: Names;
  onClosed: (periodId: string) => void;
}) {
  const t = useBillingText();
  const { locale } = useI18n();
  const [start, setStart] = useState(props.proposed.start);
  const [end, setEnd] = useState(props.proposed.end);
  const [result, setResult] = useState<(Closed & { key: string }) | null>(null);
  const close = useApiMutation(
    (client, shadow: boolean) =>
      client.billing.closePeriod({ body: { start: dayStart(start), end: dayStart(end), shadow } }),
    [['billing-periods'], ['invoices'], ['statements']],
  );
  const key = `${start}/${end}`;
  const shadowed = result?.shadow === true && result.key === key;
  const run = (shadow: boolean) =>
    close.mutate(shadow, {
      onSuccess: (closed) => {
        setResult({ ...closed, key });
        if (!closed.periodId) return;
        // Closed: the form moves on to the period after it.
        setStart(end);
        setEnd(nextMonth(end));
        props.onClosed(closed.periodId);
      },
    });
  const notOver = end && new Date(dayStart(end)).getTime() > Date.now();
  const endLabel = end
    ? new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(
        new Date(dayStart(end)),
      )
    : '';
  return (
    <section className="panel" data-testid="period-close">
      <h2>{t('close.title')}</h2>
      <div className="form-grid">
        <label className="field">
          <span className="field-label">{t('close.start')}</span>
          <input
            name="start"
            type="date"
            value={start}
            onChange={(e) => setStart(e.target.value)}
          />
        </label>
        <label className="field">
          <span className="field-label">{t('close.end')}</span>
          <input name="end" type="date" value={end} onChange={(e) => setEnd(e.target.value)} />
        </label>
      </div>
      <p className="muted small-text">{t('close.utc')}</p>
      {notOver ? <p className="warning">{t('close.notOver', { end: endLabel })}</p> : null}
      <div className="action-row">
        <button
          type="button"
          className="button"
          data-testid="shadow-close"
          disabled={close.isPending || !start || !end}
          onClick={() => run(true)}
        >
          {t('close.shadow')}
        </button>
        <button
          type="button"
          className="button primary"
          data-testid="real-close"
          disabled={close.isPending || !shadowed}
          title={shadowed ? undefined : t('close.realHint')}
          onClick={() => run(false)}
        >
          {t('close.real')}
        </button>
      </div>
      {!shadowed && !result?.periodId ? (
        <p className="muted small-text">{t('close.realHint')}</p>
      ) : null}
      {close.error ? <ErrorBox error={close.error} /> : null}
      {result ? (
        <div
          className={result.shadow ? 'close-result shadow' : 'close-result done'}
          data-testid={result.shadow ? 'shadow-result' : 'close-result'}
        >
          <h3>{result.shadow ? t('shadow.title') : t('closed.title')}</h3>
          <p>
            {result.shadow
              ? t('shadow.summary', {
                  events: result.events,
                  invoices: result.invoices.length,
                  statements: result.statements.length,
                })
              : t('closed.summary', {
                  id: result.periodId,
                  invoices: result.invoices.length,
                  statements: result.statements.length,
                })}
          </p>
          <Drafts closed={result} names={props.names} />
        </div>
      ) : null}
    </section>
  );
}
