import { defineErrors } from '../shared/app-error.ts';

export const monitoringErrors = defineErrors({
  predictionNotFound: [
    'monitoring.prediction_not_found',
    404,
    (id: string) =>
      `no logged prediction ${id}: only predictions in the log can be read or labelled (it keeps QUDAO_PREDICTION_LOG_SAMPLE of the calls for QUDAO_PREDICTION_LOG_DAYS days)`,
  ],
  badLabel: [
    'monitoring.bad_label',
    400,
    (label: string, classes: string[]) =>
      `"${label}" is not one of the model's classes (${classes.slice(0, 20).join(', ')}${classes.length > 20 ? ', …' : ''}); send the true class as {"label": "..."}`,
  ],
  badFeedback: ['monitoring.bad_feedback', 400, (why: string) => why],
  noReference: [
    'monitoring.no_reference',
    409,
    (ref: string) =>
      `${ref} has no training reference to measure drift against (it was imported without its data set); retrain it here with \`qudao retrain\` or \`qudao train\``,
  ],
});
