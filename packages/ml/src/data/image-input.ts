import { decode, encode } from 'fast-png';
import { MlError } from '../errors.ts';

/**
 * Turns a JSON image (rows of numbers, or a flat array) into grayscale 0..1 floats of
 * `height * width`. Values may be 0..255 or 0..1; anything above 1 means the 0..255 scale.
 */
export function imageFromJson(input: unknown, height: number, width: number): Float32Array {
  let flat: unknown[];
  if (Array.isArray(input) && input.length > 0 && Array.isArray(input[0])) {
    const rows = input as unknown[][];
    const badRow = rows.findIndex((r) => !Array.isArray(r) || r.length !== width);
    if (rows.length !== height || badRow >= 0) {
      const got = `${rows.length}x${Array.isArray(rows[badRow]) ? rows[badRow]!.length : (rows[0]?.length ?? 0)}`;
      throw new MlError(
        'bad_shape',
        `expected a ${height}x${width} image (${height} rows of ${width} numbers); got ${got}`,
      );
    }
    flat = rows.flat();
  } else if (Array.isArray(input)) {
    if (input.length !== height * width) {
      throw new MlError(
        'bad_shape',
        `expected ${height * width} values (${height}x${width}); got ${input.length}`,
      );
    }
    flat = input;
  } else {
    throw new MlError('bad_shape', 'image must be an array of rows of numbers');
  }
  const out = new Float32Array(height * width);
  let max = 0;
  for (let i = 0; i < flat.length; i++) {
    const v = flat[i];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 255) {
      throw new MlError(
        'bad_values',
        `pixel ${i} is ${JSON.stringify(v)}; pixels must be numbers from 0 to 255 (or 0 to 1)`,
      );
    }
    out[i] = v;
    if (v > max) max = v;
  }
  if (max > 1) for (let i = 0; i < out.length; i++) out[i]! /= 255;
  return out;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * Decodes a PNG into grayscale 0..1 floats. A digit drawn dark on a light background (the
 * usual way people draw) is inverted to MNIST's light-on-dark, judged by the border pixels.
 */
export function imageFromPng(bytes: Uint8Array, height: number, width: number): Float32Array {
  if (bytes.length < 8 || PNG_SIGNATURE.some((b, i) => bytes[i] !== b)) {
    throw new MlError('not_an_image', 'the upload is not a PNG image');
  }
  let png: ReturnType<typeof decode>;
  try {
    png = decode(bytes);
  } catch (error) {
    throw new MlError('not_an_image', `the PNG could not be decoded: ${(error as Error).message}`);
  }
  if (png.height !== height || png.width !== width) {
    throw new MlError(
      'bad_shape',
      `expected a ${height}x${width} image; the PNG is ${png.height}x${png.width}`,
    );
  }
  const channels = png.channels;
  const scale = png.depth === 16 ? 65535 : (1 << png.depth) - 1;
  const out = new Float32Array(height * width);
  const colorChannels = channels === 2 || channels === 4 ? channels - 1 : channels;
  for (let p = 0; p < height * width; p++) {
    let sum = 0;
    for (let c = 0; c < colorChannels; c++) sum += Number(png.data[p * channels + c]);
    let v = sum / colorChannels / scale;
    if (channels === 2 || channels === 4) {
      const alpha = Number(png.data[p * channels + channels - 1]) / scale;
      v = v * alpha + (1 - alpha); // composite over white paper
    }
    out[p] = v;
  }
  let border = 0;
  let borderCount = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (y === 0 || x === 0 || y === height - 1 || x === width - 1) {
        border += out[y * width + x]!;
        borderCount++;
      }
    }
  }
  if (border / borderCount > 0.5) for (let i = 0; i < out.length; i++) out[i] = 1 - out[i]!;
  return out;
}

/** Encodes 8-bit grayscale pixels (row-major, `width * height`) as a PNG file. */
export function encodeGrayPng(pixels: Uint8Array, width: number, height: number): Uint8Array {
  return encode({ width, height, data: pixels, channels: 1, depth: 8 });
}
