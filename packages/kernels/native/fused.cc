// Fused kernels of the Transformer layers: layer normalisation, GELU and hashed dropout,
// forward and backward. Each replaces a chain of five to twenty tfjs kernels (and their
// full-size temporaries) with one pass over the data.
#include <algorithm>
#include <cmath>
#include <vector>

#include "kernels.h"
#include "thread_pool.h"
#include "vmath.h"

namespace qk {
namespace {

constexpr int64_t kChunk = 1 << 14;

int64_t chunks(int64_t units, int64_t per_unit) {
  if (pool_threads() == 1) return 1;
  return std::max<int64_t>(1, std::min<int64_t>(units, units * per_unit / kChunk));
}

struct RowStats {
  float mean;
  float rstd;
};

// Mean and 1/sqrt(var + eps) of one row (population variance, as tf.moments computes it);
// `tmp` receives x - mean.
inline RowStats row_stats(const float* __restrict x, int64_t cols, float eps,
                          float* __restrict tmp) {
  const float mean = static_cast<float>(lane_sum(x, cols) / static_cast<double>(cols));
  for (int64_t c = 0; c < cols; ++c) tmp[c] = x[c] - mean;
  float acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  int64_t c = 0;
  for (; c + 8 <= cols; c += 8)
    for (int k = 0; k < 8; ++k) acc[k] += tmp[c + k] * tmp[c + k];
  double v = 0;
  for (; c < cols; ++c) v += static_cast<double>(tmp[c]) * tmp[c];
  for (int k = 0; k < 8; ++k) v += acc[k];
  const float var = static_cast<float>(v / static_cast<double>(cols));
  return {mean, 1.0f / std::sqrt(var + eps)};
}

QK_SIMD_BODY void layer_norm_rows(const float* __restrict x, const float* __restrict gamma,
                                  const float* __restrict beta, float* __restrict y, int64_t r0,
                                  int64_t r1, int64_t cols, float eps) {
  for (int64_t r = r0; r < r1; ++r) {
    float* yr = y + r * cols;
    const RowStats st = row_stats(x + r * cols, cols, eps, yr);
    for (int64_t c = 0; c < cols; ++c) yr[c] = (yr[c] * st.rstd) * gamma[c] + beta[c];
  }
}

// Rows [r0, r1) of the layer-norm gradient; dgamma/dbeta partial sums (float lanes per column)
// added into pg/pb.
QK_SIMD_BODY void layer_norm_grad_rows(const float* __restrict dy, const float* __restrict x,
                                       const float* __restrict gamma, float* __restrict dx,
                                       float* __restrict pg, float* __restrict pb,
                                       float* __restrict xhat, int64_t r0, int64_t r1,
                                       int64_t cols, float eps) {
  for (int64_t r = r0; r < r1; ++r) {
    const float* __restrict dr = dy + r * cols;
    float* __restrict out = dx + r * cols;
    const RowStats st = row_stats(x + r * cols, cols, eps, xhat);
    float sa[8] = {0, 0, 0, 0, 0, 0, 0, 0}, sb[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    int64_t c = 0;
    for (; c < cols; ++c) {
      xhat[c] *= st.rstd;
      const float g = dr[c] * gamma[c];
      out[c] = g;
      pg[c] += dr[c] * xhat[c];
      pb[c] += dr[c];
    }
    for (c = 0; c + 8 <= cols; c += 8)
      for (int k = 0; k < 8; ++k) {
        sa[k] += out[c + k];
        sb[k] += out[c + k] * xhat[c + k];
      }
    double a = 0, b = 0;
    for (; c < cols; ++c) {
      a += out[c];
      b += out[c] * xhat[c];
    }
    for (int k = 0; k < 8; ++k) {
      a += sa[k];
      b += sb[k];
    }
    const float ma = static_cast<float>(a / static_cast<double>(cols));
    const float mb = static_cast<float>(b / static_cast<double>(cols));
    for (c = 0; c < cols; ++c) out[c] = st.rstd * (out[c] - ma - xhat[c] * mb);
  }
}

QK_SIMD_BODY void gelu_range(const float* x, float* y, int64_t i0, int64_t i1) {
  for (int64_t i = i0; i < i1; ++i) {
    const float v = x[i];
    y[i] = v * (0.5f * (1.0f + erf_fast(v * 0.70710678118654752f)));
  }
}

QK_SIMD_BODY void gelu_grad_range(const float* dy, const float* x, float* dx, int64_t i0,
                                  int64_t i1) {
  for (int64_t i = i0; i < i1; ++i) {
    const float v = x[i];
    const float cdf = 0.5f * (1.0f + erf_fast(v * 0.70710678118654752f));
    const float pdf = 0.39894228040143268f * exp_nonpos(-0.5f * v * v);
    dx[i] = dy[i] * (cdf + v * pdf);
  }
}

QK_SIMD_BODY void dropout_range(const float* x, float* y, int64_t i0, int64_t i1, double rate,
                                uint32_t seed, float scale) {
  // Compare the 24 hash bits as integers: u >= rate  <=>  bits >= ceil(rate * 2^24).
  const uint32_t threshold = dropout_threshold(rate);
  for (int64_t i = i0; i < i1; ++i) {
    const uint32_t bits = dropout_bits(seed, static_cast<uint32_t>(i)) >> 8;
    y[i] = x[i] * (bits >= threshold ? scale : 0.0f);
  }
}

}  // namespace

void layer_norm(const float* x, const float* gamma, const float* beta, float* y, int64_t rows,
                int64_t cols, float eps) {
  const int64_t tasks = chunks(rows, cols);
  parallel_for(tasks, [&](int64_t t, int) {
    simd_call<layer_norm_rows>(x, gamma, beta, y, rows * t / tasks, rows * (t + 1) / tasks, cols,
                               eps);
  });
}

void layer_norm_grad(const float* dy, const float* x, const float* gamma, float* dx,
                     float* dgamma, float* dbeta, int64_t rows, int64_t cols, float eps) {
  // dgamma and dbeta are sums over rows: a fixed number of groups (independent of the thread
  // count, so results reproduce) each sum their rows, then the groups are added in order.
  const int64_t groups = std::max<int64_t>(1, std::min<int64_t>(rows, 32));
  std::vector<float> partial(static_cast<size_t>(groups * cols * 2), 0.0f);
  float* parts = partial.data();
  parallel_for(groups, [&](int64_t g, int) {
    thread_local std::vector<float> buf;
    buf.resize(static_cast<size_t>(cols));
    float* pg = parts + g * cols * 2;
    simd_call<layer_norm_grad_rows>(dy, x, gamma, dx, pg, pg + cols, buf.data(), rows * g / groups,
                                    rows * (g + 1) / groups, cols, eps);
  });
  for (int64_t c = 0; c < cols; ++c) {
    double sg = 0, sb = 0;
    for (int64_t g = 0; g < groups; ++g) {
      sg += parts[g * cols * 2 + c];
      sb += parts[g * cols * 2 + cols + c];
    }
    dgamma[c] = static_cast<float>(sg);
    dbeta[c] = static_cast<float>(sb);
  }
}

// GELU with the exact Gaussian CDF, as tfjs-layers' 'gelu': x * 0.5 * (1 + erf(x / sqrt 2)).
void gelu(const float* x, float* y, int64_t n) {
  const int64_t tasks = chunks(n, 4);
  parallel_for(tasks, [&](int64_t t, int) {
    simd_call<gelu_range>(x, y, n * t / tasks, n * (t + 1) / tasks);
  });
}

// dx = dy * (Phi(x) + x * phi(x)), phi the standard normal density.
void gelu_grad(const float* dy, const float* x, float* dx, int64_t n) {
  const int64_t tasks = chunks(n, 6);
  parallel_for(tasks, [&](int64_t t, int) {
    simd_call<gelu_grad_range>(dy, x, dx, n * t / tasks, n * (t + 1) / tasks);
  });
}

void dropout(const float* x, float* y, int64_t n, double rate, uint32_t seed, float scale) {
  const int64_t tasks = chunks(n, 2);
  parallel_for(tasks, [&](int64_t t, int) {
    simd_call<dropout_range>(x, y, n * t / tasks, n * (t + 1) / tasks, rate, seed, scale);
  });
}

}  // namespace qk
