import { inflateSync } from 'node:zlib';
import { convertIndexedToRgb, decode, encode } from 'fast-png';
import { unzlibSync } from 'fflate';
import { MlError } from '../errors.ts';
import type { ImagePreparation } from './image-json.ts';
import { unfilterable, unfilterPng } from './png-unfilter.ts';

export { type ImagePreparation, imageFromJson } from './image-json.ts';

/** What training fitted for images (`Preprocessing` of kind image), as far as serving needs it. */
export interface ImagePreprocessingRecord {
  shape: number[];
  scale: number;
  invertLightBackground?: boolean;
}

/**
 * The preparation of a version from its recorded preprocessing. Versions saved before the
 * inversion was recorded keep how they were always served: grayscale PNGs with a light border
 * inverted (they were all MNIST-style models then), colour never.
 */
export function imagePreparationOf(
  preprocessing: ImagePreprocessingRecord | undefined,
  inputShape: number[],
): ImagePreparation {
  const [height = 0, width = 0, channels = 1] = preprocessing?.shape ?? inputShape;
  return {
    height,
    width,
    channels,
    scale: preprocessing?.scale ?? 1 / 255,
    invertLightBackground: preprocessing?.invertLightBackground ?? channels === 1,
  };
}

/** Mean of the border pixels of one single-channel image, 0..1 or 0..255 as given. */
function borderMean(pixels: ArrayLike<number>, offset: number, height: number, width: number) {
  let sum = 0;
  let count = 0;
  for (let y = 0; y < height; y++) {
    const step = y === 0 || y === height - 1 ? 1 : Math.max(1, width - 1);
    for (let x = 0; x < width; x += step) {
      sum += pixels[offset + y * width + x]!;
      count++;
    }
  }
  return count ? sum / count : 0;
}

/**
 * Whether a grayscale training set is light-on-dark like MNIST: at least 90% of its images
 * have a dark border (mean under 64 of 255). Colour images never are.
 */
export function isLightOnDark(images: Uint8Array, shape: readonly number[]): boolean {
  const [height = 0, width = 0, channels = 1] = shape;
  const size = height * width;
  if (channels !== 1 || size === 0 || images.length === 0) return false;
  const count = Math.floor(images.length / size);
  let dark = 0;
  for (let i = 0; i < count; i++) if (borderMean(images, i * size, height, width) < 64) dark++;
  return dark >= 0.9 * count;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Channels of each PNG colour type (gray, RGB, palette, gray+alpha, RGBA). */
const PNG_CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/** What a PNG's header (IHDR) declares, read without decoding anything. */
export interface PngHeader {
  width: number;
  height: number;
  /** Bits per sample: 1, 2, 4, 8 or 16. */
  depth: number;
  colorType: number;
  interlaced: boolean;
  /** Bytes the image data inflates to, filter bytes included: what a decoder will allocate. */
  rawBytes: number;
}

/**
 * Reads the dimensions a PNG declares from its first 33 bytes. A decompression bomb is a small
 * file declaring a huge image (3.5 MB declaring 60000x60000 inflates to 3.6 GB), so serving
 * checks this against what the model takes before anything is inflated.
 */
export function readPngHeader(bytes: Uint8Array): PngHeader {
  if (bytes.length < 33 || PNG_SIGNATURE.some((b, i) => bytes[i] !== b)) {
    throw new MlError('not_an_image', 'the upload is not a PNG image');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const type = String.fromCharCode(bytes[12]!, bytes[13]!, bytes[14]!, bytes[15]!);
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  const depth = bytes[24]!;
  const colorType = bytes[25]!;
  const channels = PNG_CHANNELS[colorType];
  if (type !== 'IHDR' || width === 0 || height === 0 || channels === undefined) {
    throw new MlError('not_an_image', 'the PNG has no valid header (IHDR)');
  }
  if (![1, 2, 4, 8, 16].includes(depth)) {
    throw new MlError('not_an_image', `the PNG declares a bit depth of ${depth}`);
  }
  const interlaced = bytes[28] === 1;
  const bits = channels * depth;
  const rowBytes = (w: number) => 1 + Math.ceil((w * bits) / 8);
  let rawBytes = height * rowBytes(width);
  if (interlaced) {
    // Adam7: seven passes over sub-images, each row with its own filter byte.
    rawBytes = 0;
    for (const [x0, y0, dx, dy] of ADAM7) {
      const w = Math.ceil((width - x0) / dx);
      const h = Math.ceil((height - y0) / dy);
      if (w > 0 && h > 0) rawBytes += h * rowBytes(w);
    }
  }
  return { width, height, depth, colorType, interlaced, rawBytes };
}

const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;

/**
 * Images that inflate to at most this many bytes are inflated in JavaScript (fflate), larger ones
 * by zlib. A zlib inflate is a native stream: a handle and its JavaScript objects per call, freed
 * through weak callbacks that every young-generation collection has to process, and native memory
 * that makes those collections come sooner. For a 28x28 digit that was most of a collection's
 * pause, the tail of a prediction at concurrency 1 (docs/serving.md); fflate allocates the
 * output alone. Its inflate cannot stop part way, so the compressed size is bounded first (see
 * maxCompressedBytes), which bounds its work to about 1,200 times the declared image: 38 MB at
 * this limit, a few milliseconds for a digit. Above it, zlib stops at the declared size itself.
 */
const JS_INFLATE_MAX_BYTES = 32 * 1024;

/**
 * The most a deflate stream of `rawBytes` can take: stored blocks add 5 bytes in 65,535, and an
 * encoder that uses only the fixed Huffman code spends up to 9 bits a byte; 1 KiB more for the
 * zlib wrapper and any encoder's slack. Longer data is not this image's.
 */
function maxCompressedBytes(rawBytes: number): number {
  return Math.ceil(rawBytes * 1.125) + 1024;
}

/**
 * Inflates the image data (the IDAT chunks) with a cap at what the header declares, so a
 * stream that inflates to more than its declared image stops there instead of filling memory;
 * returns the inflated data (the fast decoding path unfilters it).
 */
function checkImageData(bytes: Uint8Array, header: PngHeader): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const parts: Uint8Array[] = [];
  for (let at = 8; at + 8 <= bytes.length; ) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(
      bytes[at + 4]!,
      bytes[at + 5]!,
      bytes[at + 6]!,
      bytes[at + 7]!,
    );
    if (type === 'IDAT') parts.push(bytes.subarray(at + 8, at + 8 + length));
    if (type === 'IEND') break;
    at += 12 + length;
  }
  const data = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
  const declared = `${header.width}x${header.height}`;
  const tooLarge = () =>
    new MlError(
      'not_an_image',
      `the PNG's data inflates to more than its declared ${declared} image`,
    );
  let inflated: Uint8Array;
  try {
    if (header.rawBytes <= JS_INFLATE_MAX_BYTES) {
      if (data.length > maxCompressedBytes(header.rawBytes)) throw tooLarge();
      // One byte more than declared: a stream that fills it inflates to more than the image.
      inflated = unzlibSync(data, { out: new Uint8Array(header.rawBytes + 1) });
      if (inflated.length > header.rawBytes) throw tooLarge();
    } else {
      inflated = inflateSync(data, { maxOutputLength: header.rawBytes });
    }
  } catch (error) {
    if (error instanceof MlError) throw error;
    // fflate copies a stored block into the output in one go: past its end, a RangeError.
    if (error instanceof RangeError) throw tooLarge();
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge();
    throw new MlError('not_an_image', `the PNG could not be decoded: ${(error as Error).message}`);
  }
  if (inflated.length < header.rawBytes) {
    throw new MlError('not_an_image', 'the PNG could not be decoded: its image data is truncated');
  }
  return inflated;
}

function decodePng(bytes: Uint8Array, expected?: { height: number; width: number }) {
  const header = readPngHeader(bytes);
  if (expected && (header.height !== expected.height || header.width !== expected.width)) {
    throw new MlError(
      'bad_shape',
      `expected a ${expected.height}x${expected.width} image; the PNG is ${header.height}x${header.width}`,
    );
  }
  const inflated = checkImageData(bytes, header);
  try {
    if (unfilterable(header)) {
      const png = unfilterPng(inflated, header);
      return {
        ...png,
        width: header.width,
        height: header.height,
        max: png.depth === 16 ? 65535 : 255,
      };
    }
    const png = decode(bytes);
    if (!png.palette) {
      const max = png.depth === 16 ? 65535 : (1 << png.depth) - 1;
      return { ...png, data: png.data as ArrayLike<number>, max };
    }
    const data = convertIndexedToRgb(png);
    return { ...png, data: data as ArrayLike<number>, channels: png.palette[0]!.length, max: 255 };
  } catch (error) {
    throw new MlError('not_an_image', `the PNG could not be decoded: ${(error as Error).message}`);
  }
}

/**
 * Decodes a PNG into the model's input: converted to the model's channels (gray ↔ RGB,
 * transparency composited over white paper), inverted only if the version says so, scaled as in
 * training. The header is checked against the model's size before anything is inflated, and the
 * data is inflated no further than the size it declares (decompression bombs).
 */
export function imageFromPng(bytes: Uint8Array, prep: ImagePreparation): Float32Array {
  const { height, width, channels } = prep;
  const png = decodePng(bytes, prep);
  if (channels !== 1 && channels !== 3) {
    throw new MlError(
      'bad_shape',
      `this model reads ${channels}-channel images; send them as JSON`,
    );
  }
  const stride = png.channels;
  const colour = stride === 2 || stride === 4 ? stride - 1 : stride;
  const hasAlpha = colour !== stride;
  const data = png.data;
  const max = png.max;
  const unit = new Float32Array(height * width * channels);
  // One loop with no closure per pixel: under tsx (esbuild keepNames) a function made inside
  // this loop cost a defineProperty per pixel, 1.3 ms a 28x28 image.
  const pixels = height * width;
  if (stride === 1 && channels === 1) {
    for (let p = 0; p < pixels; p++) unit[p] = Number(data[p]) / max;
  }
  for (let p = 0; p < pixels && !(stride === 1 && channels === 1); p++) {
    const at = p * stride;
    const alpha = hasAlpha ? Number(data[at + colour]) / max : 1;
    const paper = 1 - alpha; // composite over white paper
    if (channels === 1) {
      let sum = 0;
      for (let c = 0; c < colour; c++) sum += (Number(data[at + c]) / max) * alpha + paper;
      unit[p] = sum / colour;
    } else {
      for (let c = 0; c < 3; c++) {
        const source = colour === 1 ? 0 : Math.min(c, colour - 1);
        unit[p * 3 + c] = (Number(data[at + source]) / max) * alpha + paper;
      }
    }
  }
  const invert =
    prep.invertLightBackground && channels === 1 && borderMean(unit, 0, height, width) > 0.5;
  const factor = 255 * prep.scale;
  for (let i = 0; i < unit.length; i++) unit[i] = (invert ? 1 - unit[i]! : unit[i]!) * factor;
  return unit;
}

/** Encodes 8-bit grayscale pixels (row-major, `width * height`) as a PNG file. */
export function encodeGrayPng(pixels: Uint8Array, width: number, height: number): Uint8Array {
  return encode({ width, height, data: pixels, channels: 1, depth: 8 });
}
