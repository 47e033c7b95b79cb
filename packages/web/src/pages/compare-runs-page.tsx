import type { TrainingRun } from '@qudao/client';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useApiQuery } from '../app/query.ts';
import { type CompareKey, useCompareText } from '../compare/compare.messages.ts';
import { CompareChart } from '../compare/compare-chart.tsx';
import { configDiff, flatten, showValue } from '../compare/config-diff.ts';
import { AsyncContent, EmptyState } from '../components/async-content.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { TableWrap } from '../components/table-wrap.tsx';
import { useFormat } from '../i18n/format.ts';
import { useRunsText } from '../training/runs.messages.ts';
import '../ml/ml.css';

const KNOWN_METRICS = [
  'accuracy',
  'loss',
  'logLoss',
  'f1Macro',
  'precisionMacro',
  'recallMacro',
  'rocAuc',
  'rmse',
  'mae',
  'r2',
  'samples',
];
/** Figures where smaller is better (the best one is marked). */
const LOWER_BETTER = ['loss', 'logLoss', 'rmse', 'mae', 'mse'];
/** Counts, not scores: nothing to mark as best. */
const COUNTS = ['samples'];
/** Settings that name a run rather than shape it. */
const NAMING = ['modelName', 'experiment'];

function RunHead({ run }: { run: TrainingRun }) {
  return (
    <th>
      <Link to={`/runs/${encodeURIComponent(run.id)}`}>
        <code>{run.id}</code>
      </Link>
    </th>
  );
}

function ConfigTable({ runs }: { runs: TrainingRun[] }) {
  const t = useCompareText();
  const rows = configDiff(
    runs.map((r) => ({
      template: r.template,
      dataset: `${r.dataset}@${r.datasetVersion}`,
      ...flatten(r.config),
    })),
    NAMING,
  );
  return (
    <section className="panel flush" data-testid="config-diff">
      <h2 className="panel-pad">{t('config.title')}</h2>
      {rows.length === 0 ? (
        <EmptyState>{t('config.same')}</EmptyState>
      ) : (
        <TableWrap>
          <table className="data-table compact">
            <thead>
              <tr>
                <th>{t('config.key')}</th>
                {runs.map((r) => (
                  <RunHead key={r.id} run={r} />
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.key} data-key={row.key}>
                  <td>
                    <code>{row.key}</code>
                  </td>
                  {row.values.map((v, i) => (
                    <td key={runs[i]!.id} className={v === undefined ? 'muted' : 'strong'}>
                      {v === undefined ? t('missing') : <code>{showValue(v)}</code>}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}

function MetricsTable({ runs }: { runs: TrainingRun[] }) {
  const t = useCompareText();
  const f = useFormat();
  const figures = runs.map((r) => r.metrics?.test ?? {});
  const keys = [...new Set(figures.flatMap((m) => Object.keys(m)))].sort();
  if (keys.length === 0) return null;
  return (
    <section className="panel flush" data-testid="metrics-diff">
      <h2 className="panel-pad">{t('metrics.title')}</h2>
      <TableWrap>
        <table className="data-table compact">
          <thead>
            <tr>
              <th>{t('metrics.key')}</th>
              {runs.map((r) => (
                <RunHead key={r.id} run={r} />
              ))}
            </tr>
          </thead>
          <tbody>
            {keys.map((key) => {
              const values = figures.map((m) => m[key]);
              const numbers = values.filter((v): v is number => typeof v === 'number');
              const best = LOWER_BETTER.includes(key) ? Math.min(...numbers) : Math.max(...numbers);
              // The best is marked only where the runs differ, and never on a count.
              const marks = !COUNTS.includes(key) && new Set(numbers).size > 1;
              return (
                <tr key={key} data-metric={key}>
                  <td className="nowrap">
                    {KNOWN_METRICS.includes(key) ? (
                      t(`metric.${key}` as CompareKey)
                    ) : (
                      <code>{key}</code>
                    )}
                  </td>
                  {values.map((v, i) => (
                    <td key={runs[i]!.id} className={marks && v === best ? 'num strong' : 'num'}>
                      {typeof v !== 'number'
                        ? '—'
                        : COUNTS.includes(key)
                          ? f.integer(v)
                          : f.decimal(v, 4)}
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableWrap>
    </section>
  );
}

function Picker(props: { runs: TrainingRun[]; chosen: string[]; onToggle: (id: string) => void }) {
  const t = useCompareText();
  const words = useRunsText();
  return (
    <fieldset className="panel compare-picker" data-testid="compare-picker">
      <legend className="field-label">{t('pick')}</legend>
      {props.runs.map((run) => (
        <label key={run.id} data-run={run.id}>
          <input
            type="checkbox"
            checked={props.chosen.includes(run.id)}
            onChange={() => props.onToggle(run.id)}
          />
          <code>{run.id}</code>
          <span className="muted small">
            <code>{run.template}</code> · {words(`status.${run.status}`)}
          </span>
        </label>
      ))}
    </fieldset>
  );
}

/** Two or more runs side by side: the settings that differ, test figures, overlaid curves. */
export function CompareRunsPage() {
  const t = useCompareText();
  const [search, setSearch] = useSearchParams();
  // The picks live in this page's state and are written to the address for sharing. The router
  // applies address changes in a transition, so a checkbox driven by the address alone shows its
  // old state until that render lands (and a second click before it would undo the first).
  const [picks, setPicks] = useState<string[] | null>(() =>
    search.has('runs') ? (search.get('runs') ?? '').split(',').filter(Boolean) : null,
  );
  const runs = useApiQuery(['runs'], (client) =>
    client.training.listRuns({ query: { limit: 100 } }),
  );
  const toggle = (id: string, shown: string[]) => {
    const current = picks ?? shown;
    const next = current.includes(id) ? current.filter((c) => c !== id) : [...current, id];
    setPicks(next);
    setSearch({ runs: next.join(',') }, { replace: true });
  };
  return (
    <div className="page" data-testid="page-compare">
      <PageHeader title={t('title')} subtitle={t('subtitle')} />
      <AsyncContent state={runs}>
        {(list) => {
          if (list.length < 2) return <EmptyState>{t('empty')}</EmptyState>;
          // Until the user picks, the two newest runs are compared.
          const ids = picks ?? list.slice(0, 2).map((r) => r.id);
          const picked = ids
            .map((id) => list.find((r) => r.id === id))
            .filter((r): r is TrainingRun => r !== undefined);
          return (
            <>
              <Picker
                runs={list}
                chosen={picked.map((r) => r.id)}
                onToggle={(id) =>
                  toggle(
                    id,
                    picked.map((r) => r.id),
                  )
                }
              />
              {picked.length < 2 ? (
                <EmptyState>{t('pickHint')}</EmptyState>
              ) : (
                <>
                  <ConfigTable runs={picked} />
                  <MetricsTable runs={picked} />
                  <CompareChart runs={picked} />
                </>
              )}
            </>
          );
        }}
      </AsyncContent>
    </div>
  );
}
