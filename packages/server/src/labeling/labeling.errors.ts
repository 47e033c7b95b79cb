import { defineErrors } from '../shared/app-error.ts';

/**
 * The labeling queue's errors. Their codes keep the `data.` prefix they had when labeling was
 * part of the data domain: clients match on codes, and the move changed no behaviour.
 */
export const labelingErrors = defineErrors({
  itemNotFound: [
    'data.labeling_item_not_found',
    404,
    (id: string) => `no labeling item ${id}; ask for the next item again`,
  ],
  unknownClass: [
    'data.unknown_class',
    400,
    (label: string, classes: string[]) =>
      `"${label}" is not a class of this dataset; classes: ${classes.join(', ')}`,
  ],
  /** The model cannot score this dataset; the sentence says why. */
  modelMismatch: ['data.model_mismatch', 400, (why: string) => why],
  noClasses: [
    'data.bad_mapping',
    400,
    () => 'a regression table has no classes to label; label a classification dataset',
  ],
});
