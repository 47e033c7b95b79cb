import type { TrainingRun } from '@qudao/client';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { mayOpen, pageById } from '../app/pages.ts';
import { useApiQuery } from '../app/query.ts';
import { useSession } from '../app/session.tsx';
import { useCompareText } from '../compare/compare.messages.ts';
import { AsyncContent, EmptyState } from '../components/async-content.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { TableWrap } from '../components/table-wrap.tsx';
import { useFormat } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n.tsx';
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
  return (
    <TableWrap>
      <table className="data-table" data-testid="runs-table">
        <thead>
          <tr>
            <th>{t('runs.col.run')}</th>
            <th>{t('runs.col.kind')}</th>
            <th>{t('runs.col.status')}</th>
            <th>{t('runs.col.template')}</th>
            <th>{t('runs.col.dataset')}</th>
            <th className="num">{t('runs.col.epochs')}</th>
            <th className="num">{t('runs.col.result')}</th>
            <th>{t('runs.col.model')}</th>
            <th>{t('runs.col.created')}</th>
          </tr>
        </thead>
        <tbody>
          {props.runs.map((run) => (
            <tr
              key={run.id}
              className={run.id === props.selected ? 'selected' : undefined}
              onClick={() => props.onSelect(run.id)}
              data-run={run.id}
            >
              <td>
                <code>{run.id}</code>
              </td>
              <td>{words(`kind.${run.kind}`)}</td>
              <td>{words(`status.${run.status}`)}</td>
              <td>
                <code>{run.template}</code>
              </td>
              <td>
                {run.dataset}
                <span className="muted">@{run.datasetVersion}</span>
              </td>
              <td className="num">{run.epochs.length}</td>
              <td className="num strong">{headline(run)}</td>
              <td>{run.modelVersion ?? '—'}</td>
              <td className="nowrap" title={f.dateTime(run.createdAt)}>
                {f.relative(run.createdAt)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
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
  const compareLink =
    mayOpen(role, pageById('compare-runs')) && (runs.data?.length ?? 0) >= 2 ? (
      <Link className="button" to="/runs/compare" data-testid="compare-link">
        {compare('open')}
      </Link>
    ) : null;
  return (
    <>
      <PageHeader title={t('runs.title')} subtitle={t('runs.subtitle')} actions={compareLink} />
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
