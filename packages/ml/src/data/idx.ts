/**
 * Parser for the IDX format of the MNIST family (http://yann.lecun.com/exdb/mnist/):
 * a magic number (two zero bytes, a type code, the number of dimensions), the
 * dimensions as big-endian uint32, then the data in row-major order.
 */

export type IdxDataType = 'uint8' | 'int8' | 'int16' | 'int32' | 'float32' | 'float64';

import { MlError } from '../errors.ts';

export interface IdxTensor {
  dtype: IdxDataType;
  shape: number[];
  data: Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;
}

const TYPES: Record<number, { dtype: IdxDataType; bytes: number }> = {
  8: { dtype: 'uint8', bytes: 1 },
  9: { dtype: 'int8', bytes: 1 },
  11: { dtype: 'int16', bytes: 2 },
  12: { dtype: 'int32', bytes: 4 },
  13: { dtype: 'float32', bytes: 4 },
  14: { dtype: 'float64', bytes: 8 },
};

/** Parses an IDX file held in memory. Throws an `MlError` (`bad_idx`) with a sentence saying what is wrong. */
export function parseIdx(buffer: Uint8Array, name = 'IDX file'): IdxTensor {
  if (buffer.byteLength < 4) {
    throw new MlError(
      'bad_idx',
      `${name} is ${buffer.byteLength} bytes long: too short for an IDX header`,
    );
  }
  const view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  if (view.getUint8(0) !== 0 || view.getUint8(1) !== 0) {
    throw new MlError(
      'bad_idx',
      `${name} does not start with the IDX magic number (two zero bytes)`,
    );
  }
  const type = TYPES[view.getUint8(2)];
  if (!type) {
    throw new MlError(
      'bad_idx',
      `${name} has unknown IDX data type 0x${view.getUint8(2).toString(16)}`,
    );
  }
  const rank = view.getUint8(3);
  if (rank === 0 || rank > 8) {
    throw new MlError('bad_idx', `${name} declares ${rank} dimensions; expected 1 to 8`);
  }
  const headerBytes = 4 + 4 * rank;
  if (buffer.byteLength < headerBytes) {
    throw new MlError('bad_idx', `${name} is truncated inside its header`);
  }
  const shape: number[] = [];
  for (let i = 0; i < rank; i++) shape.push(view.getUint32(4 + 4 * i, false));
  const count = shape.reduce((a, b) => a * b, 1);
  const expected = headerBytes + count * type.bytes;
  if (buffer.byteLength < expected) {
    throw new MlError(
      'bad_idx',
      `${name} is truncated: its header declares shape [${shape.join(', ')}] (${expected} bytes) but the file has ${buffer.byteLength} bytes`,
    );
  }
  if (buffer.byteLength > expected) {
    throw new MlError(
      'bad_idx',
      `${name} has ${buffer.byteLength - expected} trailing bytes after the data its header declares`,
    );
  }
  return { dtype: type.dtype, shape, data: readData(view, headerBytes, count, type.dtype) };
}

function readData(view: DataView, offset: number, count: number, dtype: IdxDataType) {
  switch (dtype) {
    case 'uint8':
      return new Uint8Array(
        view.buffer.slice(view.byteOffset + offset, view.byteOffset + offset + count),
      );
    case 'int8':
      return new Int8Array(
        view.buffer.slice(view.byteOffset + offset, view.byteOffset + offset + count),
      );
    case 'int16': {
      const out = new Int16Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt16(offset + 2 * i, false);
      return out;
    }
    case 'int32': {
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt32(offset + 4 * i, false);
      return out;
    }
    case 'float32': {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat32(offset + 4 * i, false);
      return out;
    }
    case 'float64': {
      const out = new Float64Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat64(offset + 8 * i, false);
      return out;
    }
  }
}

/** Encodes a tensor as IDX (used by tests and exports). */
export function encodeIdx(tensor: { shape: number[]; data: Uint8Array }): Uint8Array {
  const header = new Uint8Array(4 + 4 * tensor.shape.length);
  const view = new DataView(header.buffer);
  view.setUint8(2, 0x08);
  view.setUint8(3, tensor.shape.length);
  for (const [i, d] of tensor.shape.entries()) view.setUint32(4 + 4 * i, d, false);
  const out = new Uint8Array(header.length + tensor.data.length);
  out.set(header, 0);
  out.set(tensor.data, header.length);
  return out;
}
