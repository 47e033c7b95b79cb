import { deflateSync } from 'node:zlib';
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

  /** An 8-bit grayscale PNG of `width` x `height` whose image data is `idat` (chunk CRCs zero). */
  const pngWith = (width: number, height: number, idat: Uint8Array) => {
    const chunk = (type: string, data: Uint8Array) => {
      const out = Buffer.alloc(12 + data.length);
      out.writeUInt32BE(data.length, 0);
      out.write(type, 4, 'latin1');
      out.set(data, 8);
      return out;
    };
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(width, 0);
    ihdr.writeUInt32BE(height, 4);
    ihdr[8] = 8; // bit depth; colour type 0 (gray), no interlace
    const signature = Uint8Array.from([137, 80, 78, 71, 13, 10, 26, 10]);
    return Buffer.concat([
      signature,
      chunk('IHDR', ihdr),
      chunk('IDAT', idat),
      chunk('IEND', new Uint8Array(0)),
    ]);
  };
  const refusalOf = (png: Uint8Array, prep: ImagePreparation) => {
    try {
      imageFromPng(png, prep);
    } catch (error) {
      if (error instanceof MlError) return [error.code, error.message];
      throw error;
    }
    return null;
  };

  // Small images inflate in JavaScript, large ones through zlib (image-input.ts): both say the same.
  it.each([
    ['28x28 (inflated in JavaScript)', 28, 28],
    ['200x200 (inflated by zlib)', 200, 200],
  ])('refuses a %s PNG whose data is not its declared image', (_name, width, height) => {
    const rawBytes = height * (1 + width);
    const prep = gray(height, width);
    const rows = new Uint8Array(rawBytes);
    for (let y = 0; y < height; y++) rows[y * (1 + width) + 1 + (y % width)] = 200; // filter 0
    const good = imageFromPng(pngWith(width, height, deflateSync(rows)), prep);
    // Row y has its one light pixel at column y: (0, 0) and (1, 1) are, (0, 1) is not.
    expect(good[0]).toBeCloseTo(200 / 255, 6);
    expect(good[width + 1]).toBeCloseTo(200 / 255, 6);
    expect(good[1]).toBe(0);

    const more = `the PNG's data inflates to more than its declared ${width}x${height} image`;
    // Twice the image behind the header: a decompression bomb's shape, a few hundred bytes.
    expect(
      refusalOf(pngWith(width, height, deflateSync(new Uint8Array(2 * rawBytes))), prep),
    ).toEqual(['not_an_image', more]);
    // Stored (level 0) data of twice the image, and of four times: more bytes than the image
    // could take compressed.
    for (const times of [2, 4]) {
      const stored = deflateSync(new Uint8Array(times * rawBytes).fill(7), { level: 0 });
      expect(refusalOf(pngWith(width, height, stored), prep)).toEqual(['not_an_image', more]);
    }
    expect(
      refusalOf(pngWith(width, height, deflateSync(rows.subarray(0, rawBytes >> 1))), prep),
    ).toEqual(['not_an_image', 'the PNG could not be decoded: its image data is truncated']);
    const garbage = Uint8Array.from({ length: 64 }, (_, i) => (i * 37 + 11) % 256);
    expect(refusalOf(pngWith(width, height, garbage), prep)).toEqual([
      'not_an_image',
      expect.stringMatching(/^the PNG could not be decoded: /),
    ]);
  });
});
