import type { ApiKey, CreatedApiKey } from '@qudao/client';
import { useState } from 'react';
import { mayCall } from '../app/access.ts';
import { useApiMutation, useApiQuery } from '../app/query.ts';
import { useSession } from '../app/session.tsx';
import { AsyncContent, EmptyState, ErrorBox } from '../components/async-content.tsx';
import { TableWrap } from '../components/table-wrap.tsx';
import { useFormat } from '../i18n/format.ts';
import { useBusinessText } from './business.messages.ts';

function KeysTable(props: { keys: ApiKey[]; customerId: string; mayRevoke: boolean }) {
  const t = useBusinessText();
  const f = useFormat();
  const revoke = useApiMutation(
    (client, keyId: string) => client.auth.revokeKey({ params: { keyId } }),
    [['keys', props.customerId]],
  );
  return (
    <TableWrap>
      {revoke.error ? <ErrorBox error={revoke.error} /> : null}
      <table className="data-table" data-testid="keys-table">
        <thead>
          <tr>
            <th>{t('field.name')}</th>
            <th>{t('keys.prefix')}</th>
            <th>{t('common.status')}</th>
            <th>{t('common.created')}</th>
            <th>{t('keys.expires')}</th>
            {props.mayRevoke ? <th>{t('keys.revoke')}</th> : null}
          </tr>
        </thead>
        <tbody>
          {props.keys.map((k) => (
            <tr key={k.id} data-key-status={k.status}>
              <td className="strong">{k.name ?? '–'}</td>
              <td>
                <code>qd_{k.prefix}…</code>
              </td>
              <td>{t(`keys.status.${k.status}`)}</td>
              <td className="nowrap">{f.dateTime(k.createdAt)}</td>
              <td className="nowrap">{k.expiresAt ? f.dateTime(k.expiresAt) : '–'}</td>
              {props.mayRevoke ? (
                <td>
                  {k.status === 'active' ? (
                    <button
                      type="button"
                      className="button small"
                      aria-label={`${t('keys.revoke')}: ${k.name ?? k.prefix}`}
                      disabled={revoke.isPending}
                      onClick={() => revoke.mutate(k.id)}
                    >
                      {t('keys.revoke')}
                    </button>
                  ) : null}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
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
