// Convolutions as im2col + GEMM over row chunks that stay in cache.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "conv_internal.h"
#include "gemm.h"
#include "kernels.h"
#include "thread_pool.h"
#include "vmath.h"

namespace qk {

int64_t rows_per_chunk(int64_t K, int64_t target_floats, int64_t lo, int64_t hi) {
  int64_t r = target_floats / std::max<int64_t>(K, 1);
  r = std::max(lo, std::min(hi, r));
  return std::max<int64_t>(kMR, r / kMR * kMR);
}

namespace {

// im2col for one input channel: per output-row segment and filter tap, a strided copy with the
// zero-padded ends computed up front, so the inner loops have no branches.
void im2col_c1(const float* x, const ConvParams& p, int64_t m0, int64_t rows, float* col) {
  const int K = p.KH * p.KW;
  const int64_t ohw = static_cast<int64_t>(p.OH) * p.OW;
  int64_t m = m0;
  const int64_t mend = m0 + rows;
  while (m < mend) {
    const int64_t n = m / ohw;
    const int oh = static_cast<int>((m % ohw) / p.OW);
    const int ow0 = static_cast<int>(m % p.OW);
    const int ow1 = static_cast<int>(std::min<int64_t>(p.OW, ow0 + (mend - m)));
    float* base = col + (m - m0) * K;
    const float* xn = x + n * p.H * p.W;
    for (int kh = 0; kh < p.KH; ++kh) {
      const int ih = oh * p.sh - p.pt + kh * p.dh;
      for (int kw = 0; kw < p.KW; ++kw) {
        float* dst = base + kh * p.KW + kw;
        const int off = kw * p.dw - p.pl;  // iw = ow * sw + off
        if (ih < 0 || ih >= p.H) {
          for (int ow = ow0; ow < ow1; ++ow) dst[(ow - ow0) * K] = 0.f;
          continue;
        }
        // valid ow: 0 <= ow * sw + off < W
        int lo = off >= 0 ? 0 : (-off + p.sw - 1) / p.sw;
        int hi = p.W - 1 - off < 0 ? -1 : (p.W - 1 - off) / p.sw;  // inclusive
        lo = std::max(lo, ow0);
        hi = std::min(hi, ow1 - 1);
        const float* xrow = xn + static_cast<int64_t>(ih) * p.W + off;
        int ow = ow0;
        for (; ow < std::min(lo, ow1); ++ow) dst[(ow - ow0) * K] = 0.f;
        for (; ow <= hi; ++ow) dst[(ow - ow0) * K] = xrow[ow * p.sw];
        for (; ow < ow1; ++ow) dst[(ow - ow0) * K] = 0.f;
      }
    }
    m += ow1 - ow0;
  }
}

}  // namespace

// col[r, (kh*KW + kw)*C + c] = x[n, oh*sh - pt + kh*dh, ow*sw - pl + kw*dw, c] (0 outside)
void im2col(const float* x, const ConvParams& p, int64_t m0, int64_t rows, float* col) {
  if (p.C == 1) {
    im2col_c1(x, p, m0, rows, col);
    return;
  }
  const int64_t K = static_cast<int64_t>(p.KH) * p.KW * p.C;
  const int64_t ohw = static_cast<int64_t>(p.OH) * p.OW;
  int64_t n = m0 / ohw;
  int64_t rem = m0 % ohw;
  int oh = static_cast<int>(rem / p.OW);
  int ow = static_cast<int>(rem % p.OW);
  const size_t cbytes = sizeof(float) * p.C;
  const int span = p.KW * p.C;  // floats of one filter row when dw == 1
  for (int64_t r = 0; r < rows; ++r) {
    float* dst = col + r * K;
    const float* xn = x + n * p.H * p.W * p.C;
    const int ih0 = oh * p.sh - p.pt;
    const int iw0 = ow * p.sw - p.pl;
    const bool inside = ih0 >= 0 && ih0 + (p.KH - 1) * p.dh < p.H && iw0 >= 0 &&
                        iw0 + (p.KW - 1) * p.dw < p.W;
    if (inside && p.dw == 1) {
      // The whole window is in the image: each filter row is one contiguous run.
      const float* src = xn + (static_cast<int64_t>(ih0) * p.W + iw0) * p.C;
      const int64_t row_step = static_cast<int64_t>(p.dh) * p.W * p.C;
      for (int kh = 0; kh < p.KH; ++kh, src += row_step, dst += span) {
        if (span <= 16) {
          for (int i = 0; i < span; ++i) dst[i] = src[i];
        } else {
          std::memcpy(dst, src, sizeof(float) * span);
        }
      }
    } else {
    for (int kh = 0; kh < p.KH; ++kh) {
      const int ih = ih0 + kh * p.dh;
      if (ih < 0 || ih >= p.H) {
        std::memset(dst, 0, cbytes * p.KW);
        dst += p.KW * p.C;
        continue;
      }
      const float* xrow = xn + static_cast<int64_t>(ih) * p.W * p.C;
      for (int kw = 0; kw < p.KW; ++kw) {
        const int iw = iw0 + kw * p.dw;
        if (iw < 0 || iw >= p.W) {
          std::memset(dst, 0, cbytes);
        } else if (p.C == 1) {
          *dst = xrow[iw];
        } else {
          std::memcpy(dst, xrow + static_cast<int64_t>(iw) * p.C, cbytes);
        }
        dst += p.C;
      }
    }
    }
    if (++ow == p.OW) {
      ow = 0;
      if (++oh == p.OH) {
        oh = 0;
        ++n;
      }
    }
  }
}

// dx[n, ih, iw, c] += dcol[r, (kh*KW + kw)*C + c], the adjoint of im2col.
void col2im_add(const float* dcol, const ConvParams& p, int64_t m0, int64_t rows, float* dx) {
  const int64_t K = static_cast<int64_t>(p.KH) * p.KW * p.C;
  const int64_t ohw = static_cast<int64_t>(p.OH) * p.OW;
  int64_t n = m0 / ohw;
  int64_t rem = m0 % ohw;
  int oh = static_cast<int>(rem / p.OW);
  int ow = static_cast<int>(rem % p.OW);
  for (int64_t r = 0; r < rows; ++r) {
    const float* src = dcol + r * K;
    float* dxn = dx + n * p.H * p.W * p.C;
    const int ih0 = oh * p.sh - p.pt;
    const int iw0 = ow * p.sw - p.pl;
    for (int kh = 0; kh < p.KH; ++kh) {
      const int ih = ih0 + kh * p.dh;
      if (ih < 0 || ih >= p.H) {
        src += p.KW * p.C;
        continue;
      }
      float* dxrow = dxn + static_cast<int64_t>(ih) * p.W * p.C;
      for (int kw = 0; kw < p.KW; ++kw) {
        const int iw = iw0 + kw * p.dw;
        if (iw >= 0 && iw < p.W) {
          float* d = dxrow + static_cast<int64_t>(iw) * p.C;
          for (int c = 0; c < p.C; ++c) d[c] += src[c];
        }
        src += p.C;
      }
    }
    if (++ow == p.OW) {
      ow = 0;
      if (++oh == p.OH) {
        oh = 0;
        ++n;
      }
    }
  }
}

bool is_pointwise(const ConvParams& p) {
  return p.KH == 1 && p.KW == 1 && p.sh == 1 && p.sw == 1 && p.pt == 0 && p.pl == 0 &&
         p.OH == p.H && p.OW == p.W;
}

namespace {

QK_SIMD_BODY void bias_act_rows(float* y, int64_t r0, int64_t r1, int cols, const float* bias,
                                int act, float alpha) {
  for (int64_t r = r0; r < r1; ++r) {
    float* v = y + r * cols;
    if (bias)
      for (int j = 0; j < cols; ++j) v[j] += bias[j];
    switch (act) {
      case kActRelu:
        for (int j = 0; j < cols; ++j) v[j] = v[j] < 0.f ? 0.f : v[j];
        break;
      case kActRelu6:
        for (int j = 0; j < cols; ++j) v[j] = v[j] < 0.f ? 0.f : (v[j] > 6.f ? 6.f : v[j]);
        break;
      case kActLeakyRelu:
        for (int j = 0; j < cols; ++j) v[j] = v[j] < 0.f ? alpha * v[j] : v[j];
        break;
      case kActSigmoid:
        for (int j = 0; j < cols; ++j) v[j] = 1.f / (1.f + std::exp(-v[j]));
        break;
      case kActElu:
        for (int j = 0; j < cols; ++j) v[j] = v[j] >= 0.f ? v[j] : std::expm1(v[j]);
        break;
      default:
        break;
    }
  }
}

}  // namespace

void apply_bias_act(float* y, int64_t rows, int cols, const float* bias, int act, float alpha) {
  if (!bias && act == kActLinear) return;
  const int64_t total = rows * cols;
  const int64_t tasks = std::max<int64_t>(1, std::min<int64_t>(rows, total >> 15));
  parallel_for(tasks, [&](int64_t t, int) {
    simd_call<bias_act_rows>(y, rows * t / tasks, rows * (t + 1) / tasks, cols, bias, act, alpha);
  });
}

void conv2d(const float* x, const float* w, const float* bias, int act, float alpha, float* y,
            const ConvParams& p) {
  const int64_t K = static_cast<int64_t>(p.KH) * p.KW * p.C;
  const int64_t M = static_cast<int64_t>(p.N) * p.OH * p.OW;
  const int O = p.O;
  if (M == 0 || O == 0) return;
  // With few rows (one image of a small feature map) the filter is read in place: packing it
  // would cost more than the products (gemm.h's b_direct_ok).
  BPanels wpanels{w, O, true};
  if (!b_direct_ok(MatRef{w, O, 1}, static_cast<int>(std::min<int64_t>(M, 1 << 30)), O)) {
    float* wp = scratch(2, packed_b_floats(static_cast<int>(K), O));
    pack_b(static_cast<int>(K), O, MatRef{w, O, 1}, wp);
    wpanels = packed_panels(wp, O);
  }
  const bool pointwise = is_pointwise(p);
  const int64_t R = rows_per_chunk(K, 24 * 1024, 48, 512);
  const int64_t chunks = (M + R - 1) / R;
  parallel_for_work(chunks, 2.0 * M * K * O, [&](int64_t t, int) {
    const int64_t m0 = t * R;
    const int64_t rows = std::min(R, M - m0);
    const float* a = x + m0 * K;
    if (!pointwise) {
      float* col = scratch(3, static_cast<size_t>(R * K));
      im2col(x, p, m0, rows, col);
      a = col;
    }
    float* out = y + m0 * O;
    gemm_panels(static_cast<int>(rows), O, static_cast<int>(K), MatRef{a, K, 1}, wpanels, out, O,
                false);
    apply_bias_act(out, rows, O, bias, act, alpha);
  });
}

void conv2d_backprop_filter(const float* x, const float* dy, float* dw, const ConvParams& p) {
  const int64_t K = static_cast<int64_t>(p.KH) * p.KW * p.C;
  const int64_t M = static_cast<int64_t>(p.N) * p.OH * p.OW;
  const int O = p.O;
  const int64_t out_len = K * O;
  if (M == 0) {
    std::fill(dw, dw + out_len, 0.f);
    return;
  }
  const bool pointwise = is_pointwise(p);
  const int64_t R = rows_per_chunk(K, 64 * 1024, 48, 1024);
  const int64_t chunks = (M + R - 1) / R;
  // The rows are cut into a fixed number of groups (independent of the thread count), each
  // summed into its own partial; the partials are added in order, so results are reproducible.
  const int64_t G = std::min<int64_t>(chunks, 8);
  thread_local std::vector<float> partial_store;
  if (partial_store.size() < static_cast<size_t>(out_len * (G - 1)))
    partial_store.resize(out_len * (G - 1));
  float* partials = partial_store.data();
  parallel_for(G, [&](int64_t t, int) {
    const int64_t c0 = chunks * t / G;
    const int64_t c1 = chunks * (t + 1) / G;
    float* acc = t == 0 ? dw : partials + (t - 1) * out_len;
    std::fill(acc, acc + out_len, 0.f);
    float* col = pointwise ? nullptr : scratch(3, static_cast<size_t>(R * K));
    for (int64_t c = c0; c < c1; ++c) {
      const int64_t m0 = c * R;
      const int64_t rows = std::min(R, M - m0);
      const float* a = x + m0 * K;
      if (!pointwise) {
        im2col(x, p, m0, rows, col);
        a = col;
      }
      // dw (K x O) += col^T (K x rows) x dy (rows x O)
      gemm(static_cast<int>(K), O, static_cast<int>(rows), MatRef{a, 1, K},
           MatRef{dy + m0 * O, O, 1}, acc, O, true);
    }
  });
  for (int64_t t = 1; t < G; ++t) {
    const float* src = partials + (t - 1) * out_len;
    for (int64_t i = 0; i < out_len; ++i) dw[i] += src[i];
  }
}

void conv2d_backprop_input(const float* dy, const float* w, float* dx, const ConvParams& p) {
  const int64_t K = static_cast<int64_t>(p.KH) * p.KW * p.C;
  const int64_t ohw = static_cast<int64_t>(p.OH) * p.OW;
  const int64_t image = static_cast<int64_t>(p.H) * p.W * p.C;
  const int O = p.O;
  if (p.N == 0) return;
  if (ohw == 0 || O == 0) {
    std::fill(dx, dx + p.N * image, 0.f);
    return;
  }
  // dcol (rows x K) = dy (rows x O) x w^T (O x K)
  float* wtp = scratch(2, packed_b_floats(O, static_cast<int>(K)));
  pack_b(O, static_cast<int>(K), MatRef{w, 1, O}, wtp);
  const bool pointwise = is_pointwise(p);
  const int64_t R = rows_per_chunk(K, 24 * 1024, 48, 512);
  // Images are split between tasks, so the scatter of one task never touches another's.
  const int T = pool_threads();
  const int64_t per_task = std::max<int64_t>(1, p.N / (4 * T));
  const int64_t tasks = (p.N + per_task - 1) / per_task;
  parallel_for(tasks, [&](int64_t t, int) {
    const int64_t n0 = t * per_task;
    const int64_t n1 = std::min<int64_t>(p.N, n0 + per_task);
    const int64_t mbeg = n0 * ohw;
    const int64_t mend = n1 * ohw;
    if (pointwise) {
      gemm_packed(static_cast<int>(mend - mbeg), static_cast<int>(K), O,
                  MatRef{dy + mbeg * O, O, 1}, wtp, dx + mbeg * K, K, false);
      return;
    }
    std::fill(dx + n0 * image, dx + n1 * image, 0.f);
    float* dcol = scratch(3, static_cast<size_t>(R * K));
    for (int64_t m0 = mbeg; m0 < mend; m0 += R) {
      const int64_t rows = std::min(R, mend - m0);
      gemm_packed(static_cast<int>(rows), static_cast<int>(K), O, MatRef{dy + m0 * O, O, 1}, wtp,
                  dcol, K, false);
      col2im_add(dcol, p, m0, rows, dx);
    }
  });
}

void batch_matmul(const float* a, const float* b, float* out, int batch, int batchA, int batchB,
                  int M, int N, int K, bool transA, bool transB, const float* bias, int biasLen,
                  int act, float alpha) {
  const int64_t sa = static_cast<int64_t>(M) * K;
  const int64_t sb = static_cast<int64_t>(K) * N;
  const int64_t so = static_cast<int64_t>(M) * N;
  const double flops = 2.0 * so * K;
  // Bias broadcast other than over the last axis is handled by the caller.
  const bool epilogue = (bias && biasLen == N) || (!bias && act != kActLinear);
  auto one = [&](int64_t bi, bool threaded) {
    const float* ab = a + (bi % batchA) * sa;
    const float* bb = b + (bi % batchB) * sb;
    MatRef A = transA ? MatRef{ab, 1, M} : MatRef{ab, K, 1};
    MatRef B = transB ? MatRef{bb, 1, K} : MatRef{bb, N, 1};
    float* o = out + bi * so;
    if (threaded) {
      gemm_mt(M, N, K, A, B, o, N, false);
    } else {
      gemm(M, N, K, A, B, o, N, false);
    }
    if (epilogue) apply_bias_act(o, M, N, bias, act, alpha);
  };
  if (batch > 1 && flops < min_parallel_flops()) {
    // Many small products (attention heads): one product per task.
    parallel_for_work(batch, flops * batch, [&](int64_t bi, int) { one(bi, false); });
    return;
  }
  for (int bi = 0; bi < batch; ++bi) one(bi, true);
}

}  // namespace qk
