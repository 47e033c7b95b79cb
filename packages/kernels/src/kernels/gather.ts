// GatherV2 (embedding lookups) and comparisons that make masks (dropout's GreaterEqual), as
// typed-array loops: the stock kernels index every element through a generic TensorBuffer.
import type { TensorInfo } from '@tensorflow/tfjs-core';
import type { NativeAddon } from '../native.ts';
import { alloc, type KernelArgs, output, sizeOf } from './util.ts';

type Native = (a: KernelArgs, n: NativeAddon) => TensorInfo | null;

/** Rows of a float32 table at int32 ids (axis 0, batchDims 0); null otherwise. */
const gatherV2: Native = ({ inputs, backend, attrs }) => {
  const { x, indices } = inputs;
  if (!x || !indices || x.dtype !== 'float32' || indices.dtype !== 'int32') return null;
  if (Number(attrs?.batchDims ?? 0) !== 0 || x.shape.length === 0) return null;
  const axis = Number(attrs?.axis ?? 0);
  if (axis !== 0 && axis !== -x.shape.length) return null;
  const table = backend.data.get(x.dataId)?.values;
  const ids = backend.data.get(indices.dataId)?.values;
  if (!(table instanceof Float32Array) || !(ids instanceof Int32Array)) return null;
  const rows = x.shape[0];
  const width = sizeOf(x.shape.slice(1));
  // Out-of-range ids: the stock kernel reports them.
  for (let i = 0; i < ids.length; i++) if (ids[i] < 0 || ids[i] >= rows) return null;
  const out = alloc(backend, ids.length * width);
  for (let i = 0; i < ids.length; i++) {
    const src = ids[i] * width;
    out.set(table.subarray(src, src + width), i * width);
  }
  return output(backend, [...indices.shape, ...x.shape.slice(1)], out);
};

/** a >= b etc. on float32 with b a scalar or of a's shape, as a bool (Uint8Array) tensor. */
function compare(op: 'ge' | 'gt' | 'le' | 'lt'): Native {
  return ({ inputs, backend }) => {
    const { a, b } = inputs;
    if (!a || !b || a.dtype !== 'float32' || b.dtype !== 'float32') return null;
    const av = backend.data.get(a.dataId)?.values;
    const bv = backend.data.get(b.dataId)?.values;
    if (!(av instanceof Float32Array) || !(bv instanceof Float32Array)) return null;
    const n = av.length;
    const out = new Uint8Array(n);
    // One monomorphic loop per case: a shared comparison callback runs several times slower.
    if (bv.length === 1 && a.shape.length >= b.shape.length) {
      const v = bv[0];
      if (op === 'ge') for (let i = 0; i < n; i++) out[i] = av[i] >= v ? 1 : 0;
      else if (op === 'gt') for (let i = 0; i < n; i++) out[i] = av[i] > v ? 1 : 0;
      else if (op === 'le') for (let i = 0; i < n; i++) out[i] = av[i] <= v ? 1 : 0;
      else for (let i = 0; i < n; i++) out[i] = av[i] < v ? 1 : 0;
    } else if (a.shape.join() === b.shape.join()) {
      if (op === 'ge') for (let i = 0; i < n; i++) out[i] = av[i] >= bv[i] ? 1 : 0;
      else if (op === 'gt') for (let i = 0; i < n; i++) out[i] = av[i] > bv[i] ? 1 : 0;
      else if (op === 'le') for (let i = 0; i < n; i++) out[i] = av[i] <= bv[i] ? 1 : 0;
      else for (let i = 0; i < n; i++) out[i] = av[i] < bv[i] ? 1 : 0;
    } else {
      return null;
    }
    return backend.makeTensorInfo([...a.shape], 'bool', out);
  };
}

export const gatherKernels: Record<string, Native> = {
  GatherV2: gatherV2,
  GreaterEqual: compare('ge'),
  Greater: compare('gt'),
  LessEqual: compare('le'),
  Less: compare('lt'),
};
