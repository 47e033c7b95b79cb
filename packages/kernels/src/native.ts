// Loads the compiled addon (build/Release/qudao_kernels.node, or the file QUDAO_NATIVE_ADDON
// names: the sanitizer build). Never throws: a missing or broken addon is reported as a reason
// string.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** What the addon reports about itself. */
export interface NativeInfo {
  /** Build of the GEMM micro-kernel in use: 'avx2-fma' or 'generic'. */
  simd: string;
  /** Build of the other hot loops in use: 'x86-64-v3', 'avx2-fma' (GCC < 12) or 'generic'. */
  loops: string;
  threads: number;
}

/**
 * The functions the C++ addon exports (native/addon.cc, native/addon_fused.cc). Each checks
 * its arguments and throws a TypeError or RangeError ("<function>: <what is wrong>") instead
 * of running on sizes that do not match.
 */
export interface NativeAddon {
  info(): NativeInfo;
  setThreads(n: number): void;
  /** 1: the calling thread's parallel kernels run on the background pool (native/thread_pool.h). */
  setBackground(on: 0 | 1): void;
  conv2d(
    x: Float32Array,
    w: Float32Array,
    bias: Float32Array | null,
    y: Float32Array,
    params: Int32Array,
    act: number,
    alpha: number,
  ): void;
  conv2dBackpropInput(dy: Float32Array, w: Float32Array, dx: Float32Array, p: Int32Array): void;
  /**
   * A fused convolution block (native/conv_block.h): y = maxPool?(act(conv(x, w) + bias)) and,
   * unless mask is null, one byte per y element for the backward pass. params: the 15 conv
   * fields, activation (0 linear, 1 relu), pool (0 or 1), then the pool's filterHeight,
   * filterWidth, outHeight, outWidth, strideHeight, strideWidth, padTop, padLeft.
   */
  convBlock(
    x: Float32Array,
    w: Float32Array,
    bias: Float32Array | null,
    y: Float32Array,
    mask: Uint8Array | null,
    params: Int32Array,
  ): void;
  /** Its gradients; null outputs are not computed (the mask with a pool, y without one). */
  convBlockGrad(
    dy: Float32Array,
    x: Float32Array,
    w: Float32Array,
    y: Float32Array | null,
    mask: Uint8Array | null,
    dx: Float32Array | null,
    dw: Float32Array | null,
    db: Float32Array | null,
    params: Int32Array,
  ): void;
  conv2dBackpropFilter(x: Float32Array, dy: Float32Array, dw: Float32Array, p: Int32Array): void;
  matmul(
    a: Float32Array,
    b: Float32Array,
    out: Float32Array,
    bias: Float32Array | null,
    dims: Int32Array,
    act: number,
    alpha: number,
  ): void;
  maxPool(x: Float32Array, y: Float32Array, params: Int32Array): void;
  maxPoolGrad(dy: Float32Array, x: Float32Array, dx: Float32Array, params: Int32Array): void;
  avgPool(x: Float32Array, y: Float32Array, params: Int32Array): void;
  avgPoolGrad(dy: Float32Array, dx: Float32Array, params: Int32Array): void;
  binary(op: number, a: Float32Array, b: Float32Array, out: Float32Array, desc: Int32Array): void;
  unary(op: number, x: Float32Array, y: Float32Array, alpha: number): void;
  reduceSum(
    x: Float32Array,
    out: Float32Array,
    a: number,
    r: number,
    b: number,
    mean: boolean,
  ): void;
  softmax(x: Float32Array, y: Float32Array, rows: number, cols: number): void;
  /** dx = dy*y - sum_row(dy*y)*y over rows of `cols`. */
  softmaxGrad(
    dy: Float32Array,
    y: Float32Array,
    dx: Float32Array,
    rows: number,
    cols: number,
  ): void;
  /** Strided copy: p = [d0, d1, d2, d3, s0, s1, s2, s3] (see native/kernels.h). */
  transpose(x: Float32Array, y: Float32Array, p: Int32Array): void;
  /** One Adam step in place on w, m, v (see native/kernels.h). */
  adam(
    w: Float32Array,
    m: Float32Array,
    v: Float32Array,
    g: Float32Array,
    lr: number,
    beta1: number,
    beta2: number,
    oneMinusBeta1: number,
    oneMinusBeta2: number,
    c1: number,
    c2: number,
    epsilon: number,
  ): void;
  /** Layer normalisation over rows of `cols` (see native/kernels.h). */
  layerNorm(
    x: Float32Array,
    gamma: Float32Array,
    beta: Float32Array,
    y: Float32Array,
    rows: number,
    cols: number,
    epsilon: number,
  ): void;
  layerNormGrad(
    dy: Float32Array,
    x: Float32Array,
    gamma: Float32Array,
    dx: Float32Array,
    dgamma: Float32Array,
    dbeta: Float32Array,
    rows: number,
    cols: number,
    epsilon: number,
  ): void;
  gelu(x: Float32Array, y: Float32Array): void;
  geluGrad(dy: Float32Array, x: Float32Array, dx: Float32Array): void;
  /** y = x * (kept ? scale : 0), kept hashed from (seed, index) as in `dropoutMask`. */
  dropout(x: Float32Array, y: Float32Array, rate: number, seed: number, scale: number): void;
  /**
   * Multi-head attention; dims = [batch, time, heads, headDim, rowStride] (see
   * native/kernels.h); `causal`: query i sees keys 0..i only.
   */
  attention(
    q: Float32Array,
    k: Float32Array,
    v: Float32Array,
    mask: Float32Array | null,
    probs: Float32Array,
    out: Float32Array,
    dims: Int32Array,
    scale: number,
    rate: number,
    seed: number,
    keepScale: number,
    causal?: boolean,
  ): void;
  attentionGrad(
    dout: Float32Array,
    q: Float32Array,
    k: Float32Array,
    v: Float32Array,
    probs: Float32Array,
    dq: Float32Array,
    dk: Float32Array,
    dv: Float32Array,
    dims: Int32Array,
    scale: number,
    rate: number,
    seed: number,
    keepScale: number,
    causal?: boolean,
  ): void;
  /**
   * Attention of new rows against a key/value cache (see native/kernels.h): writes each row's
   * key and value at (slots[r], positions[r]), then attends to positions 0..positions[r].
   * dims = [rows, heads, headDim, maxTime, slots]; rotaryBase 0 for none.
   */
  cachedAttention(
    qkv: Float32Array,
    kCache: Float32Array,
    vCache: Float32Array,
    slots: Int32Array,
    positions: Int32Array,
    out: Float32Array,
    dims: Int32Array,
    scale: number,
    rotaryBase: number,
  ): void;
  /** Per-row softmax cross-entropy (nats) and, unless grad is null, (softmax − onehot)·scale. */
  softmaxCrossEntropy(
    logits: Float32Array,
    labels: Int32Array,
    loss: Float32Array,
    grad: Float32Array | null,
    rows: number,
    classes: number,
    gradScale: number,
  ): void;
}

export type LoadResult = { ok: true; addon: NativeAddon } | { ok: false; reason: string };

/** The addon's file: QUDAO_NATIVE_ADDON when set (scripts/test-sanitize.sh), else the build's. */
export const addonPath =
  process.env.QUDAO_NATIVE_ADDON ||
  join(dirname(fileURLToPath(import.meta.url)), '..', 'build', 'Release', 'qudao_kernels.node');

let loaded: LoadResult | undefined;

export function loadAddon(): LoadResult {
  if (loaded) return loaded;
  if (!existsSync(addonPath)) {
    loaded = {
      ok: false,
      reason:
        `native addon not built (${addonPath} is missing); ` +
        'run `npm run install --workspace=@qudao/kernels` with a C++17 compiler available',
    };
    return loaded;
  }
  try {
    const require = createRequire(import.meta.url);
    const addon = require(addonPath) as NativeAddon;
    addon.info();
    loaded = { ok: true, addon };
  } catch (err) {
    loaded = { ok: false, reason: `native addon failed to load: ${(err as Error).message}` };
  }
  return loaded;
}
