import { useState } from 'react';
import { useApiQuery } from '../app/query.ts';
import { useFormat } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { AsyncContent, EmptyState } from './async-content.tsx';
import { SegmentedControl } from './segmented-control.tsx';
import { TableWrap } from './table-wrap.tsx';

/** The groupings the console offers (the API also groups by product and channel). */
const GROUPINGS = ['partner', 'customer', 'endpoint'] as const;
type Grouping = (typeof GROUPINGS)[number];

/** Metered calls from `GET /usage?by=…`, with a switch between the three groupings. */
export function UsageSection() {
  const { t } = useI18n();
  const f = useFormat();
  const [by, setBy] = useState<Grouping>('partner');
  const state = useApiQuery(['usage', by], (client) => client.metering.usage({ query: { by } }));
  const groupLabel = t(`usage.by.${by}`);
  return (
    <section className="panel" data-testid="usage-section">
      <div className="panel-head">
        <h2>{t('usage.title')}</h2>
        <span className="muted">{t('usage.subtitle')}</span>
        <SegmentedControl
          label={t('usage.subtitle')}
          testId="usage-grouping"
          value={by}
          onChange={setBy}
          options={GROUPINGS.map((g) => ({ value: g, label: t(`usage.by.${g}`) }))}
        />
        {state.loading && state.data ? <span className="spinner" aria-hidden="true" /> : null}
      </div>
      <AsyncContent state={state}>
        {(rows) => {
          if (rows.length === 0) return <EmptyState>{t('usage.empty')}</EmptyState>;
          const total = rows.reduce((n, r) => n + r.calls, 0);
          const sorted = [...rows].sort((a, b) => b.calls - a.calls);
          return (
            <TableWrap>
              <table className="data-table" data-testid="usage-table" data-grouping={by}>
                <thead>
                  <tr>
                    <th>{groupLabel}</th>
                    <th className="num">{t('usage.col.calls')}</th>
                    <th className="share-col">{t('usage.col.share')}</th>
                    <th className="num">{t('usage.col.latency')}</th>
                    <th>{t('usage.col.firstCall')}</th>
                    <th>{t('usage.col.lastCall')}</th>
                  </tr>
                </thead>
                <tbody>
                  {sorted.map((row) => {
                    const share = total > 0 ? row.calls / total : 0;
                    return (
                      <tr key={`${row.group}:${row.id ?? row.name}`}>
                        <td className="strong">{row.name}</td>
                        <td className="num">{f.integer(row.calls)}</td>
                        <td className="share-col">
                          <span className="share">
                            <span className="share-bar" style={{ width: `${share * 100}%` }} />
                            <span className="share-text">{f.percent(share, 1)}</span>
                          </span>
                        </td>
                        <td className="num">{f.latency(row.avgLatencyMs)}</td>
                        <td className="nowrap" title={f.dateTime(row.firstCallAt)}>
                          {f.relative(row.firstCallAt)}
                        </td>
                        <td className="nowrap" title={f.dateTime(row.lastCallAt)}>
                          {f.relative(row.lastCallAt)}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
                <tfoot>
                  <tr>
                    <td>{t('usage.total')}</td>
                    <td className="num">{f.integer(total)}</td>
                    <td colSpan={4} />
                  </tr>
                </tfoot>
              </table>
            </TableWrap>
          );
        }}
      </AsyncContent>
    </section>
  );
}
