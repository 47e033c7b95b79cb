/**
 * MNIST-style preprocessing of a hand-drawn digit: canvas pixels → 28x28 rows of 0..255.
 *
 * MNIST digits were size-normalized to fit a 20x20 box (keeping their aspect ratio) and then
 * placed in a 28x28 field so that their center of mass sits at the center. A model trained on
 * MNIST only recognizes drawings that went through the same steps, so we repeat them here.
 */

/** Side of the output image, in pixels. */
export const MNIST_SIZE = 28;
/** Longer side of the digit's bounding box after scaling, in pixels. */
export const MNIST_BOX = 20;

/** A grayscale image: one intensity (0..255, ink is bright) per pixel, row by row. */
export interface GrayImage {
  data: Float64Array;
  width: number;
  height: number;
}

export interface PreprocessOptions {
  /** Pixels at or below this intensity (0..255) are background when finding the ink. */
  threshold?: number;
}

/**
 * Converts an RGBA (4 bytes a pixel, as `ImageData.data`) or grayscale (1 byte a pixel) buffer
 * to intensities. Ink is bright: white strokes on black, like MNIST; transparent pixels are 0.
 */
export function toGrayscale(pixels: Uint8ClampedArray, width: number, height: number): GrayImage {
  const count = width * height;
  const data = new Float64Array(count);
  if (pixels.length === count) {
    for (let i = 0; i < count; i++) data[i] = pixels[i];
  } else if (pixels.length === count * 4) {
    for (let i = 0; i < count; i++) {
      const o = i * 4;
      const luma = 0.299 * pixels[o] + 0.587 * pixels[o + 1] + 0.114 * pixels[o + 2];
      data[i] = (luma * pixels[o + 3]) / 255;
    }
  } else {
    throw new Error(
      `pixel buffer has ${pixels.length} values; expected ${count} (grayscale) or ${count * 4} (RGBA) for ${width}x${height}`,
    );
  }
  return { data, width, height };
}

/** The smallest rectangle holding every pixel brighter than `threshold`, or null if none is. */
export function inkBounds(
  image: GrayImage,
  threshold = 0,
): { x: number; y: number; width: number; height: number } | null {
  let minX = image.width;
  let minY = image.height;
  let maxX = -1;
  let maxY = -1;
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      if (image.data[y * image.width + x] > threshold) {
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
      }
    }
  }
  if (maxX < 0) return null;
  return { x: minX, y: minY, width: maxX - minX + 1, height: maxY - minY + 1 };
}

/**
 * Resamples one line of `n` values to `m` values; each output value is the average of the
 * source interval it covers (a box filter), so both shrinking and enlarging keep the ink.
 */
function resampleLine(src: Float64Array, n: number, m: number): Float64Array {
  const out = new Float64Array(m);
  const step = n / m;
  for (let i = 0; i < m; i++) {
    const start = i * step;
    const end = start + step;
    let sum = 0;
    for (let j = Math.floor(start); j < Math.min(n, Math.ceil(end)); j++) {
      const overlap = Math.min(end, j + 1) - Math.max(start, j);
      if (overlap > 0) sum += overlap * src[j];
    }
    out[i] = sum / step;
  }
  return out;
}

/** Crops `image` to a rectangle and resizes the crop to `width` x `height` with a box filter. */
export function cropAndResize(
  image: GrayImage,
  crop: { x: number; y: number; width: number; height: number },
  width: number,
  height: number,
): GrayImage {
  // Rows first: crop.height rows of `width` values each.
  const rows = new Float64Array(crop.height * width);
  const line = new Float64Array(crop.width);
  for (let y = 0; y < crop.height; y++) {
    const offset = (crop.y + y) * image.width + crop.x;
    for (let x = 0; x < crop.width; x++) line[x] = image.data[offset + x];
    rows.set(resampleLine(line, crop.width, width), y * width);
  }
  // Then columns.
  const data = new Float64Array(width * height);
  const column = new Float64Array(crop.height);
  for (let x = 0; x < width; x++) {
    for (let y = 0; y < crop.height; y++) column[y] = rows[y * width + x];
    const resized = resampleLine(column, crop.height, height);
    for (let y = 0; y < height; y++) data[y * width + x] = resized[y];
  }
  return { data, width, height };
}

/** Center of mass of the intensities, in pixel-index coordinates (pixel i spans i-0.5..i+0.5). */
export function centerOfMass(image: GrayImage): { x: number; y: number } {
  let total = 0;
  let sx = 0;
  let sy = 0;
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      const v = image.data[y * image.width + x];
      total += v;
      sx += v * x;
      sy += v * y;
    }
  }
  if (total === 0) return { x: (image.width - 1) / 2, y: (image.height - 1) / 2 };
  return { x: sx / total, y: sy / total };
}

function clamp(value: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, value));
}

/**
 * Turns a drawing into the 28x28 input of an MNIST model: the ink's bounding box is scaled so its
 * longer side is 20px, then placed in a 28x28 black image with its center of mass at the center.
 *
 * @param pixels RGBA (as from `getImageData`) or grayscale bytes, white ink on black.
 * @returns 28 rows of 28 integers in 0..255, or null when nothing is drawn.
 */
export function preprocessDigit(
  pixels: Uint8ClampedArray,
  width: number,
  height: number,
  options: PreprocessOptions = {},
): number[][] | null {
  const gray = toGrayscale(pixels, width, height);
  const box = inkBounds(gray, options.threshold ?? 0);
  if (!box) return null;

  const scale = MNIST_BOX / Math.max(box.width, box.height);
  const w = clamp(Math.round(box.width * scale), 1, MNIST_BOX);
  const h = clamp(Math.round(box.height * scale), 1, MNIST_BOX);
  const digit = cropAndResize(gray, box, w, h);

  // Shift so the center of mass lands on the field's center, keeping the digit inside.
  const com = centerOfMass(digit);
  const center = (MNIST_SIZE - 1) / 2;
  const left = clamp(Math.round(center - com.x), 0, MNIST_SIZE - w);
  const top = clamp(Math.round(center - com.y), 0, MNIST_SIZE - h);

  const rows: number[][] = [];
  for (let y = 0; y < MNIST_SIZE; y++) {
    const row = new Array<number>(MNIST_SIZE).fill(0);
    const dy = y - top;
    if (dy >= 0 && dy < h) {
      for (let x = left; x < left + w; x++) {
        row[x] = clamp(Math.round(digit.data[dy * w + (x - left)]), 0, 255);
      }
    }
    rows.push(row);
  }
  return rows;
}
