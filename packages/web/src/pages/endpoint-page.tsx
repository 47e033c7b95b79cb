import type { Endpoint, QudaoClient } from '@qudao/client';
import { Link } from 'react-router';
import { mayCall } from '../app/access.ts';
import { mayOpen, pageById } from '../app/pages.ts';
import { useApiMutation, useApiQuery } from '../app/query.ts';
import { useSession } from '../app/session.tsx';
import { AsyncContent, ErrorBox } from '../components/async-content.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { StatusBadge } from '../components/status-badge.tsx';
import { useEndpointText } from '../endpoint/endpoint.messages.ts';
import { HistoryTable } from '../endpoint/history-table.tsx';
import { AlertsPanel, LivePanel } from '../endpoint/monitoring-panel.tsx';
import { TrafficPanel } from '../endpoint/traffic-panel.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import '../ml/ml.css';

function Header({ endpoint }: { endpoint: Endpoint }) {
  const t = useEndpointText();
  const { t: common } = useI18n();
  const { role } = useSession();
  const name = endpoint.name;
  const power = useApiMutation(
    (client: QudaoClient, stop: boolean) =>
      stop ? client.serving.stop({ params: { name } }) : client.serving.start({ params: { name } }),
    [['endpoint', name], ['endpoint-history', name], ['endpoints']],
  );
  const active = endpoint.status === 'active';
  // A language model is tried in the GPT playground, anything else in the drawing playground.
  const mayChat = mayOpen(role, pageById('chat-endpoint'));
  const models = useApiQuery(['llm-models'], (client) => client.gateway.listModels(), {
    enabled: mayChat,
  });
  const chat = models.data?.data.some((m) => m.id === name) ?? false;
  const tryPage = chat ? 'chat-endpoint' : 'playground-endpoint';
  const actions = (
    <>
      {active && mayOpen(role, pageById(tryPage)) ? (
        <Link
          className="button"
          to={`/${chat ? 'chat' : 'playground'}/${encodeURIComponent(name)}`}
        >
          {common('endpoints.try')}
        </Link>
      ) : null}
      {mayCall(role, active ? 'serving.stop' : 'serving.start') ? (
        <button
          type="button"
          className={active ? 'button' : 'button primary'}
          data-testid={active ? 'endpoint-stop' : 'endpoint-start'}
          disabled={power.isPending}
          onClick={() => power.mutate(active)}
        >
          {active ? t('stop') : t('start')}
        </button>
      ) : null}
    </>
  );
  return (
    <>
      <PageHeader
        title={<span data-value>{name}</span>}
        subtitle={
          <>
            <StatusBadge status={endpoint.status} /> {t('page.serves')}{' '}
            <code data-value>
              {endpoint.model} v{endpoint.version}
            </code>
            {endpoint.traffic.alias ? (
              <>
                {' '}
                · {t('page.byAlias')} <code data-value>{endpoint.traffic.alias}</code>
              </>
            ) : null}
          </>
        }
        actions={actions}
      />
      {power.error ? <ErrorBox error={power.error} /> : null}
      {active ? null : <p className="warning">{t('stopped.note')}</p>}
    </>
  );
}

/** One endpoint: its traffic and the buttons that move it, live figures, alerts, history. */
export function EndpointPage({ name }: { name: string }) {
  const endpoint = useApiQuery(['endpoint', name], (client) =>
    client.serving.getEndpoint({ params: { name } }),
  );
  return (
    <div className="page" data-testid="page-endpoint">
      <AsyncContent state={endpoint}>
        {(e) => (
          <>
            <Header endpoint={e} />
            <TrafficPanel endpoint={e} />
            <LivePanel name={name} />
            <AlertsPanel name={name} />
            <HistoryTable name={name} />
          </>
        )}
      </AsyncContent>
    </div>
  );
}
