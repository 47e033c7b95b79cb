import type { ChannelReport, MoneyRow } from '@qudao/client';
import { formatMoney } from '../business/money.ts';
import { EmptyState } from '../components/async-content.tsx';
import { type Column, DataTable } from '../components/data-table.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { useChannelsText } from './messages.ts';

type Ranked = MoneyRow & { rank: number };

/** The month's partners by revenue (ranked within each currency), with commission and margin. */
export function PartnerLeaderboard({ report }: { report: ChannelReport }) {
  const t = useChannelsText();
  const { locale } = useI18n();
  const money = (minor: number, currency: string) => formatMoney(minor, currency, locale);
  const rows: Ranked[] = [];
  const currencies = [...new Set(report.profitability.byPartner.map((r) => r.currency))];
  for (const currency of currencies) {
    // Direct sales have no partner: not on the board.
    const sorted = report.profitability.byPartner
      .filter((r) => r.currency === currency && r.partnerId)
      .sort((a, b) => b.revenueMinor - a.revenueMinor || a.name.localeCompare(b.name));
    sorted.forEach((row, i) => {
      rows.push({ ...row, rank: i + 1 });
    });
  }
  const columns: Column<Ranked>[] = [
    {
      id: 'rank',
      header: t('leaders.rank'),
      className: 'num',
      value: (r) => r.rank,
      cell: (r) => r.rank,
    },
    {
      id: 'partner',
      header: t('leaders.partner'),
      value: (r) => r.name,
      cell: (r) => r.name,
      cellClassName: 'strong',
    },
    {
      id: 'calls',
      header: t('leaders.calls'),
      className: 'num',
      value: (r) => r.calls,
      cell: (r) => r.calls.toLocaleString(locale),
    },
    ...(['revenue', 'commission', 'margin'] as const).map(
      (metric): Column<Ranked> => ({
        id: metric,
        header: t(`channels.col.${metric}`),
        className: 'num',
        value: (r) => r[`${metric}Minor`],
        text: (r) => money(r[`${metric}Minor`], r.currency),
        cell: (r) => money(r[`${metric}Minor`], r.currency),
      }),
    ),
  ];
  return (
    <section className="panel flush">
      <h2 className="panel-title">{t('leaders.title')}</h2>
      {rows.length === 0 ? (
        <EmptyState>{t('portal.empty')}</EmptyState>
      ) : (
        <DataTable
          rows={rows}
          columns={columns}
          rowKey={(r) => `${r.partnerId}-${r.currency}`}
          testId="partner-leaderboard"
          label={t('leaders.title')}
          rowProps={(r) => ({ 'data-rank': r.rank })}
        />
      )}
    </section>
  );
}
