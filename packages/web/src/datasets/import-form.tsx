import { contract, type DatasetVersion } from '@qudao/client';
import { useState } from 'react';
import { Link } from 'react-router';
import type { z } from 'zod';
import { useApiMutation } from '../app/query.ts';
import { check, Field, type FieldErrors, FormPanel } from '../components/form.tsx';
import { useFormat } from '../i18n/format.ts';
import { type DatasetsKey, useDatasetsText } from './datasets.messages.ts';

/** The server's built-in data sets (ml's BUILTIN_DATASETS). */
const BUILTINS = ['iris', 'mnist', 'fashion-mnist', 'spam', 'boston'] as const;

/** Imports a built-in data set (installed from the package registry) as the next version. */
export function ImportForm() {
  const t = useDatasetsText();
  const f = useFormat();
  const [builtin, setBuiltin] = useState<string>('iris');
  const [name, setName] = useState('iris');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [done, setDone] = useState<DatasetVersion | null>(null);
  const run = useApiMutation(
    (client, body: z.input<typeof contract.ImportBuiltinSchema>) =>
      client.data.importBuiltin({ body }),
    [['datasets'], ['overview']],
  );
  const submit = () => {
    const parsed = check(contract.ImportBuiltinSchema, { name, builtin });
    setErrors(parsed.ok ? {} : parsed.errors);
    if (!parsed.ok) return;
    setDone(null);
    run.mutate(parsed.value, { onSuccess: setDone });
  };
  return (
    <FormPanel
      title={t('import.title')}
      submit={t('import.submit')}
      busy={run.isPending}
      error={run.error}
      testId="import-form"
      onSubmit={submit}
    >
      <Field label={t('import.builtin')} name="builtin" errors={errors}>
        <select
          name="builtin"
          value={builtin}
          onChange={(e) => {
            if (name === builtin) setName(e.target.value);
            setBuiltin(e.target.value);
          }}
        >
          {BUILTINS.map((b) => (
            <option key={b} value={b}>
              {t(`builtin.${b}` as DatasetsKey)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('import.name')} name="name" errors={errors}>
        <input name="name" value={name} onChange={(e) => setName(e.target.value.trim())} />
      </Field>
      {done ? (
        <p className="ok-note" role="status" data-testid="import-done">
          {t('upload.done', {
            ref: `${done.dataset}@${done.version}`,
            rows: f.integer(done.rowCount),
          })}{' '}
          <Link to={`/datasets/${encodeURIComponent(done.dataset)}?version=${done.version}`}>
            {t('upload.open')}
          </Link>
        </p>
      ) : null}
    </FormPanel>
  );
}
