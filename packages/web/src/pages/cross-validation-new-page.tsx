import { contract } from '@qudao/client';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useApiMutation } from '../app/query.ts';
import { check, Field, type FieldErrors, FormPanel } from '../components/form.tsx';
import { PageHeader } from '../components/page-header.tsx';
import {
  BASE_DEFAULTS,
  BaseConfigFields,
  type BaseValues,
  baseConfig,
} from '../search/base-config-fields.tsx';
import { useSearchText } from '../search/search.messages.ts';
import { TrainModes } from '../search/train-modes.tsx';
import '../search/search.css';

/** Launches a k-fold cross-validation of one config and opens its results page. */
export function CrossValidationNewPage() {
  const t = useSearchText();
  const navigate = useNavigate();
  const [base, setBase] = useState<BaseValues>(BASE_DEFAULTS);
  const [folds, setFolds] = useState('5');
  const [errors, setErrors] = useState<FieldErrors>({});
  const start = useApiMutation(
    (client, body: contract.StartCrossValidationInput) =>
      client.training.startCrossValidation({ body }),
    [['training-jobs']],
  );
  const submit = () => {
    const config = check(contract.TrainingConfigSchema, baseConfig(base));
    const body = check(contract.CrossValidationSchema, {
      config: baseConfig(base),
      folds: Number(folds),
    });
    const problems: FieldErrors = config.ok ? {} : { ...config.errors };
    if (!body.ok && body.errors.folds) problems.folds = body.errors.folds;
    setErrors(problems);
    if (!body.ok || Object.keys(problems).length) return;
    start.mutate(body.value, {
      onSuccess: (job) => navigate(`/training/jobs/${encodeURIComponent(job.id)}`),
    });
  };
  return (
    <div className="page" data-testid="page-cross-validation-new">
      <PageHeader title={t('cv.title')} subtitle={t('cv.subtitle')} />
      <TrainModes />
      <FormPanel
        title={t('cv.form')}
        submit={t('cv.start')}
        busy={start.isPending}
        error={start.error}
        testId="cv-form"
        onSubmit={submit}
      >
        <BaseConfigFields
          values={base}
          errors={errors}
          onChange={(field, value) => setBase((b) => ({ ...b, [field]: value }))}
        />
        <Field label={t('cv.folds')} name="folds" errors={errors}>
          <input
            name="folds"
            type="number"
            step="1"
            value={folds}
            onChange={(e) => setFolds(e.target.value)}
          />
        </Field>
        {start.isPending ? (
          <p className="muted" role="status">
            {t('search.starting')}
          </p>
        ) : null}
      </FormPanel>
    </div>
  );
}
