import { constants, crc32, deflateRawSync } from 'node:zlib';

/** A PNG chunk: length, type, data, CRC over type and data. */
function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

const MIB = 1 << 20;
/** 1 MiB of zeros, deflated and fully flushed: self-contained and byte-aligned, so it repeats. */
const ZERO_SEGMENT = deflateRawSync(Buffer.alloc(MIB), {
  level: 9,
  finishFlush: constants.Z_FULL_FLUSH,
});

/** A zlib stream of `bytes` zeros, built from repeated segments (fast at any size). */
function zerosZlib(bytes: number): Buffer {
  const whole = Math.floor(bytes / MIB);
  const rest = deflateRawSync(Buffer.alloc(bytes - whole * MIB), { level: 9 });
  const adler = Buffer.alloc(4);
  // Adler-32 of n zero bytes: a = 1, b = n mod 65521.
  adler.writeUInt32BE((((bytes % 65521) << 16) | 1) >>> 0, 0);
  return Buffer.concat([
    Buffer.from([0x78, 0xda]),
    ...Array(whole).fill(ZERO_SEGMENT),
    rest,
    adler,
  ]);
}

/**
 * A grayscale 8-bit PNG declaring `width x height` whose data inflates to `rawBytes` zeros
 * (default: exactly the declared image, a valid all-black picture). 60000x60000 is 3.5 MB on
 * disk and 3.6 GB inflated: the decompression bomb of issue #11.
 */
export function pngBomb(width: number, height: number, rawBytes = height * (width + 1)): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // grayscale
  const data = zerosZlib(rawBytes);
  const idat: Buffer[] = [];
  for (let at = 0; at < data.length; at += MIB)
    idat.push(chunk('IDAT', data.subarray(at, at + MIB)));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    ...idat,
    chunk('IEND', new Uint8Array(0)),
  ]);
}
