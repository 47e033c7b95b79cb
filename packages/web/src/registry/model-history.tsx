import { useApiQuery } from '../app/query.ts';
import { AsyncContent, EmptyState } from '../components/async-content.tsx';
import { TableWrap } from '../components/table-wrap.tsx';
import { useFormat } from '../i18n/format.ts';
import { useActor } from './actor.tsx';
import { type RegistryKey, useRegistryText } from './registry.messages.ts';

const ACTIONS = [
  'version.registered',
  'version.imported',
  'version.deleted',
  'alias.set',
  'alias.removed',
  'tag.set',
  'tag.removed',
  'card.set',
];

function detailText(detail: unknown): string {
  if (!detail || typeof detail !== 'object') return '';
  return Object.entries(detail as Record<string, unknown>)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(' · ');
}

/** The registry's audit trail of one model (`GET /models/:name/events`), newest first. */
export function ModelHistory({ name }: { name: string }) {
  const t = useRegistryText();
  const f = useFormat();
  const actor = useActor();
  const events = useApiQuery(['model-events', name], (client) =>
    client.registry.events({ params: { name } }),
  );
  const action = (a: string) => (ACTIONS.includes(a) ? t(`action.${a}` as RegistryKey) : a);
  return (
    <section className="panel flush" data-testid="model-history">
      <h2 className="panel-pad">{t('history.title')}</h2>
      <AsyncContent state={events}>
        {(list) =>
          list.length === 0 ? (
            <EmptyState>{t('history.empty')}</EmptyState>
          ) : (
            <TableWrap>
              <table className="data-table compact" data-testid="model-history-table">
                <thead>
                  <tr>
                    <th>{t('history.col.when')}</th>
                    <th>{t('history.col.action')}</th>
                    <th>{t('history.col.who')}</th>
                    <th>{t('history.col.detail')}</th>
                  </tr>
                </thead>
                <tbody>
                  {/* The server answers oldest first (time, then insertion order). */}
                  {list
                    .map((e, i) => ({ e, i }))
                    .reverse()
                    .map(({ e, i }) => (
                      <tr key={i} data-action={e.action}>
                        <td className="nowrap">{f.dateTime(e.at)}</td>
                        <td className="strong">{action(e.action)}</td>
                        <td>{actor(e.actor)}</td>
                        <td>
                          <code className="detail-code">{detailText(e.detail)}</code>
                        </td>
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
