import type { DatasetVersion } from '@qudao/client';
import { useMemo } from 'react';
import { type ChartOption, EChart } from '../charts/echart.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { useDatasetsText } from './datasets.messages.ts';

/** Rows per class as bars (the version's label distribution), classes in their own order. */
export function ClassBalance({ version }: { version: DatasetVersion }) {
  const t = useDatasetsText();
  const { locale } = useI18n();
  const counts = version.classes.map((c) => version.labelDistribution[c] ?? 0);
  const option = useMemo((): ChartOption => {
    const data = version.classes.map((c) => version.labelDistribution[c] ?? 0);
    const integer = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
    return {
      tooltip: { trigger: 'axis', valueFormatter: (v) => integer.format(Number(v)) },
      grid: { left: 8, right: 8, top: 16, bottom: 8, containLabel: true },
      xAxis: {
        type: 'category',
        data: version.classes,
        axisLabel: { interval: 0, hideOverlap: true },
      },
      yAxis: { type: 'value', axisLabel: { formatter: (v: number) => integer.format(v) } },
      series: [
        {
          type: 'bar',
          name: t('balance.chart'),
          data,
          itemStyle: { color: '#1d4ed8' },
          barMaxWidth: 48,
        },
      ],
    };
  }, [version, locale, t]);
  return (
    <section className="panel" data-testid="class-balance">
      <h2>{t('balance.title')}</h2>
      {counts.some((n) => n > 0) ? (
        <EChart option={option} label={t('balance.chart')} height={220} testId="balance-chart" />
      ) : (
        <p className="muted">{t('balance.none')}</p>
      )}
    </section>
  );
}
