import { type SearchKey, useSearchText } from './search.messages.ts';

const METRICS = [
  'accuracy',
  'f1Macro',
  'precisionMacro',
  'recallMacro',
  'logLoss',
  'rocAuc',
  'rmse',
  'mae',
  'mse',
  'r2',
  'baselineRmse',
  'loss',
];

const PARAMS = ['learningRate', 'batchSize', 'epochs'];

/** The objectives a search ranks ascending (the server's rule in training-search.job.ts). */
export const LOWER_IS_BETTER = new Set(['rmse', 'mae', 'mse', 'logLoss', 'loss']);

/** Whether the console has a word for the metric (else it is shown as its key, as code). */
export const isKnownMetric = (key: string) => METRICS.includes(key);

/** A headline metric (ml's `headlineMetrics`) in words; an unknown one as its key. */
export function useMetricName(): (key: string) => string {
  const t = useSearchText();
  return (key) => (METRICS.includes(key) ? t(`metric.${key}` as SearchKey) : key);
}

/** A config key of a search space in words (`learningRate`); others as the key itself. */
export function useParamName(): (key: string) => string {
  const t = useSearchText();
  return (key) => (PARAMS.includes(key) ? t(`param.${key}` as SearchKey) : key);
}
