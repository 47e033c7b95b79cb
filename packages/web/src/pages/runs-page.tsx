import type { TrainingRun } from '@qudao/client';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { mayOpen, pageById } from '../app/pages.ts';
import { useApiQuery } from '../app/query.ts';
import { useSession } from '../app/session.tsx';
import { useCompareText } from '../compare/compare.messages.ts';
import { AsyncContent, EmptyState } from '../components/async-content.tsx';
import { type Column, DataTable } from '../components/data-table.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { useFormat } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { useSearchText } from '../search/search.messages.ts';
import { ConfusionMatrix } from '../training/confusion-matrix.tsx';
import { useRunsText } from '../training/runs.messages.ts';
import { TrainingChart } from '../training/training-chart.tsx';
import { useLiveEpochs } from '../training/use-live-epochs.ts';

function headline(run: TrainingRun): string {
  const m = run.metrics?.test ?? run.metrics?.validation;
  if (!m) return '—';
  // A figure that is not a number arrives as null.
  if (typeof m.accuracy === 'number') return `acc ${(m.accuracy * 100).toFixed(2)}%`;
  if (typeof m.rmse === 'number') return `rmse ${m.rmse.toFixed(3)}`;
  return '—';
}

function RunDetail(props: { run: TrainingRun; onFinished: () => void }) {
  const { t } = useI18n();
  const f = useFormat();
  const { run, onFinished } = props;
  const words = useRunsText();
  const { epochs, finished } = useLiveEpochs(run);
  useEffect(() => {
    if (finished) onFinished();
  }, [finished, onFinished]);
  const classification = run.metrics?.evaluation?.classification;
  return (
    <section className="panel" data-testid="run-detail">
      <h2>
        <code data-value>{run.template}</code> ·{' '}
        <code data-value>
          {run.dataset}@{run.datasetVersion}
        </code>{' '}
        <span className="muted">
          <code data-value>{run.id}</code> · {words(`status.${run.status}`)}
        </span>
      </h2>
      <TrainingChart epochs={epochs} />
      {run.system ? (
        <p className="muted">
          {t('runs.system', {
            speed: f.integer(run.system.samplesPerSecond),
            seconds: f.duration(run.system.seconds),
            memory: f.integer(run.system.peakRssBytes / 1048576),
            backend: run.system.backend,
          })}
        </p>
      ) : null}
      {classification ? (
        <ConfusionMatrix
          matrix={classification.confusionMatrix}
          classes={classification.perClass.map((c) => c.class)}
        />
      ) : null}
      {run.error ? <p className="error-box">{run.error.message}</p> : null}
    </section>
  );
}

function RunsTable(props: {
  runs: TrainingRun[];
  selected: string | null;
  onSelect: (id: string) => void;
}) {
  const { t } = useI18n();
  const f = useFormat();
  const words = useRunsText();
  const columns: Column<TrainingRun>[] = [
    { id: 'run', header: t('runs.col.run'), value: (r) => r.id, cell: (r) => <code>{r.id}</code> },
    {
      id: 'kind',
      header: t('runs.col.kind'),
      value: (r) => words(`kind.${r.kind}`),
      cell: (r) => words(`kind.${r.kind}`),
    },
    {
      id: 'status',
      header: t('runs.col.status'),
      value: (r) => words(`status.${r.status}`),
      cell: (r) => words(`status.${r.status}`),
    },
    {
      id: 'template',
      header: t('runs.col.template'),
      value: (r) => r.template,
      cell: (r) => <code>{r.template}</code>,
    },
    {
      id: 'dataset',
      header: t('runs.col.dataset'),
      value: (r) => r.dataset,
      cell: (r) => (
        <>
          {r.dataset}
          <span className="muted">@{r.datasetVersion}</span>
        </>
      ),
    },
    {
      id: 'epochs',
      header: t('runs.col.epochs'),
      className: 'num',
      value: (r) => r.epochs.length,
      text: () => '',
      cell: (r) => r.epochs.length,
    },
    {
      id: 'result',
      header: t('runs.col.result'),
      className: 'num',
      cellClassName: 'strong',
      value: (r) => r.metrics?.test?.accuracy ?? r.metrics?.validation?.accuracy ?? null,
      text: () => '',
      cell: (r) => headline(r),
    },
    {
      id: 'model',
      header: t('runs.col.model'),
      value: (r) => r.modelVersion ?? null,
      cell: (r) => r.modelVersion ?? '—',
    },
    {
      id: 'created',
      header: t('runs.col.created'),
      value: (r) => r.createdAt,
      text: () => '',
      cellClassName: 'nowrap',
      cell: (r) => <span title={f.dateTime(r.createdAt)}>{f.relative(r.createdAt)}</span>,
    },
  ];
  return (
    <DataTable
      rows={props.runs}
      columns={columns}
      rowKey={(r) => r.id}
      testId="runs-table"
      label={t('runs.title')}
      rowProps={(r) => ({
        className: r.id === props.selected ? 'selected' : undefined,
        onClick: () => props.onSelect(r.id),
        'data-run': r.id,
      })}
    />
  );
}

/** Experiments: every training run, its curves (live while it trains) and confusion matrix. */
export function RunsPage(props: { initialRun?: string | null }) {
  const { t } = useI18n();
  const runs = useApiQuery(['runs'], (client) =>
    client.training.listRuns({ query: { limit: 100 } }),
  );
  const [selected, setSelected] = useState<string | null>(props.initialRun ?? null);
  const current = runs.data?.find((r) => r.id === selected) ?? runs.data?.[0];
  const { role } = useSession();
  const compare = useCompareText();
  const searchText = useSearchText();
  const compareLink =
    mayOpen(role, pageById('compare-runs')) && (runs.data?.length ?? 0) >= 2 ? (
      <Link className="button" to="/runs/compare" data-testid="compare-link">
        {compare('open')}
      </Link>
    ) : null;
  return (
    <>
      <PageHeader
        title={t('runs.title')}
        subtitle={t('runs.subtitle')}
        actions={
          <>
            {compareLink}
            <Link className="button" to="/training/jobs" data-testid="training-jobs-link">
              {searchText('jobs.title')}
            </Link>
          </>
        }
      />
      <AsyncContent state={runs}>
        {(list) =>
          list.length === 0 ? (
            <EmptyState>{t('runs.empty')}</EmptyState>
          ) : (
            <>
              {current ? <RunDetail run={current} onFinished={runs.reload} /> : null}
              <RunsTable runs={list} selected={current?.id ?? null} onSelect={setSelected} />
            </>
          )
        }
      </AsyncContent>
    </>
  );
}
