import type { ChannelReport } from '@qudao/client';
import { useQueries } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useClient } from '../app/api-context.tsx';
import { minorDigits } from '../business/money.ts';
import { type ChartOption, EChart } from '../charts/echart.tsx';
import { Loading } from '../components/async-content.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { type ChannelsKey, useChannelsText } from './messages.ts';
import { monthsEnding } from './months.ts';

/** The channel names the report uses: `direct` and the partners' channels. */
const KNOWN = ['direct', 'reseller', 'referral', 'integrator', 'marketplace'];

const METRICS = ['revenue', 'commission', 'margin'] as const;
type Metric = (typeof METRICS)[number];
const FIELD: Record<Metric, 'revenueMinor' | 'commissionMinor' | 'marginMinor'> = {
  revenue: 'revenueMinor',
  commission: 'commissionMinor',
  margin: 'marginMinor',
};

/**
 * Revenue, commission and margin per channel over a year, one chart each (separate axes: the
 * amounts differ by an order of magnitude). Each month is the report the API gives for it, in
 * the reporting currency of the chosen month.
 */
export function ChannelTrends({ report }: { report: ChannelReport }) {
  const t = useChannelsText();
  const { locale } = useI18n();
  const client = useClient();
  const last = report.period.start.slice(0, 7);
  const months = useMemo(() => monthsEnding(last), [last]);
  const reports = useQueries({
    queries: months.map((period) => ({
      queryKey: ['channel-report', period],
      queryFn: () => client.reports.channels({ query: { period } }),
      staleTime: 5 * 60_000,
    })),
  });
  const ready = reports.every((r) => r.data);
  const currency = report.profitability.currency;
  const data = reports.map((r) => r.data);
  const loaded = reports.map((r) => r.dataUpdatedAt).join();
  // biome-ignore lint/correctness/useExhaustiveDependencies: `data` is new each render; it changes when `loaded` does.
  const options = useMemo(() => {
    if (!ready) return null;
    const channels = [
      ...new Set(data.flatMap((r) => r!.profitability.byChannel.map((row) => row.name))),
    ];
    const scale = 10 ** minorDigits(currency);
    const label = (name: string) => (KNOWN.includes(name) ? t(`ch.${name}` as ChannelsKey) : name);
    const short = new Intl.DateTimeFormat(locale, { month: 'short', year: '2-digit' });
    const axis = months.map((m) => short.format(new Date(`${m}-15T00:00:00Z`)));
    const money = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
    return METRICS.map((metric): [Metric, ChartOption] => [
      metric,
      {
        tooltip: { trigger: 'axis', valueFormatter: (v) => money.format(Number(v)) },
        legend: { bottom: 0, type: 'scroll' },
        grid: { left: 8, right: 8, top: 16, bottom: 36, containLabel: true },
        xAxis: { type: 'category', data: axis },
        yAxis: { type: 'value', axisLabel: { formatter: (v: number) => money.format(v) } },
        series: channels.map((name) => ({
          type: 'line' as const,
          name: label(name),
          smooth: true,
          data: data.map((r) => {
            const row = r!.profitability.byChannel.find(
              (x) => x.name === name && x.currency === currency,
            );
            return row ? row[FIELD[metric]] / scale : 0;
          }),
        })),
      },
    ]);
  }, [loaded, ready, currency, locale, months, t]);
  return (
    <section className="panel" data-testid="channels-trends">
      <h2>{t('channels.trends')}</h2>
      <p className="muted">{t('channels.trendsCurrency', { currency })}</p>
      {options ? (
        <div className="trend-grid">
          {options.map(([metric, option]) => (
            <figure key={metric} className="trend">
              <figcaption className="strong">{t(`channels.trend.${metric}`)}</figcaption>
              <EChart
                option={option}
                label={t(`channels.trend.${metric}`)}
                testId={`trend-${metric}`}
              />
            </figure>
          ))}
        </div>
      ) : (
        <Loading />
      )}
    </section>
  );
}
