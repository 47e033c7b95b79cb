import { contract, type ModelTag, type QudaoClient } from '@qudao/client';
import { useState } from 'react';
import { mayCall } from '../app/access.ts';
import { useApiMutation } from '../app/query.ts';
import { useSession } from '../app/session.tsx';
import { EmptyState, ErrorBox } from '../components/async-content.tsx';
import { check, Field, type FieldErrors, FormPanel } from '../components/form.tsx';
import { TableWrap } from '../components/table-wrap.tsx';
import { useFormat } from '../i18n/format.ts';
import { useActor } from './actor.tsx';
import { useRegistryText } from './registry.messages.ts';

interface Props {
  name: string;
  version: number;
  /** The version's tags, as its card answers them. */
  tags: ModelTag[];
}

const touched = (name: string, version: number) => [
  ['model-card', name, version],
  ['model-events', name],
];

function TagForm({ name, version }: Omit<Props, 'tags'>) {
  const t = useRegistryText();
  const [key, setKey] = useState('');
  const [value, setValue] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const save = useApiMutation(
    (client: QudaoClient, input: { key: string; value: string }) =>
      client.registry.setTag({
        params: { name, version, key: input.key },
        body: { value: input.value },
      }),
    touched(name, version),
  );
  const submit = () => {
    const named = check(contract.TagKey, key.trim());
    const body = check(contract.SetTagSchema, { value });
    const problems: FieldErrors = {};
    if (!named.ok) problems.key = Object.values(named.errors)[0] ?? 'invalid';
    if (!body.ok) Object.assign(problems, body.errors);
    setErrors(problems);
    if (!named.ok || !body.ok) return;
    save.mutate(
      { key: named.value, value: body.value.value },
      {
        onSuccess: () => {
          setKey('');
          setValue('');
        },
      },
    );
  };
  return (
    <FormPanel
      title={t('tags.form')}
      submit={t('tags.submit')}
      busy={save.isPending}
      error={save.error}
      testId="tag-form"
      onSubmit={submit}
    >
      <Field label={t('tags.key')} name="key" errors={errors} hint={t('tags.keyHint')}>
        <input name="key" value={key} onChange={(e) => setKey(e.target.value)} />
      </Field>
      <Field label={t('tags.value')} name="value" errors={errors}>
        <input name="value" value={value} onChange={(e) => setValue(e.target.value)} />
      </Field>
    </FormPanel>
  );
}

/** A version's tags (key = value, who set it); set and remove for the owner and admins. */
export function TagPanel({ name, version, tags }: Props) {
  const t = useRegistryText();
  const f = useFormat();
  const actor = useActor();
  const { role } = useSession();
  const remove = useApiMutation(
    (client: QudaoClient, key: string) =>
      client.registry.removeTag({ params: { name, version, key } }),
    touched(name, version),
  );
  const mayRemove = mayCall(role, 'registry.removeTag');
  return (
    <>
      <section className="panel flush" data-testid="tag-panel">
        <h2 className="panel-pad">{t('tags.title')}</h2>
        {remove.error ? <ErrorBox error={remove.error} /> : null}
        {tags.length === 0 ? (
          <EmptyState>{t('tags.empty')}</EmptyState>
        ) : (
          <TableWrap>
            <table className="data-table compact" data-testid="tag-table">
              <thead>
                <tr>
                  <th>{t('tags.col.key')}</th>
                  <th>{t('tags.col.value')}</th>
                  <th>{t('tags.col.setBy')}</th>
                  <th>{t('tags.col.setAt')}</th>
                  {mayRemove ? <th>{t('tags.col.actions')}</th> : null}
                </tr>
              </thead>
              <tbody>
                {tags.map((tag) => (
                  <tr key={tag.key} data-key={tag.key}>
                    <td className="strong">
                      <code>{tag.key}</code>
                    </td>
                    <td data-value>{tag.value}</td>
                    <td>{actor(tag.setBy)}</td>
                    <td className="nowrap">{f.dateTime(tag.setAt)}</td>
                    {mayRemove ? (
                      <td>
                        <button
                          type="button"
                          className="button small"
                          aria-label={t('tags.remove', { key: tag.key })}
                          disabled={remove.isPending}
                          onClick={() => remove.mutate(tag.key)}
                        >
                          {t('tags.removeShort')}
                        </button>
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </section>
      {mayCall(role, 'registry.setTag') ? <TagForm name={name} version={version} /> : null}
    </>
  );
}
