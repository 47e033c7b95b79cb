import { MlError } from '../errors.ts';
import type { Preprocessing } from './prepare.ts';
import { encodeTexts } from './text-vectorizer.ts';

/**
 * Checks raw inputs against a tabular or text model's preprocessing and encodes them:
 * tabular rows as arrays in column order or objects keyed by column name (every column, finite
 * numbers); texts as strings. Returns the model input and its shape.
 */
export function encodeRawInputs(
  preprocessing: Preprocessing,
  inputs: unknown[],
): { x: Float32Array; shape: number[] } {
  if (!Array.isArray(inputs) || inputs.length === 0) {
    throw new MlError('signature_mismatch', 'give a non-empty list of inputs');
  }
  if (preprocessing.kind === 'text') {
    const bad = inputs.findIndex((t) => typeof t !== 'string');
    if (bad >= 0)
      throw new MlError(
        'signature_mismatch',
        `input ${bad + 1} must be a text (string); this model reads text`,
      );
    return {
      x: encodeTexts(
        inputs as string[],
        preprocessing.vocabulary,
        preprocessing.sequenceLength,
        preprocessing.tokenizer ?? 'legacy',
      ),
      shape: [inputs.length, preprocessing.sequenceLength],
    };
  }
  if (preprocessing.kind === 'tabular') {
    const { columns, mean, std } = preprocessing;
    const d = columns.length;
    const x = new Float32Array(inputs.length * d);
    inputs.forEach((row, r) => {
      const values = Array.isArray(row)
        ? row
        : row !== null && typeof row === 'object'
          ? columns.map((c) => (row as Record<string, unknown>)[c])
          : null;
      if (!values || values.length !== d) {
        throw new MlError(
          'signature_mismatch',
          `input ${r + 1} must have the ${d} features ${columns.join(', ')} (as a list in that order or an object)`,
        );
      }
      values.forEach((v, c) => {
        if (typeof v !== 'number' || !Number.isFinite(v)) {
          throw new MlError(
            'signature_mismatch',
            `input ${r + 1}: feature "${columns[c]}" must be a finite number; got ${JSON.stringify(v)}`,
          );
        }
        x[r * d + c] = (v - mean[c]!) / std[c]!;
      });
    });
    return { x, shape: [inputs.length, d] };
  }
  throw new MlError('signature_mismatch', 'image models take images; send an image');
}
