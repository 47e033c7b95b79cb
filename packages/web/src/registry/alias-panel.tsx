import { contract, type ModelVersion, type QudaoClient } from '@qudao/client';
import { useState } from 'react';
import { Link } from 'react-router';
import { mayCall } from '../app/access.ts';
import { useApiMutation, useApiQuery } from '../app/query.ts';
import { useSession } from '../app/session.tsx';
import { AsyncContent, EmptyState, ErrorBox } from '../components/async-content.tsx';
import { check, Field, type FieldErrors, FormPanel } from '../components/form.tsx';
import { TableWrap } from '../components/table-wrap.tsx';
import { useFormat } from '../i18n/format.ts';
import { useActor } from './actor.tsx';
import { useRegistryText } from './registry.messages.ts';

/** The queries an alias change shows up in. */
const touched = (name: string) => [
  ['model-aliases', name],
  ['model-events', name],
  ['model-card', name],
  ['models'],
];

export const versionPath = (name: string, version: number) =>
  `/models/${encodeURIComponent(name)}/versions/${version}`;

function AliasForm({ name, versions }: { name: string; versions: ModelVersion[] }) {
  const t = useRegistryText();
  const newest = Math.max(...versions.map((v) => v.version));
  const [alias, setAlias] = useState('');
  const [version, setVersion] = useState(String(newest));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [done, setDone] = useState<{ alias: string; version: number } | null>(null);
  const save = useApiMutation(
    (client: QudaoClient, input: { alias: string; version: number }) =>
      client.registry.setAlias({
        params: { name, alias: input.alias },
        body: { version: input.version },
      }),
    touched(name),
  );
  const submit = () => {
    // The server's own rules: the alias name and the body it takes.
    const named = check(contract.AliasName, alias.trim());
    const body = check(contract.SetAliasSchema, { version: Number(version) });
    const problems: FieldErrors = {};
    if (!named.ok) problems.alias = Object.values(named.errors)[0] ?? 'invalid';
    if (!body.ok) Object.assign(problems, body.errors);
    setErrors(problems);
    if (!named.ok || !body.ok) return;
    setDone(null);
    save.mutate(
      { alias: named.value, version: body.value.version },
      {
        onSuccess: () => {
          setDone({ alias: named.value, version: body.value.version });
          setAlias('');
        },
      },
    );
  };
  return (
    <FormPanel
      title={t('aliases.form')}
      submit={t('aliases.submit')}
      busy={save.isPending}
      error={save.error}
      testId="alias-form"
      onSubmit={submit}
    >
      <Field label={t('aliases.name')} name="alias" errors={errors} hint={t('aliases.nameHint')}>
        <input name="alias" value={alias} onChange={(e) => setAlias(e.target.value)} />
      </Field>
      <Field label={t('aliases.version')} name="version" errors={errors}>
        <select name="version" value={version} onChange={(e) => setVersion(e.target.value)}>
          {[...versions]
            .sort((a, b) => b.version - a.version)
            .map((v) => (
              <option key={v.version} value={v.version}>
                v{v.version}
              </option>
            ))}
        </select>
      </Field>
      {done ? (
        <p className="ok-note" role="status" data-testid="alias-done">
          {t('aliases.done', done)}
        </p>
      ) : null}
    </FormPanel>
  );
}

/** A model's aliases: which version each names, who set it; set and remove (owner, admin). */
export function AliasPanel({ name, versions }: { name: string; versions: ModelVersion[] }) {
  const t = useRegistryText();
  const f = useFormat();
  const actor = useActor();
  const { role } = useSession();
  const aliases = useApiQuery(['model-aliases', name], (client) =>
    client.registry.listAliases({ params: { name } }),
  );
  const remove = useApiMutation(
    (client: QudaoClient, alias: string) =>
      client.registry.removeAlias({ params: { name, alias } }),
    touched(name),
  );
  const mayRemove = mayCall(role, 'registry.removeAlias');
  return (
    <>
      <section className="panel flush" data-testid="alias-panel">
        <div className="panel-pad">
          <h2>{t('aliases.title')}</h2>
          <p className="muted">{t('aliases.intro')}</p>
        </div>
        {remove.error ? <ErrorBox error={remove.error} /> : null}
        <AsyncContent state={aliases}>
          {(list) =>
            list.length === 0 ? (
              <EmptyState>{t('aliases.empty')}</EmptyState>
            ) : (
              <TableWrap>
                <table className="data-table compact" data-testid="alias-table">
                  <thead>
                    <tr>
                      <th>{t('aliases.col.alias')}</th>
                      <th>{t('aliases.col.version')}</th>
                      <th>{t('aliases.col.setBy')}</th>
                      <th>{t('aliases.col.setAt')}</th>
                      {mayRemove ? <th>{t('aliases.col.actions')}</th> : null}
                    </tr>
                  </thead>
                  <tbody>
                    {list.map((a) => (
                      <tr key={a.alias} data-alias={a.alias} data-version={a.version ?? ''}>
                        <td className="strong">
                          <code>{a.alias}</code>
                        </td>
                        <td>
                          {a.version === null ? (
                            <span className="muted">{t('aliases.gone')}</span>
                          ) : (
                            <Link to={versionPath(name, a.version)}>v{a.version}</Link>
                          )}
                        </td>
                        <td>{actor(a.setBy)}</td>
                        <td className="nowrap">{f.dateTime(a.setAt)}</td>
                        {mayRemove ? (
                          <td>
                            <button
                              type="button"
                              className="button small"
                              aria-label={t('aliases.remove', { alias: a.alias })}
                              disabled={remove.isPending}
                              onClick={() => remove.mutate(a.alias)}
                            >
                              {t('aliases.removeShort')}
                            </button>
                          </td>
                        ) : null}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableWrap>
            )
          }
        </AsyncContent>
      </section>
      {mayCall(role, 'registry.setAlias') && versions.length > 0 ? (
        <AliasForm name={name} versions={versions} />
      ) : null}
    </>
  );
}
