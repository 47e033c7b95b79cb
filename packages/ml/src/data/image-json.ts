import { MlError } from '../errors.ts';

/**
 * How a served image becomes the model's input, fixed when the model was trained and recorded
 * with its version (signature `image`), so serving prepares exactly what training saw.
 */
export interface ImagePreparation {
  height: number;
  width: number;
  /** 1 (grayscale) or 3 (RGB); a PNG of other channels is converted to this. */
  channels: number;
  /** Multiplies 0..255 pixel values (1/255: the model reads 0..1). */
  scale: number;
  /**
   * Invert a PNG with a light border (dark ink on paper) before predicting. Set only for models
   * trained on light-on-dark grayscale images (MNIST), where a drawing must be flipped to match.
   */
  invertLightBackground: boolean;
}

function describe(prep: ImagePreparation): string {
  const pixel = prep.channels === 1 ? 'a number' : `[${prep.channels} numbers]`;
  return `a ${prep.height}x${prep.width} image with ${prep.channels} channel${prep.channels === 1 ? '' : 's'} (${prep.height} rows of ${prep.width} pixels, each ${pixel}, or ${prep.height * prep.width * prep.channels} values flat)`;
}

/** The values of a JSON image in row-major, channel-last order, or an error saying what to send. */
function flattenJson(input: unknown, prep: ImagePreparation): unknown[] {
  const { height, width, channels } = prep;
  if (!Array.isArray(input) || input.length === 0) {
    throw new MlError('bad_shape', `expected ${describe(prep)}`);
  }
  if (!Array.isArray(input[0])) {
    if (input.length !== height * width * channels) {
      throw new MlError('bad_shape', `expected ${describe(prep)}; got ${input.length} flat values`);
    }
    return input;
  }
  const badRow = input.findIndex((r) => !Array.isArray(r) || r.length !== width);
  if (input.length !== height || badRow >= 0) {
    const row = input[Math.max(badRow, 0)];
    throw new MlError(
      'bad_shape',
      `expected ${describe(prep)}; got ${input.length} rows${Array.isArray(row) ? ` (row ${badRow + 1} has ${row.length} pixels)` : ''}`,
    );
  }
  const flat: unknown[] = [];
  for (const row of input as unknown[][]) {
    for (const pixel of row) {
      if (Array.isArray(pixel)) {
        if (pixel.length !== channels) {
          throw new MlError(
            'bad_shape',
            `expected ${describe(prep)}; got a pixel of ${pixel.length} values`,
          );
        }
        flat.push(...pixel);
      } else if (channels === 1) flat.push(pixel);
      else {
        throw new MlError(
          'bad_shape',
          `expected ${describe(prep)}; got a pixel that is not a list of ${channels} values`,
        );
      }
    }
  }
  return flat;
}

/**
 * Turns a JSON image into the model's input (`height * width * channels` values, scaled as in
 * training). Values may be 0..255 or 0..1; anything above 1 means the 0..255 scale. JSON images
 * are taken as they are: never inverted.
 */
export function imageFromJson(input: unknown, prep: ImagePreparation): Float32Array {
  const flat = flattenJson(input, prep);
  const out = new Float32Array(flat.length);
  let max = 0;
  for (let i = 0; i < flat.length; i++) {
    const v = flat[i];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 255) {
      throw new MlError(
        'bad_values',
        `value ${i} is ${JSON.stringify(v)}; pixels must be numbers from 0 to 255 (or 0 to 1)`,
      );
    }
    out[i] = v;
    if (v > max) max = v;
  }
  const factor = (max > 1 ? 1 : 255) * prep.scale;
  for (let i = 0; i < out.length; i++) out[i]! *= factor;
  return out;
}
