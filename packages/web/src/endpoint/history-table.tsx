import { useApiQuery } from '../app/query.ts';
import { AsyncContent, EmptyState } from '../components/async-content.tsx';
import { AuditTable } from '../components/audit-table.tsx';
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

/** Who changed the endpoint's traffic, when and how: newest first. */
export function HistoryTable({ name }: { name: string }) {
  const t = useEndpointText();
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
            <AuditTable
              testId="history-table"
              rows={[...events].reverse().map((e) => ({ ...e, key: e.id }))}
              headers={{
                when: t('history.col.when'),
                action: t('history.col.action'),
                who: t('history.col.who'),
                detail: t('history.col.detail'),
              }}
              action={action}
              who={(e) => actor(e.actor)}
            />
          )
        }
      </AsyncContent>
    </section>
  );
}
