import { encode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { MlError } from '../errors.ts';
import { fitPreprocessing } from '../training/prepare.ts';
import {
  type ImagePreparation,
  imageFromJson,
  imageFromPng,
  imagePreparationOf,
  isLightOnDark,
} from './image-input.ts';

const gray = (height: number, width: number, invert = false): ImagePreparation => ({
  height,
  width,
  channels: 1,
  scale: 1 / 255,
  invertLightBackground: invert,
});
const rgb: ImagePreparation = { ...gray(2, 2), channels: 3 };
/** Float32 values to 4 decimals, for exact comparisons. */
const rounded = (x: Float32Array) => Array.from(x, (v) => Math.round(v * 1e4) / 1e4);

describe('image inputs, prepared as the version was trained', () => {
  it('records light-on-dark grayscale training sets (MNIST) only', () => {
    const digit = new Uint8Array(16); // 4x4, black border, white centre
    digit.set([255, 255], 5);
    digit.set([255, 255], 9);
    expect(isLightOnDark(digit, [4, 4, 1])).toBe(true);
    expect(isLightOnDark(new Uint8Array(16).fill(230), [4, 4, 1])).toBe(false);
    expect(isLightOnDark(new Uint8Array(48), [4, 4, 3])).toBe(false);
    const fitted = fitPreprocessing({
      kind: 'image',
      images: new Uint8Array(32).fill(200),
      labels: Uint16Array.from([0, 1]),
      shape: [4, 4, 1],
      classes: ['a', 'b'],
    });
    expect(fitted).toEqual({
      kind: 'image',
      shape: [4, 4, 1],
      scale: 1 / 255,
      invertLightBackground: false,
    });
    // Versions saved before the record: served as they always were.
    expect(imagePreparationOf(undefined, [28, 28, 1]).invertLightBackground).toBe(true);
    expect(imagePreparationOf(undefined, [32, 32, 3]).invertLightBackground).toBe(false);
  });

  it('inverts a light-bordered PNG only when the version says so', () => {
    const png = encode({
      width: 2,
      height: 2,
      data: Uint8Array.from([255, 255, 255, 0]),
      channels: 1,
      depth: 8,
    });
    expect(rounded(imageFromPng(png, gray(2, 2)))).toEqual([1, 1, 1, 0]);
    expect(rounded(imageFromPng(png, gray(2, 2, true)))).toEqual([0, 0, 0, 1]);
  });

  it('converts PNG channels to the model’s: gray to RGB, RGBA over white, RGB to gray', () => {
    const grayPng = encode({
      width: 2,
      height: 2,
      data: Uint8Array.from([0, 51, 102, 255]),
      channels: 1,
      depth: 8,
    });
    expect(rounded(imageFromPng(grayPng, rgb).subarray(0, 6))).toEqual([0, 0, 0, 0.2, 0.2, 0.2]);
    const rgba = encode({
      width: 2,
      height: 2,
      data: Uint8Array.from([255, 0, 0, 255, 0, 0, 255, 0, 0, 255, 0, 255, 0, 0, 0, 255]),
      channels: 4,
      depth: 8,
    });
    expect(rounded(imageFromPng(rgba, rgb))).toEqual([1, 0, 0, 1, 1, 1, 0, 1, 0, 0, 0, 0]);
    const red = imageFromPng(rgba, gray(2, 2));
    expect(red[0]).toBeCloseTo(1 / 3, 6);
    expect(red[1]).toBeCloseTo(1, 6); // transparent: white paper
  });

  it('reads JSON rows of [r, g, b] pixels or flat values, and says what it expected', () => {
    const rows = [
      [
        [255, 0, 0],
        [0, 255, 0],
      ],
      [
        [0, 0, 255],
        [255, 255, 255],
      ],
    ];
    const x = imageFromJson(rows, rgb);
    expect(rounded(x)).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 1]);
    expect(rounded(imageFromJson(rows.flat(2), rgb))).toEqual(rounded(x));
    const refusal = (input: unknown) => {
      try {
        imageFromJson(input, rgb);
      } catch (error) {
        if (error instanceof MlError) return [error.code, error.message];
      }
      return null;
    };
    expect(
      refusal([
        [1, 2],
        [3, 4],
      ]),
    ).toEqual(['bad_shape', expect.stringContaining('2x2 image with 3 channels')]);
    expect(refusal(rows.flat(2).map((v, i) => (i === 4 ? 300 : v)))?.[0]).toBe('bad_values');
  });
});
