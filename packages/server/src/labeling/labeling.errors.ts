import { AppError } from '../shared/app-error.ts';

/**
 * The labeling queue's errors. Their codes keep the `data.` prefix they had when labeling was
 * part of the data domain: clients match on codes, and the move changed no behaviour.
 */
export const labelingErrors = {
  itemNotFound: (id: string) =>
    new AppError('data.labeling_item_not_found', 404, `no labeling item ${id}`),
  unknownClass: (label: string, classes: string[]) =>
    new AppError(
      'data.unknown_class',
      400,
      `"${label}" is not a class of this dataset; classes: ${classes.join(', ')}`,
    ),
  modelMismatch: (message: string) => new AppError('data.model_mismatch', 400, message),
  noClasses: () =>
    new AppError('data.bad_mapping', 400, 'a regression table has no classes to label'),
};
