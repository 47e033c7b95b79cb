import type { TrainingRun } from '@qudao/client';
import { useMemo, useState } from 'react';
import { type ChartOption, EChart } from '../charts/echart.tsx';
import { SegmentedControl } from '../components/segmented-control.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { useCompareText } from './compare.messages.ts';

const PALETTE = ['#1d4ed8', '#c2410c', '#059669', '#7c3aed', '#db2777', '#0891b2', '#ca8a04'];

type Which = 'training' | 'validation';

/**
 * Every run's loss and accuracy per epoch on one chart: loss on the left axis, accuracy (0-1) on
 * the right, so neither squashes the other; one colour per run, accuracy dashed.
 */
export function CompareChart({ runs }: { runs: TrainingRun[] }) {
  const t = useCompareText();
  const { locale } = useI18n();
  const hasValidation = runs.some((r) => r.epochs.some((e) => typeof e.valLoss === 'number'));
  const [which, setWhich] = useState<Which>('training');
  const validation = which === 'validation' && hasValidation;
  const option = useMemo((): ChartOption => {
    const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 3 });
    const lossKey = validation ? 'valLoss' : 'loss';
    const accuracyKey = validation ? 'valAccuracy' : 'accuracy';
    const series = runs.flatMap((run, i) => {
      const color = PALETTE[i % PALETTE.length];
      const points = (key: 'loss' | 'accuracy' | 'valLoss' | 'valAccuracy') =>
        run.epochs
          .filter((e) => typeof e[key] === 'number' && Number.isFinite(e[key]))
          .map((e) => [e.epoch, e[key] as number]);
      return [
        {
          type: 'line' as const,
          name: `${run.id} · ${t('loss')}`,
          yAxisIndex: 0,
          data: points(lossKey),
          showSymbol: false,
          lineStyle: { color, width: 2 },
          itemStyle: { color },
        },
        {
          type: 'line' as const,
          name: `${run.id} · ${t('accuracy')}`,
          yAxisIndex: 1,
          data: points(accuracyKey),
          showSymbol: false,
          lineStyle: { color, width: 2, type: 'dashed' as const },
          itemStyle: { color },
        },
      ].filter((s) => s.data.length > 0);
    });
    return {
      tooltip: { trigger: 'axis', valueFormatter: (v) => number.format(Number(v)) },
      legend: { bottom: 0, type: 'scroll' },
      grid: { left: 8, right: 8, top: 28, bottom: 40, containLabel: true },
      xAxis: {
        type: 'value',
        name: t('epoch'),
        min: 'dataMin',
        minInterval: 1,
        nameLocation: 'middle',
        nameGap: 24,
      },
      yAxis: [
        {
          type: 'value',
          name: t('loss'),
          scale: true,
          axisLabel: { formatter: (v: number) => number.format(v) },
        },
        {
          type: 'value',
          name: t('accuracy'),
          min: 0,
          max: 1,
          splitLine: { show: false },
          axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` },
        },
      ],
      series,
    };
  }, [runs, validation, locale, t]);
  const any = runs.some((r) => r.epochs.length > 0);
  return (
    <section className="panel" data-testid="compare-curves">
      <div className="panel-head">
        <h2>{t('curves.title')}</h2>
        {hasValidation ? (
          <SegmentedControl
            label={t('curves.which')}
            value={which}
            onChange={setWhich}
            options={[
              { value: 'training', label: t('curves.training') },
              { value: 'validation', label: t('curves.validation') },
            ]}
          />
        ) : null}
      </div>
      {any ? (
        <EChart option={option} label={t('curves.chart')} height={300} testId="compare-chart" />
      ) : (
        <p className="muted">{t('curves.none')}</p>
      )}
    </section>
  );
}
