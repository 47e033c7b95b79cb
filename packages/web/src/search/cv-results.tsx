import type { TrainingJob } from '@qudao/client';
import { useMemo } from 'react';
import { Link } from 'react-router';
import { type ChartOption, EChart } from '../charts/echart.tsx';
import { EmptyState } from '../components/async-content.tsx';
import { type Column, DataTable } from '../components/data-table.tsx';
import { TableWrap } from '../components/table-wrap.tsx';
import { useFormat } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { LOWER_IS_BETTER, useMetricName } from './metric-names.ts';
import { useSearchText } from './search.messages.ts';

type CvJob = Extract<TrainingJob, { kind: 'training-cv' }>;

export interface FoldRow {
  fold: number;
  runId: string | null;
  metrics: Record<string, number | null>;
}

/** Each fold's figures (the result's once done, the history while it runs) and its run. */
export function foldsOf(job: CvJob): FoldRow[] {
  const runs = new Map(job.history.map((h) => [h.fold, h.runId]));
  if (job.result)
    return job.result.perFold.map((metrics, i) => ({
      fold: i + 1,
      runId: runs.get(i + 1) ?? null,
      metrics,
    }));
  return job.history.map((h) => {
    const metrics: Record<string, number | null> = {};
    for (const [k, v] of Object.entries(h))
      if (k !== 'fold' && k !== 'runId') metrics[k] = typeof v === 'number' ? v : null;
    return { fold: h.fold, runId: h.runId, metrics };
  });
}

/** The figure a fold is judged by: accuracy for classification, rmse for regression. */
function primaryOf(keys: string[]): string {
  return keys.includes('accuracy') ? 'accuracy' : keys.includes('rmse') ? 'rmse' : (keys[0] ?? '');
}

function bestFold(rows: FoldRow[], key: string): number | null {
  const lower = LOWER_IS_BETTER.has(key);
  let best: FoldRow | null = null;
  for (const row of rows) {
    const v = row.metrics[key];
    const b = best?.metrics[key];
    if (typeof v === 'number' && (typeof b !== 'number' || (lower ? v < b : v > b))) best = row;
  }
  return best?.fold ?? null;
}

function FoldChart(props: { rows: FoldRow[]; metric: string; mean: number | null }) {
  const t = useSearchText();
  const name = useMetricName();
  const { locale } = useI18n();
  const option = useMemo((): ChartOption => {
    const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 4 });
    const labels = props.rows.map((r) => `#${r.fold}`);
    const series: NonNullable<ChartOption['series']> = [
      {
        type: 'bar',
        name: name(props.metric),
        data: props.rows.map((r) => r.metrics[props.metric] ?? null),
        itemStyle: { color: '#93a4c3' },
      },
    ];
    if (props.mean !== null)
      series.push({
        type: 'line',
        name: t('folds.mean'),
        data: labels.map(() => props.mean),
        showSymbol: false,
        lineStyle: { color: '#059669', type: 'dashed', width: 2 },
        itemStyle: { color: '#059669' },
      });
    return {
      tooltip: { trigger: 'axis', valueFormatter: (v) => number.format(Number(v)) },
      legend: { bottom: 0 },
      grid: { left: 8, right: 8, top: 28, bottom: 32, containLabel: true },
      xAxis: { type: 'category', data: labels },
      yAxis: { type: 'value', name: name(props.metric), scale: true },
      series,
    };
  }, [props.rows, props.metric, props.mean, locale, name, t]);
  return <EChart option={option} label={t('folds.chart')} height={220} testId="folds-chart" />;
}

/** A cross-validation's folds: each fold's figures and run, the mean and spread, a chart. */
export function CrossValidationResults({ job }: { job: CvJob }) {
  const t = useSearchText();
  const f = useFormat();
  const metric = useMetricName();
  const rows = foldsOf(job);
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r.metrics)))];
  const primary = primaryOf(keys);
  const best = bestFold(rows, primary);
  const summary = job.result?.summary;
  const columns: Column<FoldRow>[] = [
    {
      id: 'fold',
      header: t('folds.col.fold'),
      className: 'num',
      value: (r) => r.fold,
      cell: (r) => (
        <>
          {r.fold === best ? <span className="badge badge-best">{t('folds.best')}</span> : null} #
          {r.fold}
        </>
      ),
    },
    ...keys.map(
      (key): Column<FoldRow> => ({
        id: `metric.${key}`,
        header: metric(key),
        className: 'num',
        cellClassName: key === primary ? 'strong' : undefined,
        value: (r) => r.metrics[key] ?? undefined,
        text: () => '',
        cell: (r) => f.decimal(r.metrics[key] ?? Number.NaN, 4),
      }),
    ),
    {
      id: 'run',
      header: t('folds.col.run'),
      cell: (r) =>
        r.runId ? (
          <Link to={`/runs/${encodeURIComponent(r.runId)}`}>
            <code>{r.runId}</code>
          </Link>
        ) : null,
    },
  ];
  return (
    <section className="panel flush" data-testid="cv-results">
      <div className="panel-pad">
        <h2>{t('folds.title')}</h2>
        {job.result ? (
          <p className="muted" data-testid="cv-summary">
            {t('folds.summary', {
              folds: job.result.folds,
              rows: f.integer(job.result.rows),
              dataset: job.result.dataset,
              seconds: f.duration(job.result.seconds),
            })}
          </p>
        ) : null}
      </div>
      {rows.length === 0 ? (
        <EmptyState>{t('job.waiting')}</EmptyState>
      ) : (
        <>
          <div className="panel-pad">
            <FoldChart rows={rows} metric={primary} mean={summary?.[primary]?.mean ?? null} />
          </div>
          <DataTable
            rows={rows}
            columns={columns}
            rowKey={(r) => String(r.fold)}
            testId="folds-table"
            label={t('folds.title')}
            rowProps={(r) => ({
              className: r.fold === best ? 'best-row' : undefined,
              'data-fold': r.fold,
              'data-best': r.fold === best ? 'true' : 'false',
            })}
          />
        </>
      )}
      {summary ? (
        <TableWrap>
          <table className="data-table compact" data-testid="cv-summary-table">
            <thead>
              <tr>
                <th>
                  <span className="visually-hidden">{t('folds.col.fold')}</span>
                </th>
                {keys.map((key) => (
                  <th key={key} className="num">
                    {metric(key)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {(['mean', 'std'] as const).map((which) => (
                <tr key={which} data-summary={which}>
                  <th scope="row">{t(which === 'mean' ? 'folds.mean' : 'folds.std')}</th>
                  {keys.map((key) => (
                    <td key={key} className="num" data-metric={key}>
                      {f.decimal(summary[key]?.[which] ?? Number.NaN, 4)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
    </section>
  );
}
