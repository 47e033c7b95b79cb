import { contract } from '@qudao/client';
import { useState } from 'react';
import { useApiMutation, useApiQuery } from '../app/query.ts';
import { check, Field, type FieldErrors, FormPanel } from '../components/form.tsx';
import { useTrainingText } from './training.messages.ts';

/** Deploys one version of a registered model as a named endpoint (or switches its version). */
export function DeployForm() {
  const t = useTrainingText();
  const models = useApiQuery(['models'], (client) => client.registry.list());
  const [values, setValues] = useState({ name: '', model: '', version: '' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [done, setDone] = useState<string | null>(null);
  const deploy = useApiMutation(
    (client, body: contract.DeployInput) => client.serving.deploy({ body }),
    [['endpoints'], ['overview']],
  );
  const model = models.data?.find((m) => m.name === values.model);
  const submit = () => {
    const parsed = check(contract.DeploySchema, { ...values, version: Number(values.version) });
    setErrors(parsed.ok ? {} : parsed.errors);
    if (!parsed.ok) return;
    deploy.mutate(parsed.value, {
      onSuccess: (endpoint) =>
        setDone(
          t('deploy.done', {
            name: endpoint.name,
            model: parsed.value.model,
            version: parsed.value.version,
          }),
        ),
    });
  };
  return (
    <FormPanel
      title={t('deploy.title')}
      submit={t('deploy.submit')}
      busy={deploy.isPending}
      error={deploy.error}
      testId="deploy-form"
      onSubmit={submit}
    >
      <Field label={t('deploy.name')} name="name" errors={errors}>
        <input
          name="name"
          value={values.name}
          onChange={(e) => setValues({ ...values, name: e.target.value })}
        />
      </Field>
      <Field label={t('deploy.model')} name="model" errors={errors}>
        <select
          name="model"
          value={values.model}
          onChange={(e) => setValues({ ...values, model: e.target.value, version: '' })}
        >
          <option value="">{models.data?.length === 0 ? t('deploy.noModel') : t('choose')}</option>
          {(models.data ?? []).map((m) => (
            <option key={m.name} value={m.name}>
              {m.name}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('deploy.version')} name="version" errors={errors}>
        <select
          name="version"
          value={values.version}
          onChange={(e) => setValues({ ...values, version: e.target.value })}
        >
          <option value="">{t('choose')}</option>
          {(model?.versions ?? []).map((v) => (
            <option key={v.version} value={v.version}>
              {v.version}
            </option>
          ))}
        </select>
      </Field>
      {done ? (
        <p className="ok-note" role="status" data-testid="deploy-done">
          {done}
        </p>
      ) : null}
    </FormPanel>
  );
}
