import type { ApiKey, CreatedApiKey } from '@qudao/client';
import { useState } from 'react';
import { mayCall } from '../app/access.ts';
import { useApiMutation, useApiQuery } from '../app/query.ts';
import { useSession } from '../app/session.tsx';
import { AsyncContent, EmptyState, ErrorBox } from '../components/async-content.tsx';
import { type Column, DataTable } from '../components/data-table.tsx';
import { useFormat } from '../i18n/format.ts';
import { useBusinessText } from './business.messages.ts';

function KeysTable(props: { keys: ApiKey[]; customerId: string; mayRevoke: boolean }) {
  const t = useBusinessText();
  const f = useFormat();
  const revoke = useApiMutation(
    (client, keyId: string) => client.auth.revokeKey({ params: { keyId } }),
    [['keys', props.customerId]],
  );
  const columns: Column<ApiKey>[] = [
    {
      id: 'name',
      header: t('field.name'),
      value: (k) => k.name ?? '',
      cell: (k) => k.name ?? '–',
      cellClassName: 'strong',
    },
    {
      id: 'prefix',
      header: t('keys.prefix'),
      value: (k) => k.prefix,
      cell: (k) => <code>qd_{k.prefix}…</code>,
    },
    {
      id: 'status',
      header: t('common.status'),
      value: (k) => t(`keys.status.${k.status}`),
      cell: (k) => t(`keys.status.${k.status}`),
    },
    {
      id: 'created',
      header: t('common.created'),
      value: (k) => k.createdAt,
      text: (k) => f.dateTime(k.createdAt),
      cell: (k) => f.dateTime(k.createdAt),
      cellClassName: 'nowrap',
    },
    {
      id: 'expires',
      header: t('keys.expires'),
      value: (k) => k.expiresAt ?? '',
      text: (k) => (k.expiresAt ? f.dateTime(k.expiresAt) : ''),
      cell: (k) => (k.expiresAt ? f.dateTime(k.expiresAt) : '–'),
      cellClassName: 'nowrap',
    },
  ];
  if (props.mayRevoke)
    columns.push({
      id: 'revoke',
      header: t('keys.revoke'),
      cell: (k) =>
        k.status === 'active' ? (
          <button
            type="button"
            className="button small"
            aria-label={`${t('keys.revoke')}: ${k.name ?? k.prefix}`}
            disabled={revoke.isPending}
            onClick={() => revoke.mutate(k.id)}
          >
            {t('keys.revoke')}
          </button>
        ) : null,
    });
  return (
    <>
      {revoke.error ? <ErrorBox error={revoke.error} /> : null}
      <DataTable
        rows={props.keys}
        columns={columns}
        rowKey={(k) => k.id}
        testId="keys-table"
        label={t('keys.title')}
        rowProps={(k) => ({ 'data-key-status': k.status })}
      />
    </>
  );
}

/** A customer's API keys: a new key's secret is shown once, right after it is created. */
export function KeysSection({ customerId }: { customerId: string }) {
  const t = useBusinessText();
  const { role } = useSession();
  const state = useApiQuery(['keys', customerId], (client) =>
    client.auth.listKeys({ params: { customerId } }),
  );
  const [name, setName] = useState('');
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const create = useApiMutation(
    (client, keyName: string) =>
      client.auth.createKey({ params: { customerId }, body: keyName ? { name: keyName } : {} }),
    [['keys', customerId]],
  );
  const mayWrite = mayCall(role, 'auth.createKey');
  return (
    <section className="panel flush" data-testid="keys-section">
      <h2 className="panel-title">{t('keys.title')}</h2>
      {mayWrite ? (
        <form
          className="inline-form"
          aria-label={t('keys.create')}
          onSubmit={(event) => {
            event.preventDefault();
            create.mutate(name.trim(), {
              onSuccess: (key) => {
                setCreated(key);
                setName('');
              },
            });
          }}
        >
          <label className="field inline">
            <span className="field-label">{t('field.keyName')}</span>
            <input name="keyName" value={name} onChange={(e) => setName(e.target.value)} />
          </label>
          <button type="submit" className="button primary" disabled={create.isPending}>
            {t('keys.create')}
          </button>
        </form>
      ) : null}
      {create.error ? <ErrorBox error={create.error} /> : null}
      {created ? (
        <div className="secret-once" role="status" data-testid="key-secret">
          <span>{t('keys.shownOnce')}</span> <code>{created.key}</code>
        </div>
      ) : null}
      <AsyncContent state={state}>
        {(keys) =>
          keys.length === 0 ? (
            <EmptyState>{t('keys.empty')}</EmptyState>
          ) : (
            <KeysTable keys={keys} customerId={customerId} mayRevoke={mayWrite} />
          )
        }
      </AsyncContent>
    </section>
  );
}
