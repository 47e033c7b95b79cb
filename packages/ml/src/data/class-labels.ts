import { MlError } from '../errors.ts';

/**
 * Class labels are stored one 16-bit index per row: a data set may have up to MAX_CLASSES
 * classes (0 … 65,534), and UNLABELED (65,535) marks a row nobody has labelled yet. A byte per
 * row was enough for MNIST but not for product catalogues or intent sets with hundreds of classes.
 */
export type ClassLabels = Uint16Array;

/** The most classes a data set may have. */
export const MAX_CLASSES = 65_535;

/** The label of a row still to be labelled (never a class index). */
export const UNLABELED = 0xffff;

/** The error for a data set with `count` classes, more than it can hold. */
export function tooManyClasses(count: number, what = 'the data set'): MlError {
  return new MlError(
    'too_many_classes',
    `${what} has ${count.toLocaleString('en')} classes or more; at most ${MAX_CLASSES.toLocaleString('en')} are supported — merge rare classes or split the task`,
  );
}

/** Refuses more classes than a data set can hold, with the limit in the sentence. */
export function checkClassCount(count: number, what = 'the data set'): void {
  if (count > MAX_CLASSES) throw tooManyClasses(count, what);
}
