// Kernels that the stock WASM backend lacks but training our templates needs, written in
// TypeScript on the backend's own tensor storage. Registered once, by `registerWasmKernels`.
import * as tf from '@tensorflow/tfjs';

/** The slice of BackendWasm these kernels use (the package does not export its class type). */
interface WasmStorage {
  readSync(dataId: object): tf.backend_util.BackendValues;
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): tf.backend_util.TypedArray;
}

interface Conv2DBackpropFilterAttrs {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  filterShape: [number, number, number, number];
}

/**
 * dW[kh, kw, ci, co] = Σ over batch and output pixels of x[b, oh·s + kh − pad, ow·s + kw − pad, ci]
 * · dy[b, oh, ow, co]: for each filter tap, one outer product of an input pixel's channels with
 * an output pixel's gradient, so the inner loop runs over contiguous memory. NHWC, dilation 1
 * (tfjs's conv2d gradient refuses other dilations).
 */
function conv2DBackpropFilter({
  inputs,
  backend,
  attrs,
}: {
  inputs: tf.NamedTensorInfoMap;
  backend: unknown;
  attrs?: tf.NamedAttrMap;
}): tf.TensorInfo {
  const storage = backend as WasmStorage;
  const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const a = attrs as unknown as Conv2DBackpropFilterAttrs;
  if (a.dataFormat === 'NCHW') throw new Error('Conv2DBackpropFilter on wasm supports NHWC only');
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    a.filterShape,
    a.strides,
    1,
    a.pad,
    a.dimRoundingMode,
    false,
    'channelsLast',
  );
  const xs = storage.readSync(x.dataId) as Float32Array;
  const dys = storage.readSync(dy.dataId) as Float32Array;
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = info;
  const { filterHeight, filterWidth, strideHeight, strideWidth } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const dw = new Float32Array(filterHeight * filterWidth * inChannels * outChannels);
  for (let kh = 0; kh < filterHeight; kh++) {
    for (let kw = 0; kw < filterWidth; kw++) {
      const tap = (kh * filterWidth + kw) * inChannels * outChannels;
      for (let b = 0; b < batchSize; b++) {
        for (let oh = 0; oh < outHeight; oh++) {
          const ih = oh * strideHeight + kh - top;
          if (ih < 0 || ih >= inHeight) continue;
          for (let ow = 0; ow < outWidth; ow++) {
            const iw = ow * strideWidth + kw - left;
            if (iw < 0 || iw >= inWidth) continue;
            const xRow = ((b * inHeight + ih) * inWidth + iw) * inChannels;
            const dyRow = ((b * outHeight + oh) * outWidth + ow) * outChannels;
            for (let ci = 0; ci < inChannels; ci++) {
              const xv = xs[xRow + ci]!;
              if (xv === 0) continue;
              const row = tap + ci * outChannels;
              for (let co = 0; co < outChannels; co++) dw[row + co]! += xv * dys[dyRow + co]!;
            }
          }
        }
      }
    }
  }
  const out = storage.makeOutput([...a.filterShape], 'float32');
  (storage.typedArrayFromHeap(out) as Float32Array).set(dw);
  return out;
}

/** The kernels added to 'wasm' (what the cnn and text templates need to train). */
export const WASM_KERNELS = ['Conv2DBackpropFilter'];

let registered = false;

/** Adds our kernels to the 'wasm' backend (idempotent); the names of those it added. */
export function registerWasmKernels(): string[] {
  if (registered) return [];
  registered = true;
  const added: string[] = [];
  const existing = new Set(tf.getKernelsForBackend('wasm').map((k) => k.kernelName));
  const kernels: tf.KernelConfig[] = [
    {
      kernelName: tf.Conv2DBackpropFilter,
      backendName: 'wasm',
      kernelFunc: conv2DBackpropFilter as unknown as tf.KernelFunc,
    },
  ];
  for (const kernel of kernels) {
    if (existing.has(kernel.kernelName)) continue;
    tf.registerKernel(kernel);
    added.push(kernel.kernelName);
  }
  return added;
}
