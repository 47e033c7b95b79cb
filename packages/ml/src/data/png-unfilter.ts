/**
 * The pixels of a non-interlaced PNG of 8 or 16 bits per sample without a palette (gray, gray +
 * alpha, RGB, RGBA: what clients send), from its inflated image data. fast-png decodes every
 * PNG, but inflates in JavaScript with fresh 64 KiB buffers per image: 250 us or more for a
 * 28x28 digit, where node's zlib (which the decompression-bomb check already runs) and this
 * unfiltering take about 20 us. Anything else (palettes, 1-4 bit depths, Adam7) goes to fast-png.
 */
export interface UnfilteredPng {
  /** Samples, row-major, channel-last. */
  data: Uint8Array | Uint16Array;
  channels: number;
  depth: 8 | 16;
}

/** Channels of the colour types this path takes (gray, RGB, gray + alpha, RGBA). */
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 4: 2, 6: 4 };

/** Whether `unfilterPng` takes a PNG of this header. */
export function unfilterable(header: {
  depth: number;
  colorType: number;
  interlaced: boolean;
}): boolean {
  return (
    !header.interlaced &&
    (header.depth === 8 || header.depth === 16) &&
    CHANNELS[header.colorType] !== undefined
  );
}

/**
 * Reverses the PNG row filters (None, Sub, Up, Average, Paeth) of `raw`, the inflated image
 * data: `height` rows, each a filter byte and `width * channels * depth / 8` bytes. Throws on
 * an unknown filter type; `raw` must hold the whole image (the caller checked its length).
 */
export function unfilterPng(
  raw: Uint8Array,
  header: { width: number; height: number; depth: number; colorType: number },
): UnfilteredPng {
  const channels = CHANNELS[header.colorType]!;
  const depth = header.depth as 8 | 16;
  const bpp = (channels * depth) / 8;
  const rowBytes = header.width * bpp;
  const out = new Uint8Array(header.height * rowBytes);
  for (let y = 0; y < header.height; y++) {
    const filter = raw[y * (rowBytes + 1)]!;
    const src = y * (rowBytes + 1) + 1;
    const row = y * rowBytes;
    const up = row - rowBytes; // the row above in `out` (y > 0)
    switch (filter) {
      case 0:
        out.set(raw.subarray(src, src + rowBytes), row);
        break;
      case 1:
        for (let i = 0; i < rowBytes; i++) {
          const left = i >= bpp ? out[row + i - bpp]! : 0;
          out[row + i] = raw[src + i]! + left;
        }
        break;
      case 2:
        for (let i = 0; i < rowBytes; i++) {
          out[row + i] = raw[src + i]! + (y > 0 ? out[up + i]! : 0);
        }
        break;
      case 3:
        for (let i = 0; i < rowBytes; i++) {
          const left = i >= bpp ? out[row + i - bpp]! : 0;
          const above = y > 0 ? out[up + i]! : 0;
          out[row + i] = raw[src + i]! + ((left + above) >> 1);
        }
        break;
      case 4:
        for (let i = 0; i < rowBytes; i++) {
          const a = i >= bpp ? out[row + i - bpp]! : 0;
          const b = y > 0 ? out[up + i]! : 0;
          const c = i >= bpp && y > 0 ? out[up + i - bpp]! : 0;
          const p = a + b - c;
          const pa = Math.abs(p - a);
          const pb = Math.abs(p - b);
          const pc = Math.abs(p - c);
          out[row + i] = raw[src + i]! + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
        }
        break;
      default:
        throw new Error(`unknown PNG filter type ${filter} in row ${y + 1}`);
    }
  }
  if (depth === 8) return { data: out, channels, depth };
  const wide = new Uint16Array(out.length / 2);
  for (let i = 0; i < wide.length; i++) wide[i] = (out[2 * i]! << 8) | out[2 * i + 1]!;
  return { data: wide, channels, depth };
}
