import type { Endpoint } from '@qudao/client';
import { Link } from 'react-router';
import { mayCall } from '../app/access.ts';
import { mayOpen, pageById } from '../app/pages.ts';
import { useApiQuery } from '../app/query.ts';
import { useSession } from '../app/session.tsx';
import { AsyncContent, EmptyState } from '../components/async-content.tsx';
import { type Column, DataTable } from '../components/data-table.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { StatusBadge } from '../components/status-badge.tsx';
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
  const columns: Column<Endpoint>[] = [
    {
      id: 'name',
      header: t('endpoints.col.name'),
      value: (e) => e.name,
      cellClassName: 'strong',
      cell: (e) =>
        mayManage ? (
          <Link to={`/endpoints/${encodeURIComponent(e.name)}`}>
            <code>{e.name}</code>
          </Link>
        ) : (
          <code>{e.name}</code>
        ),
    },
    {
      id: 'model',
      header: t('endpoints.col.model'),
      value: (e) => `${e.model} v${e.version}`,
      cell: (e) => (
        <>
          {e.model}
          <span className="version-tag">v{e.version}</span>
        </>
      ),
    },
    {
      id: 'status',
      header: t('endpoints.col.status'),
      value: (e) => e.status,
      cell: (e) => <StatusBadge status={e.status} />,
    },
    {
      id: 'calls',
      header: t('endpoints.col.calls'),
      className: 'num',
      value: (e) => e.usage.calls,
      cell: (e) => f.integer(e.usage.calls),
    },
    {
      id: 'latency',
      header: t('endpoints.col.latency'),
      className: 'num',
      value: (e) => e.usage.avgLatencyMs,
      text: () => '',
      cell: (e) => f.latency(e.usage.avgLatencyMs),
    },
    {
      id: 'lastCall',
      header: t('endpoints.col.lastCall'),
      value: (e) => e.usage.lastCallAt,
      text: () => '',
      cellClassName: 'nowrap',
      cell: (e) => (
        <span title={f.dateTime(e.usage.lastCallAt)}>{f.relative(e.usage.lastCallAt)}</span>
      ),
    },
    {
      id: 'try',
      header: t('endpoints.try'),
      className: 'actions',
      cell: (e) =>
        e.status === 'active' && chat.has(e.name) ? (
          <Link className="button small" to={`/chat/${encodeURIComponent(e.name)}`}>
            {t('endpoints.try')}
          </Link>
        ) : e.status === 'active' && mayTry ? (
          <Link className="button small" to={`/playground/${encodeURIComponent(e.name)}`}>
            {t('endpoints.try')}
          </Link>
        ) : null,
    },
  ];
  return (
    <DataTable
      rows={endpoints}
      columns={columns}
      rowKey={(e) => e.name}
      testId="endpoints-table"
      label={t('endpoints.title')}
      initialSort={{ column: 'name', direction: 'ascending' }}
      rowProps={(e) => ({ 'data-endpoint': e.name })}
    />
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
