import { useApiQuery } from '../app/query.ts';
import { AsyncContent, EmptyState } from '../components/async-content.tsx';
import { AuditTable } from '../components/audit-table.tsx';
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

/** The registry's audit trail of one model (`GET /models/:name/events`), newest first. */
export function ModelHistory({ name }: { name: string }) {
  const t = useRegistryText();
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
            <AuditTable
              testId="model-history-table"
              // The server answers oldest first (time, then insertion order).
              rows={list.map((e, i) => ({ ...e, key: i })).reverse()}
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
