import { contract } from '@qudao/client';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useApiMutation } from '../app/query.ts';
import { check, Field, type FieldErrors, FormPanel, words } from '../components/form.tsx';
import { PageHeader } from '../components/page-header.tsx';
import {
  BASE_DEFAULTS,
  BaseConfigFields,
  type BaseValues,
  baseConfig,
} from '../search/base-config-fields.tsx';
import { useMetricName, useParamName } from '../search/metric-names.ts';
import { useSearchText } from '../search/search.messages.ts';
import { TrainModes } from '../search/train-modes.tsx';
import '../search/search.css';

/** The config keys the form varies; a search's space may hold any key, the CLI takes the rest. */
const SPACE_KEYS = ['learningRate', 'batchSize', 'epochs'] as const;
type SpaceKey = (typeof SPACE_KEYS)[number];
const OBJECTIVES = ['accuracy', 'f1Macro', 'logLoss', 'rmse', 'mae', 'r2'];

/**
 * The values of one space key, each checked by the server's own rule for that config field;
 * `null` when one is not a valid value.
 */
function spaceValues(key: SpaceKey, text: string): number[] | null {
  const values = words(text).map(Number);
  const rule = contract.TrainingConfigSchema.shape[key];
  return values.every((v) => rule.safeParse(v).success) ? values : null;
}

/** Launches a grid or random hyperparameter search and opens its results page. */
export function SearchNewPage() {
  const t = useSearchText();
  const metric = useMetricName();
  const param = useParamName();
  const navigate = useNavigate();
  const [base, setBase] = useState<BaseValues>(BASE_DEFAULTS);
  const [space, setSpace] = useState<Record<SpaceKey, string>>({
    learningRate: '0.01, 0.1',
    batchSize: '',
    epochs: '',
  });
  const [strategy, setStrategy] = useState<'grid' | 'random'>('grid');
  const [trials, setTrials] = useState('4');
  const [objective, setObjective] = useState('');
  const [registerBest, setRegisterBest] = useState(true);
  const [errors, setErrors] = useState<FieldErrors>({});
  const start = useApiMutation(
    (client, body: contract.StartSearchInput) => client.training.startSearch({ body }),
    [['training-jobs']],
  );
  const submit = () => {
    const problems: FieldErrors = {};
    const config = check(contract.TrainingConfigSchema, baseConfig(base));
    if (!config.ok) Object.assign(problems, config.errors);
    const values: Record<string, number[]> = {};
    for (const key of SPACE_KEYS) {
      const parsed = spaceValues(key, space[key]);
      if (!parsed) problems[`space.${key}`] = 'invalid';
      else if (parsed.length) values[key] = parsed;
    }
    // A search varies at least one setting.
    if (Object.keys(values).length === 0 && !problems['space.learningRate'])
      problems['space.learningRate'] = 'too_small';
    const body = check(contract.SearchSchema, {
      base: baseConfig(base),
      strategy,
      space: values,
      trials: Number(trials),
      objective: objective || undefined,
      registerBest,
    });
    if (!body.ok && body.errors.trials) problems.trials = body.errors.trials;
    setErrors(problems);
    if (Object.keys(problems).length || !body.ok) return;
    start.mutate(body.value, {
      onSuccess: (job) => navigate(`/training/jobs/${encodeURIComponent(job.id)}`),
    });
  };
  return (
    <div className="page" data-testid="page-search-new">
      <PageHeader title={t('search.title')} subtitle={t('search.subtitle')} />
      <TrainModes />
      <FormPanel
        title={t('search.form')}
        submit={t('search.start')}
        busy={start.isPending}
        error={start.error}
        testId="search-form"
        onSubmit={submit}
      >
        <BaseConfigFields
          values={base}
          errors={errors}
          modelName
          onChange={(field, value) => setBase((b) => ({ ...b, [field]: value }))}
        />
        {SPACE_KEYS.map((key) => (
          <Field
            key={key}
            label={t('search.values', { field: param(key) })}
            name={`space.${key}`}
            errors={errors}
            hint={t('search.valuesHint')}
          >
            <input
              name={`space.${key}`}
              inputMode="decimal"
              value={space[key]}
              onChange={(e) => setSpace((s) => ({ ...s, [key]: e.target.value }))}
            />
          </Field>
        ))}
        <Field label={t('search.strategy')} name="strategy" errors={errors}>
          <select
            name="strategy"
            value={strategy}
            onChange={(e) => setStrategy(e.target.value as 'grid' | 'random')}
          >
            <option value="grid">{t('strategy.grid')}</option>
            <option value="random">{t('strategy.random')}</option>
          </select>
        </Field>
        {strategy === 'random' ? (
          <Field label={t('search.trials')} name="trials" errors={errors}>
            <input
              name="trials"
              type="number"
              min="1"
              step="1"
              value={trials}
              onChange={(e) => setTrials(e.target.value)}
            />
          </Field>
        ) : null}
        <Field label={t('search.objective')} name="objective" errors={errors}>
          <select name="objective" value={objective} onChange={(e) => setObjective(e.target.value)}>
            <option value="">{t('search.objectiveDefault')}</option>
            {OBJECTIVES.map((o) => (
              <option key={o} value={o}>
                {metric(o)}
              </option>
            ))}
          </select>
        </Field>
        <label className="field field-check">
          <input
            type="checkbox"
            name="registerBest"
            checked={registerBest}
            onChange={(e) => setRegisterBest(e.target.checked)}
          />
          <span className="field-label">{t('search.registerBest')}</span>
        </label>
        {start.isPending ? (
          <p className="muted" role="status">
            {t('search.starting')}
          </p>
        ) : null}
      </FormPanel>
    </div>
  );
}
