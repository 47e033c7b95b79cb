import type { Endpoint } from '@qudao/client';
import { Link } from 'react-router';
import { mayCall } from '../app/access.ts';
import { mayOpen, pageById } from '../app/pages.ts';
import { useApiQuery } from '../app/query.ts';
import { useSession } from '../app/session.tsx';
import { AsyncContent, EmptyState } from '../components/async-content.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { StatusBadge } from '../components/status-badge.tsx';
import { TableWrap } from '../components/table-wrap.tsx';
import { UsageSection } from '../components/usage-section.tsx';
import { useFormat } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { DeployForm } from '../training/deploy-form.tsx';

function EndpointsTable({ endpoints }: { endpoints: Endpoint[] }) {
  const { t } = useI18n();
  const { role } = useSession();
  const mayTry = mayOpen(role, pageById('playground-endpoint'));
  // Language models are tried in the GPT playground (the drawing one cannot call them).
  const mayChat = mayOpen(role, pageById('chat-endpoint'));
  const models = useApiQuery(['llm-models'], (client) => client.gateway.listModels(), {
    enabled: mayChat,
  });
  const chat = new Set(models.data?.data.map((m) => m.id));
  const mayManage = mayOpen(role, pageById('endpoint'));
  const f = useFormat();
  const sorted = [...endpoints].sort((a, b) => a.name.localeCompare(b.name));
  return (
    <TableWrap>
      <table className="data-table" data-testid="endpoints-table">
        <thead>
          <tr>
            <th>{t('endpoints.col.name')}</th>
            <th>{t('endpoints.col.model')}</th>
            <th>{t('endpoints.col.status')}</th>
            <th className="num">{t('endpoints.col.calls')}</th>
            <th className="num">{t('endpoints.col.latency')}</th>
            <th>{t('endpoints.col.lastCall')}</th>
            <th aria-label={t('endpoints.try')} />
          </tr>
        </thead>
        <tbody>
          {sorted.map((e) => (
            <tr key={e.name} data-endpoint={e.name}>
              <td className="strong">
                {mayManage ? (
                  <Link to={`/endpoints/${encodeURIComponent(e.name)}`}>
                    <code>{e.name}</code>
                  </Link>
                ) : (
                  <code>{e.name}</code>
                )}
              </td>
              <td>
                {e.model}
                <span className="version-tag">v{e.version}</span>
              </td>
              <td>
                <StatusBadge status={e.status} />
              </td>
              <td className="num">{f.integer(e.usage.calls)}</td>
              <td className="num">{f.latency(e.usage.avgLatencyMs)}</td>
              <td className="nowrap" title={f.dateTime(e.usage.lastCallAt)}>
                {f.relative(e.usage.lastCallAt)}
              </td>
              <td className="actions">
                {e.status === 'active' && chat.has(e.name) ? (
                  <Link className="button small" to={`/chat/${encodeURIComponent(e.name)}`}>
                    {t('endpoints.try')}
                  </Link>
                ) : e.status === 'active' && mayTry ? (
                  <Link className="button small" to={`/playground/${encodeURIComponent(e.name)}`}>
                    {t('endpoints.try')}
                  </Link>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

export function EndpointsPage() {
  const { t } = useI18n();
  const state = useApiQuery(['endpoints'], (client) => client.serving.listEndpoints());
  const { role } = useSession();
  return (
    <div className="page" data-testid="page-endpoints">
      <PageHeader title={t('endpoints.title')} subtitle={t('endpoints.subtitle')} />
      {mayCall(role, 'serving.deploy') && mayCall(role, 'registry.list') ? <DeployForm /> : null}
      <section className="panel flush">
        <AsyncContent state={state}>
          {(endpoints) =>
            endpoints.length > 0 ? (
              <EndpointsTable endpoints={endpoints} />
            ) : (
              <EmptyState>{t('endpoints.empty')}</EmptyState>
            )
          }
        </AsyncContent>
      </section>
      <UsageSection />
    </div>
  );
}
