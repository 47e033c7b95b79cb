import type { QudaoClient } from '@qudao/client';
import { mayCall } from '../app/access.ts';
import { useApiMutation, useApiQuery } from '../app/query.ts';
import { useSession } from '../app/session.tsx';
import { formatMoney } from '../business/money.ts';
import { AsyncContent, EmptyState, ErrorBox } from '../components/async-content.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { TableWrap } from '../components/table-wrap.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { useMdfReviewText } from '../programme/mdf-review.messages.ts';

type Mdf = Awaited<ReturnType<QudaoClient['programme']['listMdf']>>[number];

/** Approve or reject a request; reimburse a claim, its payment checked in shadow first. */
function Decision({ mdf }: { mdf: Mdf }) {
  const t = useMdfReviewText();
  const { locale } = useI18n();
  const params = { mdfId: mdf.id };
  const decide = useApiMutation(
    (client, step: 'approveMdf' | 'rejectMdf') => client.programme[step]({ params }),
    [['mdf']],
  );
  const reimburse = useApiMutation(
    (client, shadow: boolean) => client.programme.reimburseMdf({ params, body: { shadow } }),
    [['mdf']],
  );
  const error = decide.error ?? reimburse.error;
  return (
    <div className="action-row">
      {mdf.status === 'requested' ? (
        <>
          <button
            type="button"
            className="button small primary"
            disabled={decide.isPending}
            aria-label={`${t('approve')} ${mdf.purpose}`}
            onClick={() => decide.mutate('approveMdf')}
          >
            {t('approve')}
          </button>
          <button
            type="button"
            className="button small"
            disabled={decide.isPending}
            aria-label={`${t('reject')} ${mdf.purpose}`}
            onClick={() => decide.mutate('rejectMdf')}
          >
            {t('reject')}
          </button>
        </>
      ) : null}
      {mdf.status === 'claimed' ? (
        reimburse.data?.shadow ? (
          <>
            <span className="muted">
              {t('reimburse.would', {
                amount: formatMoney(reimburse.data.payMinor, reimburse.data.currency, locale),
              })}
            </span>
            <button
              type="button"
              className="button small primary"
              disabled={reimburse.isPending}
              onClick={() => reimburse.mutate(false)}
            >
              {t('reimburse.pay')}
            </button>
          </>
        ) : (
          <button
            type="button"
            className="button small"
            disabled={reimburse.isPending}
            onClick={() => reimburse.mutate(true)}
          >
            {t('reimburse.check')}
          </button>
        )
      ) : null}
      {error ? <ErrorBox error={error} /> : null}
    </div>
  );
}

/** The staff's view of every partner's marketing development funds. */
export function MdfPage() {
  const t = useMdfReviewText();
  const { role } = useSession();
  const { locale } = useI18n();
  const list = useApiQuery(['mdf'], (client) => client.programme.listMdf());
  const partners = useApiQuery(['partners'], (client) => client.channels.listPartners());
  const names = new Map((partners.data ?? []).map((p) => [p.id, p.name]));
  const decides = mayCall(role, 'programme.approveMdf');
  return (
    <div className="page biz" data-testid="page-mdf">
      <PageHeader title={t('mdfReview.title')} subtitle={t('mdfReview.subtitle')} />
      <section className="panel flush">
        <AsyncContent state={list}>
          {(items) =>
            items.length === 0 ? (
              <EmptyState>{t('mdfReview.empty')}</EmptyState>
            ) : (
              <TableWrap>
                <table className="data-table" data-testid="mdf-review-table">
                  <thead>
                    <tr>
                      <th>{t('col.partner')}</th>
                      <th>{t('col.purpose')}</th>
                      <th className="num">{t('col.amount')}</th>
                      <th>{t('col.status')}</th>
                      <th className="num">{t('col.spent')}</th>
                      <th>{t('col.proof')}</th>
                      {decides ? <th>{t('col.action')}</th> : null}
                    </tr>
                  </thead>
                  <tbody>
                    {[...items]
                      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
                      .map((m) => (
                        <tr key={m.id} data-mdf={m.purpose} data-status={m.status}>
                          <td>{names.get(m.partnerId) ?? m.partnerId}</td>
                          <td className="strong">{m.purpose}</td>
                          <td className="num">{formatMoney(m.amountMinor, m.currency, locale)}</td>
                          <td>
                            <span className={`badge mdf-${m.status}`}>
                              {t(`status.${m.status}`)}
                            </span>
                          </td>
                          <td className="num">
                            {m.spentMinor === null
                              ? '–'
                              : formatMoney(m.spentMinor, m.currency, locale)}
                          </td>
                          <td>{m.proof ?? '–'}</td>
                          {decides ? (
                            <td>
                              <Decision mdf={m} />
                            </td>
                          ) : null}
                        </tr>
                      ))}
                  </tbody>
                </table>
              </TableWrap>
            )
          }
        </AsyncContent>
      </section>
    </div>
  );
}
