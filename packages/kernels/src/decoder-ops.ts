// The few operations a decoder step needs, on plain Float32Arrays: native calls when the addon
// is loaded, the same maths in TypeScript otherwise (the reference the native path is tested
// against, and what runs on a machine without a compiler).
import { loadAddon, type NativeAddon } from './native.ts';

/** Row-major operations of one decoder step. */
export interface DecoderOps {
  readonly native: boolean;
  /** y = layerNorm(x) over rows of `cols` (population variance). */
  layerNorm(
    x: Float32Array,
    g: Float32Array,
    b: Float32Array,
    y: Float32Array,
    rows: number,
    cols: number,
    eps: number,
  ): void;
  /** out [M, N] = a [M, K] · b [K, N] + bias. */
  matmul(
    a: Float32Array,
    b: Float32Array,
    out: Float32Array,
    bias: Float32Array | null,
    M: number,
    N: number,
    K: number,
  ): void;
  gelu(x: Float32Array, y: Float32Array): void;
  /** y = softmax of each row of `cols` of x (the next-token probabilities of a decode step). */
  softmax(x: Float32Array, y: Float32Array, rows: number, cols: number): void;
  /** See native/kernels.h `cached_attention`. */
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
}

function nativeOps(addon: NativeAddon): DecoderOps {
  const dims = new Int32Array([1, 1, 1, 0, 0, 0, 0, 0]);
  return {
    native: true,
    layerNorm: (x, g, b, y, rows, cols, eps) => addon.layerNorm(x, g, b, y, rows, cols, eps),
    matmul(a, b, out, bias, M, N, K) {
      dims[3] = M;
      dims[4] = N;
      dims[5] = K;
      addon.matmul(a, b, out, bias, dims, 0, 0);
    },
    gelu: (x, y) => addon.gelu(x, y),
    softmax: (x, y, rows, cols) => addon.softmax(x, y, rows, cols),
    cachedAttention: (...args) => addon.cachedAttention(...args),
  };
}

/** Rotary embedding of one head (GPT-NeoX rotate-half), as native/decoder.cc. */
export function rotateHead(x: Float32Array, at: number, dim: number, pos: number, base: number) {
  const half = dim / 2;
  for (let i = 0; i < half; i++) {
    const angle = pos * base ** ((-2 * i) / dim);
    const c = Math.fround(Math.cos(angle));
    const s = Math.fround(Math.sin(angle));
    const a = x[at + i]!;
    const b = x[at + i + half]!;
    x[at + i] = a * c - b * s;
    x[at + i + half] = b * c + a * s;
  }
}

const ERFC_COEFFICIENTS = [
  -1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806, 0.27886807, -1.13520398, 1.48851587,
  -0.82215223, 0.17087277,
];

/** erf(x) by Numerical Recipes' erfc fit (Chebyshev, relative error below 1.2e-7). */
function erf(x: number): number {
  const t = 1 / (1 + 0.5 * Math.abs(x));
  let poly = 0;
  for (let i = ERFC_COEFFICIENTS.length - 1; i >= 0; i--) poly = poly * t + ERFC_COEFFICIENTS[i]!;
  const y = 1 - t * Math.exp(-x * x + poly);
  return x >= 0 ? y : -y;
}

export const typescriptOps: DecoderOps = {
  native: false,
  layerNorm(x, g, b, y, rows, cols, eps) {
    for (let r = 0; r < rows; r++) {
      const at = r * cols;
      let mean = 0;
      for (let c = 0; c < cols; c++) mean += x[at + c]!;
      mean /= cols;
      let v = 0;
      for (let c = 0; c < cols; c++) v += (x[at + c]! - mean) ** 2;
      const inv = 1 / Math.sqrt(v / cols + eps);
      for (let c = 0; c < cols; c++) y[at + c] = (x[at + c]! - mean) * inv * g[c]! + b[c]!;
    }
  },
  matmul(a, b, out, bias, M, N, K) {
    for (let i = 0; i < M; i++) {
      const o = i * N;
      for (let j = 0; j < N; j++) out[o + j] = bias ? bias[j]! : 0;
      for (let k = 0; k < K; k++) {
        const av = a[i * K + k]!;
        if (av === 0) continue;
        const row = k * N;
        for (let j = 0; j < N; j++) out[o + j] += av * b[row + j]!;
      }
    }
  },
  gelu(x, y) {
    for (let i = 0; i < x.length; i++) y[i] = 0.5 * x[i]! * (1 + erf(x[i]! / Math.SQRT2));
  },
  softmax(x, y, rows, cols) {
    for (let r = 0; r < rows; r++) {
      const at = r * cols;
      let max = Number.NEGATIVE_INFINITY;
      for (let c = 0; c < cols; c++) if (x[at + c]! > max) max = x[at + c]!;
      let sum = 0;
      for (let c = 0; c < cols; c++) {
        y[at + c] = Math.exp(x[at + c]! - max);
        sum += y[at + c]!;
      }
      for (let c = 0; c < cols; c++) y[at + c] = y[at + c]! / sum;
    }
  },
  cachedAttention(qkv, kc, vc, slots, positions, out, dims, scale, rotaryBase) {
    const [R, H, D, maxT] = dims as unknown as [number, number, number, number];
    const W = H * D;
    for (let r = 0; r < R; r++) {
      const row = r * 3 * W;
      if (rotaryBase > 0) {
        for (let h = 0; h < H; h++) {
          rotateHead(qkv, row + h * D, D, positions[r]!, rotaryBase);
          rotateHead(qkv, row + W + h * D, D, positions[r]!, rotaryBase);
        }
      }
      const at = (slots[r]! * maxT + positions[r]!) * W;
      kc.set(qkv.subarray(row + W, row + 2 * W), at);
      vc.set(qkv.subarray(row + 2 * W, row + 3 * W), at);
    }
    const s = new Float64Array(maxT);
    for (let r = 0; r < R; r++) {
      const n = positions[r]! + 1;
      const base = slots[r]! * maxT * W;
      for (let h = 0; h < H; h++) {
        const q = r * 3 * W + h * D;
        let max = Number.NEGATIVE_INFINITY;
        for (let j = 0; j < n; j++) {
          let dot = 0;
          const k = base + j * W + h * D;
          for (let d = 0; d < D; d++) dot += qkv[q + d]! * kc[k + d]!;
          s[j] = dot * scale;
          if (s[j]! > max) max = s[j]!;
        }
        let sum = 0;
        for (let j = 0; j < n; j++) {
          s[j] = Math.exp(s[j]! - max);
          sum += s[j]!;
        }
        const o = r * W + h * D;
        for (let d = 0; d < D; d++) out[o + d] = 0;
        for (let j = 0; j < n; j++) {
          const w = s[j]! / sum;
          const v = base + j * W + h * D;
          for (let d = 0; d < D; d++) out[o + d] += w * vc[v + d]!;
        }
      }
    }
  },
};

/** The native operations when the addon loads (and `prefer` is not 'typescript'), else ours. */
export function decoderOps(prefer: 'native' | 'typescript' = 'native'): DecoderOps {
  const loaded = loadAddon();
  return prefer === 'native' && loaded.ok ? nativeOps(loaded.addon) : typescriptOps;
}
