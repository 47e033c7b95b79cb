import type { TrainingJob } from '@qudao/client';
import { useMemo } from 'react';
import { Link } from 'react-router';
import { type ChartOption, EChart } from '../charts/echart.tsx';
import { EmptyState } from '../components/async-content.tsx';
import { type Column, DataTable } from '../components/data-table.tsx';
import { useFormat } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { versionPath } from '../registry/alias-panel.tsx';
import { LOWER_IS_BETTER, useMetricName, useParamName } from './metric-names.ts';
import { type SearchKey, useSearchText } from './search.messages.ts';

type SearchJob = Extract<TrainingJob, { kind: 'training-search' }>;

/** One trial as the page shows it, from the result once the job is done, else its history. */
export interface TrialRow {
  trial: number;
  values: Record<string, unknown>;
  runId: string;
  status: 'succeeded' | 'refused' | 'failed';
  metrics: Record<string, number | null>;
}

/** The objective a search ranks by: the result's, else the request's, else the default. */
function objectiveOf(job: SearchJob): string {
  if (job.result) return job.result.objective;
  const asked = (job.config as { objective?: unknown }).objective;
  if (typeof asked === 'string') return asked;
  // While running, the history names it: the one key beside trial, values and runId.
  const entry = job.history[0];
  const key = entry && Object.keys(entry).find((k) => !['trial', 'values', 'runId'].includes(k));
  return key ?? 'accuracy';
}

/** The trials of a search and the best one (the result's, or the best so far while it runs). */
export function trialsOf(job: SearchJob): {
  objective: string;
  rows: TrialRow[];
  best: number | null;
} {
  const objective = objectiveOf(job);
  if (job.result)
    return {
      objective,
      rows: job.result.trials.map((t) => ({ ...t, metrics: t.metrics ?? {} })),
      best: job.result.best?.trial ?? null,
    };
  const rows: TrialRow[] = job.history.map((h) => {
    const value = (h as Record<string, unknown>)[objective];
    return {
      trial: h.trial,
      values: h.values,
      runId: h.runId,
      status: 'succeeded',
      metrics: { [objective]: typeof value === 'number' ? value : null },
    };
  });
  const lower = LOWER_IS_BETTER.has(objective);
  let best: TrialRow | null = null;
  for (const row of rows) {
    const v = row.metrics[objective];
    if (typeof v !== 'number') continue;
    const b = best?.metrics[objective];
    if (typeof b !== 'number' || (lower ? v < b : v > b)) best = row;
  }
  return { objective, rows, best: best?.trial ?? null };
}

const show = (v: unknown) => (typeof v === 'object' ? JSON.stringify(v) : String(v));

function TrialChart(props: { rows: TrialRow[]; objective: string; best: number | null }) {
  const t = useSearchText();
  const metric = useMetricName();
  const { locale } = useI18n();
  const option = useMemo((): ChartOption => {
    const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 4 });
    const scored = props.rows.filter((r) => typeof r.metrics[props.objective] === 'number');
    return {
      tooltip: { trigger: 'axis', valueFormatter: (v) => number.format(Number(v)) },
      grid: { left: 8, right: 8, top: 28, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: scored.map((r) => `#${r.trial}`) },
      yAxis: { type: 'value', name: metric(props.objective), scale: true },
      series: [
        {
          type: 'bar',
          name: metric(props.objective),
          data: scored.map((r) => ({
            value: r.metrics[props.objective] as number,
            itemStyle: { color: r.trial === props.best ? '#059669' : '#93a4c3' },
          })),
        },
      ],
    };
  }, [props.rows, props.objective, props.best, locale, metric]);
  return <EChart option={option} label={t('trials.chart')} height={220} testId="trials-chart" />;
}

/** A search's trials: the settings each tried, its figures, the best marked, and a chart. */
export function SearchResults({ job }: { job: SearchJob }) {
  const t = useSearchText();
  const f = useFormat();
  const metric = useMetricName();
  const param = useParamName();
  const { objective, rows, best } = trialsOf(job);
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r.values)))];
  const metricKeys = [objective, ...new Set(rows.flatMap((r) => Object.keys(r.metrics)))].filter(
    (k, i, all) => all.indexOf(k) === i,
  );
  const columns: Column<TrialRow>[] = [
    {
      id: 'trial',
      header: t('trials.col.trial'),
      className: 'num',
      value: (r) => r.trial,
      cell: (r) => (
        <>
          {r.trial === best ? <span className="badge badge-best">{t('trials.best')}</span> : null} #
          {r.trial}
        </>
      ),
    },
    ...keys.map(
      (key): Column<TrialRow> => ({
        id: `value.${key}`,
        header: param(key),
        className: 'num',
        value: (r) =>
          typeof r.values[key] === 'number' ? (r.values[key] as number) : show(r.values[key]),
        cell: (r) => <code>{show(r.values[key])}</code>,
      }),
    ),
    {
      id: 'status',
      header: t('trials.col.status'),
      value: (r) => r.status,
      text: (r) => t(`status.${r.status}` as SearchKey),
      cell: (r) => t(`status.${r.status}` as SearchKey),
    },
    ...metricKeys.map(
      (key): Column<TrialRow> => ({
        id: `metric.${key}`,
        header: metric(key),
        className: 'num',
        cellClassName: key === objective ? 'strong' : undefined,
        value: (r) => r.metrics[key] ?? undefined,
        text: () => '',
        cell: (r) => f.decimal(r.metrics[key] ?? Number.NaN, 4),
      }),
    ),
    {
      id: 'run',
      header: t('trials.col.run'),
      cell: (r) => (
        <Link to={`/runs/${encodeURIComponent(r.runId)}`}>
          <code>{r.runId}</code>
        </Link>
      ),
    },
  ];
  const registered = job.result?.best?.registered;
  const direction = LOWER_IS_BETTER.has(objective) ? t('trials.lower') : t('trials.higher');
  return (
    <section className="panel flush" data-testid="search-results">
      <div className="panel-pad">
        <h2>{t('trials.title')}</h2>
        <p className="muted" data-testid="search-objective">
          {t('trials.objective', { metric: metric(objective), direction })}
        </p>
        {registered ? (
          <p data-testid="search-registered">
            {t('trials.registered')}{' '}
            <Link to={versionPath(registered.model, registered.version)}>
              <code>
                {registered.model} v{registered.version}
              </code>
            </Link>
          </p>
        ) : job.result?.best ? (
          <p className="muted">{t('trials.notRegistered')}</p>
        ) : null}
      </div>
      {rows.length === 0 ? (
        <EmptyState>{t('job.waiting')}</EmptyState>
      ) : (
        <>
          <div className="panel-pad">
            <TrialChart rows={rows} objective={objective} best={best} />
          </div>
          <DataTable
            rows={rows}
            columns={columns}
            rowKey={(r) => String(r.trial)}
            testId="trials-table"
            label={t('trials.title')}
            rowProps={(r) => ({
              className: r.trial === best ? 'best-row' : undefined,
              'data-trial': r.trial,
              'data-best': r.trial === best ? 'true' : 'false',
            })}
          />
        </>
      )}
    </section>
  );
}
