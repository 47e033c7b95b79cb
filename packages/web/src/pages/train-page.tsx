import { contract } from '@qudao/client';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useApiMutation, useApiQuery } from '../app/query.ts';
import { check, Field, type FieldErrors, FormPanel } from '../components/form.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { TrainModes } from '../search/train-modes.tsx';
import '../search/search.css';
import { useTrainingText } from '../training/training.messages.ts';

/** The product's templates (packages/ml `templateNames()`); the server checks the choice. */
const TEMPLATES = [
  'mlp',
  'cnn',
  'logistic-regression',
  'linear-regression',
  'text-lstm',
  'text-gru',
  'text-transformer',
] as const;

/**
 * Launches a training run from a form; once the job has its run, opens the run's page, where
 * the loss and accuracy curves grow epoch by epoch (the runs page's live chart).
 */
export function TrainPage() {
  const t = useTrainingText();
  const navigate = useNavigate();
  const datasets = useApiQuery(['datasets'], (client) => client.data.list());
  const [values, setValues] = useState({
    dataset: '',
    model: 'mlp',
    modelName: '',
    epochs: '5',
    batchSize: '32',
    learningRate: '0.01',
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const start = useApiMutation(
    async (client, body: contract.StartTrainingInput) => {
      const job = await client.training.start({ body });
      // The run row is written when the job starts; wait for it so the page can open it.
      for (let i = 0; i < 100; i++) {
        const [run] = await client.training.listRuns({ query: { job: job.id } });
        if (run) return run;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      return null;
    },
    [['runs']],
  );
  const set = (field: keyof typeof values) => (value: string) =>
    setValues((v) => ({ ...v, [field]: value }));
  const submit = () => {
    const parsed = check(contract.TrainingConfigSchema, {
      dataset: values.dataset,
      model: values.model,
      modelName: values.modelName.trim() || undefined,
      epochs: Number(values.epochs),
      batchSize: Number(values.batchSize),
      learningRate: Number(values.learningRate),
    });
    setErrors(parsed.ok ? {} : parsed.errors);
    if (parsed.ok)
      start.mutate(parsed.value, {
        onSuccess: (run) => navigate(run ? `/runs/${encodeURIComponent(run.id)}` : '/runs'),
      });
  };
  const number = (field: 'epochs' | 'batchSize' | 'learningRate', step: string) => (
    <input
      name={field}
      type="number"
      step={step}
      min="0"
      value={values[field]}
      onChange={(e) => set(field)(e.target.value)}
    />
  );
  return (
    <div className="page" data-testid="page-train">
      <PageHeader title={t('train.title')} subtitle={t('train.subtitle')} />
      <TrainModes />
      <FormPanel
        title={t('train.form')}
        submit={t('train.start')}
        busy={start.isPending}
        error={start.error}
        testId="train-form"
        onSubmit={submit}
      >
        <Field label={t('train.dataset')} name="dataset" errors={errors}>
          <select
            name="dataset"
            value={values.dataset}
            onChange={(e) => set('dataset')(e.target.value)}
          >
            <option value="">
              {datasets.data?.length === 0 ? t('train.noData') : t('choose')}
            </option>
            {(datasets.data ?? []).map((d) => (
              <option key={d.name} value={d.name}>
                {d.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('train.template')} name="model" errors={errors}>
          <select name="model" value={values.model} onChange={(e) => set('model')(e.target.value)}>
            {TEMPLATES.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </Field>
        <Field
          label={t('train.modelName')}
          name="modelName"
          errors={errors}
          hint={t('train.modelNameHint')}
        >
          <input
            name="modelName"
            value={values.modelName}
            onChange={(e) => set('modelName')(e.target.value)}
          />
        </Field>
        <Field label={t('train.epochs')} name="epochs" errors={errors}>
          {number('epochs', '1')}
        </Field>
        <Field label={t('train.batchSize')} name="batchSize" errors={errors}>
          {number('batchSize', '1')}
        </Field>
        <Field label={t('train.learningRate')} name="learningRate" errors={errors}>
          {number('learningRate', 'any')}
        </Field>
        {start.isPending ? (
          <p className="muted" role="status">
            {t('train.starting')}
          </p>
        ) : null}
      </FormPanel>
    </div>
  );
}
