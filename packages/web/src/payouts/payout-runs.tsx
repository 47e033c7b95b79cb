import type { contract } from '@qudao/client';
import { useState } from 'react';
import { mayCall } from '../app/access.ts';
import { useClient } from '../app/api-context.tsx';
import { useApiMutation } from '../app/query.ts';
import { useSession } from '../app/session.tsx';
import { saveText } from '../business/download.ts';
import { formatMoney } from '../business/money.ts';
import { EmptyState, ErrorBox } from '../components/async-content.tsx';
import { type Column, DataTable } from '../components/data-table.tsx';
import { Field } from '../components/form.tsx';
import { TableWrap } from '../components/table-wrap.tsx';
import { useFormat } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { usePayoutsText } from './payouts.messages.ts';

type Run = contract.PayoutRunView;
type Item = contract.PayoutItemView;
export type PartnerName = (id: string | null) => string;

/** Each currency's sum of the items with `status`, as money ("$50.00 · ¥20.00"); '–' when none. */
export function totalOf(items: readonly Item[], status: Item['status'], locale: string): string {
  const sums = new Map<string, number>();
  for (const i of items) {
    if (i.status === status) sums.set(i.currency, (sums.get(i.currency) ?? 0) + i.amountMinor);
  }
  if (sums.size === 0) return '–';
  return [...sums].map(([c, minor]) => formatMoney(minor, c, locale)).join(' · ');
}

/** A run's items, one per partner and currency: paid, or carried over and why. */
function RunItems(props: { items: readonly Item[]; name: PartnerName; testId: string }) {
  const t = usePayoutsText();
  const { locale } = useI18n();
  if (props.items.length === 0) return <EmptyState>{t('run.nothing')}</EmptyState>;
  return (
    <TableWrap>
      <table className="data-table" data-testid={props.testId}>
        <thead>
          <tr>
            <th>{t('col.partner')}</th>
            <th>{t('col.status')}</th>
            <th className="num">{t('col.amount')}</th>
            <th>{t('col.reason')}</th>
          </tr>
        </thead>
        <tbody>
          {props.items.map((i) => (
            <tr
              key={`${i.partnerId}-${i.currency}`}
              data-partner={props.name(i.partnerId)}
              data-status={i.status}
            >
              <td className="strong">{props.name(i.partnerId)}</td>
              <td>
                <span className={`badge ${i.status === 'paid' ? 'ok' : 'missed'}`}>
                  {t(`item.${i.status}`)}
                </span>
              </td>
              <td className="num">{formatMoney(i.amountMinor, i.currency, locale)}</td>
              <td>{i.reason ? t(`reason.${i.reason}`) : '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

/** Make a run: every partner (monthly) or one (off-cycle); checked in shadow first, then paid. */
export function PayoutRunForm(props: {
  partners: readonly { id: string; name: string }[];
  name: PartnerName;
}) {
  const t = usePayoutsText();
  const { role } = useSession();
  const [partnerId, setPartnerId] = useState('');
  const run = useApiMutation(
    (client, shadow: boolean) =>
      client.payouts.createRun({
        body: { shadow, ...(partnerId ? { partnerId } : {}) },
      }),
    [['payout-runs'], ['earnings']],
  );
  if (!mayCall(role, 'payouts.createRun'))
    return <p className="panel muted">{t('run.readOnly')}</p>;
  const result = run.data;
  return (
    <section className="panel" data-testid="payout-run">
      <h2>{t('run.title')}</h2>
      <div className="form-grid">
        <Field label={t('run.partner')} name="partnerId">
          <select
            name="partnerId"
            value={partnerId}
            onChange={(e) => {
              setPartnerId(e.target.value);
              run.reset();
            }}
          >
            <option value="">{t('run.everyone')}</option>
            {props.partners.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <div className="form-actions">
        <button
          type="button"
          className="button"
          data-testid="run-check"
          disabled={run.isPending}
          onClick={() => run.mutate(true)}
        >
          {t('run.check')}
        </button>
        <button
          type="button"
          className="button primary"
          data-testid="run-pay"
          disabled={run.isPending || !result?.shadow}
          onClick={() => run.mutate(false)}
        >
          {t('run.pay')}
        </button>
      </div>
      {run.error ? <ErrorBox error={run.error} /> : null}
      {result ? (
        <div
          className={result.shadow ? 'close-result shadow' : 'close-result done'}
          data-testid={result.shadow ? 'run-shadow' : 'run-done'}
        >
          <h3>{result.shadow ? t('run.shadow') : t('run.done')}</h3>
          <RunItems items={result.items} name={props.name} testId="run-result-items" />
        </div>
      ) : null}
    </section>
  );
}

/** Every run with its totals and payout file; the selected run's items below. */
export function PayoutRunList(props: { runs: readonly Run[]; name: PartnerName }) {
  const t = usePayoutsText();
  const f = useFormat();
  const { locale } = useI18n();
  const { role } = useSession();
  const client = useClient();
  const [selected, setSelected] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const runs = [...props.runs].sort((a, b) => b.at.localeCompare(a.at));
  const shown = runs.find((r) => r.id === selected) ?? runs[0];
  const download = async (run: Run) => {
    setError(null);
    try {
      saveText(
        await client.payouts.runCsv({ params: { runId: run.id ?? '' } }),
        `payout-${run.id}.csv`,
      );
    } catch (e) {
      setError(e);
    }
  };
  const files = mayCall(role, 'payouts.runCsv');
  const columns: Column<Run>[] = [
    {
      id: 'at',
      header: t('col.at'),
      cell: (r) => f.dateTime(r.at),
      value: (r) => r.at,
      cellClassName: 'nowrap',
    },
    {
      id: 'scope',
      header: t('col.scope'),
      cell: (r) => (r.partnerId ? props.name(r.partnerId) : t('scope.all')),
      value: (r) => (r.partnerId ? props.name(r.partnerId) : t('scope.all')),
    },
    {
      id: 'paid',
      header: t('col.paid'),
      cell: (r) => totalOf(r.items, 'paid', locale),
      className: 'num',
    },
    {
      id: 'carried',
      header: t('col.carried'),
      cell: (r) => totalOf(r.items, 'carried_over', locale),
      className: 'num',
    },
    ...(files
      ? [
          {
            id: 'file',
            header: t('col.file'),
            cell: (r: Run) => (
              <button type="button" className="button small" onClick={() => void download(r)}>
                {t('csv')}
              </button>
            ),
          },
        ]
      : []),
    {
      id: 'show',
      header: t('col.show'),
      cell: (r) => (
        <button
          type="button"
          className="button small"
          aria-pressed={r.id === shown?.id}
          onClick={() => setSelected(r.id)}
        >
          {r.id === shown?.id ? t('shown') : t('show')}
        </button>
      ),
    },
  ];
  return (
    <section className="panel flush">
      <h2>{t('runs.title')}</h2>
      {runs.length === 0 ? (
        <EmptyState>{t('runs.empty')}</EmptyState>
      ) : (
        <>
          <DataTable
            rows={runs}
            columns={columns}
            rowKey={(r) => r.id ?? r.at}
            testId="payout-runs"
            label={t('runs.label')}
            rowProps={(r) => ({ 'data-run': r.id ?? '' })}
          />
          {error ? <ErrorBox error={error} /> : null}
          {shown ? (
            <>
              <h3>{t('runs.items', { date: f.dateTime(shown.at) })}</h3>
              <RunItems items={shown.items} name={props.name} testId="run-items" />
            </>
          ) : null}
        </>
      )}
    </section>
  );
}
