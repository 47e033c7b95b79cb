import { useApiQuery } from '../app/query.ts';
import { formatMoney } from '../business/money.ts';
import { AsyncContent, EmptyState } from '../components/async-content.tsx';
import { StatCard } from '../components/stat-card.tsx';
import { TableWrap } from '../components/table-wrap.tsx';
import { useFormat } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { useProgrammeText } from './partner-programme.messages.ts';

/** The partner's commission: earned, pending, approved, paid, clawed back, and each line. */
export function EarningsSection({ partnerId }: { partnerId: string }) {
  const t = useProgrammeText();
  const f = useFormat();
  const { locale } = useI18n();
  const earnings = useApiQuery(['earnings', partnerId], (client) =>
    client.payouts.earnings({ params: { partnerId } }),
  );
  // A line names its statement; the statement its currency.
  const statements = useApiQuery(['statements'], (client) => client.billing.listStatements());
  const currencyOf = new Map((statements.data ?? []).map((s) => [s.id, s.currency]));
  return (
    <section className="panel" data-testid="earnings">
      <h2>{t('earnings.title')}</h2>
      <AsyncContent state={earnings}>
        {(e) =>
          e.totals.length === 0 ? (
            <EmptyState>{t('earnings.empty')}</EmptyState>
          ) : (
            <>
              {e.totals.map((total) => {
                const money = (minor: number) => formatMoney(minor, total.currency, locale);
                return (
                  <div
                    key={total.currency}
                    className="stat-grid earnings-grid"
                    data-currency={total.currency}
                  >
                    <StatCard label={t('earnings.earned')} value={money(total.earnedMinor)} />
                    <StatCard
                      label={t('earnings.pending')}
                      value={money(total.pendingMinor)}
                      hint={t('earnings.pendingHint')}
                      testId="earnings-pending"
                    />
                    <StatCard
                      label={t('earnings.approved')}
                      value={money(total.approvedMinor)}
                      hint={t('earnings.approvedHint')}
                    />
                    <StatCard label={t('earnings.paid')} value={money(total.paidMinor)} />
                    <StatCard
                      label={t('earnings.clawedBack')}
                      value={money(total.clawedBackMinor)}
                      hint={t('earnings.clawedBackHint')}
                    />
                    <StatCard label={t('earnings.balance')} value={money(total.balanceMinor)} />
                  </div>
                );
              })}
              <h3>{t('earnings.lines')}</h3>
              <TableWrap>
                <table className="data-table wide-table" data-testid="earnings-lines">
                  <thead>
                    <tr>
                      <th>{t('col.description')}</th>
                      <th>{t('col.kind')}</th>
                      <th>{t('col.status')}</th>
                      <th className="num">{t('col.amount')}</th>
                      <th>{t('col.holdUntil')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {[...e.lines]
                      .sort((a, b) => b.holdUntil.localeCompare(a.holdUntil))
                      .map((line) => {
                        const currency = currencyOf.get(line.statementId);
                        return (
                          <tr key={`${line.statementId}-${line.index}`}>
                            <td>{line.description}</td>
                            <td>{t(`kind.${line.kind}`)}</td>
                            <td>
                              <span className={`badge line-${line.status}`}>
                                {t(`line.${line.status}`)}
                              </span>
                            </td>
                            <td className="num strong">
                              {currency
                                ? formatMoney(line.payableMinor, currency, locale)
                                : f.integer(line.payableMinor)}
                            </td>
                            <td className="nowrap">{f.dateTime(line.holdUntil)}</td>
                          </tr>
                        );
                      })}
                  </tbody>
                </table>
              </TableWrap>
            </>
          )
        }
      </AsyncContent>
    </section>
  );
}
