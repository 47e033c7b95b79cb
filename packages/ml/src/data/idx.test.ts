import { describe, expect, it } from 'vitest';
import { MlError } from '../errors.ts';
import { encodeIdx, parseIdx } from './idx.ts';
import { loadBuiltinMnist } from './mnist.ts';

describe('parseIdx', () => {
  it('reads a uint8 tensor with its shape', () => {
    const data = Uint8Array.from({ length: 2 * 3 * 4 }, (_, i) => i);
    const parsed = parseIdx(encodeIdx({ shape: [2, 3, 4], data }));
    expect(parsed.dtype).toBe('uint8');
    expect(parsed.shape).toEqual([2, 3, 4]);
    expect(Array.from(parsed.data)).toEqual(Array.from(data));
  });

  it('reads big-endian int32 data', () => {
    const bytes = Uint8Array.from([0, 0, 0x0c, 1, 0, 0, 0, 2, 0, 0, 1, 0, 0xff, 0xff, 0xff, 0xfe]);
    const parsed = parseIdx(bytes);
    expect(parsed.dtype).toBe('int32');
    expect(Array.from(parsed.data)).toEqual([256, -2]);
  });

  it.each([
    ['empty', new Uint8Array(0), /too short/],
    ['bad magic', Uint8Array.from([1, 0, 8, 1, 0, 0, 0, 0]), /magic number/],
    ['unknown type', Uint8Array.from([0, 0, 0x42, 1, 0, 0, 0, 0]), /unknown IDX data type/],
    ['truncated header', Uint8Array.from([0, 0, 8, 3, 0, 0, 0, 2]), /truncated inside its header/],
    ['truncated data', Uint8Array.from([0, 0, 8, 1, 0, 0, 0, 5, 1, 2]), /truncated/],
    ['trailing bytes', Uint8Array.from([0, 0, 8, 1, 0, 0, 0, 1, 1, 2]), /trailing bytes/],
  ])('rejects a corrupt file: %s', (_name, bytes, message) => {
    expect(() => parseIdx(bytes)).toThrow(MlError);
    expect(() => parseIdx(bytes)).toThrow(message);
  });

  it('reads the built-in MNIST test set: 10,000 28x28 images, ten classes', async () => {
    const mnist = await loadBuiltinMnist();
    expect(mnist.labels.length).toBe(10_000);
    expect(mnist.images.length).toBe(10_000 * 28 * 28);
    expect(mnist.shape).toEqual([28, 28, 1]);
    expect(mnist.classes).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    // The first test image of MNIST is a 7.
    expect(mnist.labels[0]).toBe(7);
  });
});
