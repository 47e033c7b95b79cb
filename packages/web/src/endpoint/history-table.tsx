import { useApiQuery } from '../app/query.ts';
import { AsyncContent, EmptyState } from '../components/async-content.tsx';
import { TableWrap } from '../components/table-wrap.tsx';
import { useFormat } from '../i18n/format.ts';
import { type EndpointKey, useEndpointText } from './endpoint.messages.ts';

const ACTIONS = [
  'deploy',
  'stop',
  'start',
  'canary',
  'shadow',
  'shadow.stopped',
  'promote',
  'rollback',
];

/** `owner`, `admin:<token>`, `upgrade:<run>` in words, with the id kept beside the word. */
function useActor() {
  const t = useEndpointText();
  return (actor: string) => {
    const [kind, id] = actor.split(':', 2) as [string, string | undefined];
    const word =
      kind === 'owner' || kind === 'admin' || kind === 'upgrade' ? t(`who.${kind}`) : kind;
    return id ? (
      <>
        {word} <code>{id}</code>
      </>
    ) : (
      word
    );
  };
}

function detailText(detail: Record<string, unknown>): string {
  return Object.entries(detail)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(' · ');
}

/** Who changed the endpoint's traffic, when and how: newest first. */
export function HistoryTable({ name }: { name: string }) {
  const t = useEndpointText();
  const f = useFormat();
  const actor = useActor();
  const history = useApiQuery(['endpoint-history', name], (client) =>
    client.traffic.history({ params: { name } }),
  );
  const action = (a: string) => (ACTIONS.includes(a) ? t(`action.${a}` as EndpointKey) : a);
  return (
    <section className="panel flush" data-testid="history-panel">
      <h2 className="panel-pad">{t('history.title')}</h2>
      <AsyncContent state={history}>
        {(events) =>
          events.length === 0 ? (
            <EmptyState>{t('history.empty')}</EmptyState>
          ) : (
            <TableWrap>
              <table className="data-table compact" data-testid="history-table">
                <thead>
                  <tr>
                    <th>{t('history.col.when')}</th>
                    <th>{t('history.col.action')}</th>
                    <th>{t('history.col.who')}</th>
                    <th>{t('history.col.detail')}</th>
                  </tr>
                </thead>
                <tbody>
                  {[...events].reverse().map((e) => (
                    <tr key={e.id} data-action={e.action}>
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
