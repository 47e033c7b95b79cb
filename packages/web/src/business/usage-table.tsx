import type { UsageGrouping } from '@qudao/client';
import { useApiQuery } from '../app/query.ts';
import { AsyncContent, EmptyState } from '../components/async-content.tsx';
import { TableWrap } from '../components/table-wrap.tsx';
import { useFormat } from '../i18n/format.ts';
import { usePortalText } from './portal.messages.ts';

/** Metered calls grouped one way, as the caller may see them (a partner: its customers only). */
export function UsageTable(props: {
  by: UsageGrouping;
  title: string;
  groupLabel: string;
  empty: string;
}) {
  const t = usePortalText();
  const f = useFormat();
  const state = useApiQuery(['usage', props.by], (client) =>
    client.metering.usage({ query: { by: props.by } }),
  );
  return (
    <section className="panel flush" data-testid={`usage-by-${props.by}`}>
      <h2 className="panel-title">{props.title}</h2>
      <AsyncContent state={state}>
        {(rows) =>
          rows.length === 0 ? (
            <EmptyState>{props.empty}</EmptyState>
          ) : (
            <TableWrap>
              <table className="data-table">
                <thead>
                  <tr>
                    <th>{props.groupLabel}</th>
                    <th className="num">{t('col.calls')}</th>
                    <th className="num">{t('col.units')}</th>
                  </tr>
                </thead>
                <tbody>
                  {[...rows]
                    .sort((a, b) => b.calls - a.calls)
                    .map((row) => (
                      <tr key={`${row.id ?? row.name}`}>
                        <td className="strong">{row.name}</td>
                        <td className="num">{f.integer(row.calls)}</td>
                        <td className="num">{f.integer(row.units)}</td>
                      </tr>
                    ))}
                </tbody>
              </table>
            </TableWrap>
          )
        }
      </AsyncContent>
    </section>
  );
}
