import { crc32, deflateSync } from 'node:zlib';
import { decode, encode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { imageFromPng } from './image-input.ts';
import { unfilterable } from './png-unfilter.ts';
import { createRng } from './random.ts';

/** Channels of each colour type the fast path takes. */
const COLOUR_TYPES = { 0: 1, 2: 3, 4: 2, 6: 4 } as const;

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/**
 * A PNG whose row y is filtered with `filters[y % filters.length]`, written by hand: fast-png's
 * encoder only writes filter 0, and clients (libpng, browsers) use all five.
 */
function filteredPng(
  samples: Uint8Array,
  width: number,
  height: number,
  colorType: keyof typeof COLOUR_TYPES,
  depth: 8 | 16,
  filters: number[],
): Buffer {
  const bpp = (COLOUR_TYPES[colorType] * depth) / 8;
  const rowBytes = width * bpp;
  const raw = new Uint8Array(height * (rowBytes + 1));
  for (let y = 0; y < height; y++) {
    const filter = filters[y % filters.length]!;
    raw[y * (rowBytes + 1)] = filter;
    for (let i = 0; i < rowBytes; i++) {
      const x = samples[y * rowBytes + i]!;
      const a = i >= bpp ? samples[y * rowBytes + i - bpp]! : 0;
      const b = y > 0 ? samples[(y - 1) * rowBytes + i]! : 0;
      const c = i >= bpp && y > 0 ? samples[(y - 1) * rowBytes + i - bpp]! : 0;
      const p = a + b - c;
      const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
      const paeth = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      const predictor = [0, a, b, (a + b) >> 1, paeth][filter]!;
      raw[y * (rowBytes + 1) + 1 + i] = (x - predictor) & 0xff;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([depth, colorType, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

describe('PNG decoding without fast-png (node zlib + unfiltering)', () => {
  const rng = createRng(7);
  const [width, height] = [9, 7];

  it('decodes every filter type, colour type and depth to what fast-png decodes', () => {
    let cases = 0;
    for (const colorType of [0, 2, 4, 6] as const) {
      for (const depth of [8, 16] as const) {
        const bytes = height * width * COLOUR_TYPES[colorType] * (depth / 8);
        const samples = Uint8Array.from({ length: bytes }, () => Math.floor(rng() * 256));
        for (const filters of [[0], [1], [2], [3], [4], [4, 3, 2, 1, 0]]) {
          const png = filteredPng(samples, width, height, colorType, depth, filters);
          const reference = decode(png);
          // fast-png reads the file as written: the samples we filtered.
          const expected =
            depth === 8
              ? Array.from(samples)
              : Array.from(
                  { length: bytes / 2 },
                  (_, i) => (samples[2 * i]! << 8) | samples[2 * i + 1]!,
                );
          expect(Array.from(reference.data)).toEqual(expected);
          for (const channels of [1, 3]) {
            const prep = { height, width, channels, scale: 1 / 255, invertLightBackground: false };
            const ours = imageFromPng(png, prep);
            expect(Array.from(ours)).toEqual(Array.from(referenceImage(reference, prep)));
          }
          cases++;
        }
      }
    }
    expect(cases).toBe(48);
  });

  it('takes only what it can decode: palettes, low bit depths and interlaced files go to fast-png', () => {
    expect(unfilterable({ depth: 8, colorType: 0, interlaced: false })).toBe(true);
    expect(unfilterable({ depth: 16, colorType: 6, interlaced: false })).toBe(true);
    expect(unfilterable({ depth: 8, colorType: 3, interlaced: false })).toBe(false);
    expect(unfilterable({ depth: 4, colorType: 0, interlaced: false })).toBe(false);
    expect(unfilterable({ depth: 8, colorType: 0, interlaced: true })).toBe(false);
    const palette = encode({
      width: 2,
      height: 1,
      data: new Uint8Array([0, 1]),
      depth: 8,
      channels: 1,
      palette: [
        [0, 0, 0],
        [255, 255, 255],
      ],
    });
    const prep = { height: 1, width: 2, channels: 1, scale: 1, invertLightBackground: false };
    expect(Array.from(imageFromPng(palette, prep))).toEqual([0, 255]);
  });

  it('refuses a row with an unknown filter type as a broken image', () => {
    const png = filteredPng(new Uint8Array(width * height), width, height, 0, 8, [0]);
    // Rewrite the IDAT with a filter byte of 5 in the first row.
    const raw = new Uint8Array(height * (width + 1));
    raw[0] = 5;
    const broken = Buffer.concat([
      png.subarray(0, 33),
      chunk('IDAT', deflateSync(raw)),
      chunk('IEND', new Uint8Array(0)),
    ]);
    const prep = { height, width, channels: 1, scale: 1, invertLightBackground: false };
    expect(() => imageFromPng(broken, prep)).toThrow(/unknown PNG filter type 5/);
  });
});

/**
 * fast-png's decoded samples prepared as imageFromPng prepares them (grayscale mean or RGB,
 * alpha over white paper, scaled): the reference the fast path must equal.
 */
function referenceImage(
  png: ReturnType<typeof decode>,
  prep: { height: number; width: number; channels: number; scale: number },
): Float32Array {
  const max = png.depth === 16 ? 65535 : 255;
  const stride = png.channels;
  const colour = stride === 2 || stride === 4 ? stride - 1 : stride;
  const out = new Float32Array(prep.height * prep.width * prep.channels);
  for (let p = 0; p < prep.height * prep.width; p++) {
    const alpha = colour === stride ? 1 : Number(png.data[p * stride + colour]) / max;
    const value = (c: number) =>
      (Number(png.data[p * stride + Math.min(c, colour - 1)]) / max) * alpha + (1 - alpha);
    if (prep.channels === 1) {
      let sum = 0;
      for (let c = 0; c < colour; c++) sum += value(c);
      out[p] = sum / colour;
    } else for (let c = 0; c < 3; c++) out[p * 3 + c] = value(colour === 1 ? 0 : c);
  }
  for (let i = 0; i < out.length; i++) out[i] = out[i]! * 255 * prep.scale;
  return out;
}
