import { useApiQuery } from '../app/query.ts';
import { Field, type FieldErrors } from '../components/form.tsx';
import { useSearchText } from './search.messages.ts';

/** The product's templates (packages/ml `templateNames()`), as the train page offers them. */
export const TEMPLATES = [
  'logistic-regression',
  'mlp',
  'cnn',
  'linear-regression',
  'text-lstm',
  'text-gru',
  'text-transformer',
] as const;

/** The base run every trial or fold starts from, as the form holds it (text). */
export interface BaseValues {
  dataset: string;
  model: string;
  modelName: string;
  epochs: string;
  batchSize: string;
  learningRate: string;
}

export const BASE_DEFAULTS: BaseValues = {
  dataset: '',
  model: 'logistic-regression',
  modelName: '',
  epochs: '5',
  batchSize: '32',
  learningRate: '0.01',
};

/** The values as a training config, for the server's own schema to check. */
export function baseConfig(values: BaseValues) {
  return {
    dataset: values.dataset,
    model: values.model,
    modelName: values.modelName.trim() || undefined,
    epochs: Number(values.epochs),
    batchSize: Number(values.batchSize),
    learningRate: Number(values.learningRate),
  };
}

/** Data set, template, model name, epochs, batch size and learning rate of the base run. */
export function BaseConfigFields(props: {
  values: BaseValues;
  onChange: (field: keyof BaseValues, value: string) => void;
  errors: FieldErrors;
  modelName?: boolean;
}) {
  const t = useSearchText();
  const { values, errors } = props;
  const datasets = useApiQuery(['datasets'], (client) => client.data.list());
  const number = (field: 'epochs' | 'batchSize' | 'learningRate', step: string) => (
    <input
      name={field}
      type="number"
      step={step}
      min="0"
      value={values[field]}
      onChange={(e) => props.onChange(field, e.target.value)}
    />
  );
  return (
    <>
      <Field label={t('base.dataset')} name="dataset" errors={errors}>
        <select
          name="dataset"
          value={values.dataset}
          onChange={(e) => props.onChange('dataset', e.target.value)}
        >
          <option value="">{datasets.data?.length === 0 ? t('base.noData') : t('choose')}</option>
          {(datasets.data ?? []).map((d) => (
            <option key={d.name} value={d.name}>
              {d.name}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('base.template')} name="model" errors={errors}>
        <select
          name="model"
          value={values.model}
          onChange={(e) => props.onChange('model', e.target.value)}
        >
          {TEMPLATES.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </Field>
      {props.modelName ? (
        <Field
          label={t('base.modelName')}
          name="modelName"
          errors={errors}
          hint={t('base.modelNameHint')}
        >
          <input
            name="modelName"
            value={values.modelName}
            onChange={(e) => props.onChange('modelName', e.target.value)}
          />
        </Field>
      ) : null}
      <Field label={t('base.epochs')} name="epochs" errors={errors}>
        {number('epochs', '1')}
      </Field>
      <Field label={t('base.batchSize')} name="batchSize" errors={errors}>
        {number('batchSize', '1')}
      </Field>
      <Field label={t('base.learningRate')} name="learningRate" errors={errors}>
        {number('learningRate', 'any')}
      </Field>
    </>
  );
}
