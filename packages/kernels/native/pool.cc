// Max and average pooling (NHWC, dilation 1), vectorized over channels.
#include <algorithm>
#include <cstring>
#include <limits>
#include <vector>

#include "kernels.h"
#include "thread_pool.h"
#include "vmath.h"

namespace qk {
namespace {

struct Window {
  int r0, r1, c0, c1;
};

inline Window window(const PoolParams& p, int oh, int ow) {
  const int rc = oh * p.sh - p.pt;
  const int cc = ow * p.sw - p.pl;
  return {std::max(0, rc), std::min(p.H, rc + p.KH), std::max(0, cc), std::min(p.W, cc + p.KW)};
}

template <class F>
void for_rows(const PoolParams& p, F&& f) {
  const int64_t rows = static_cast<int64_t>(p.N) * p.OH;
  const double work = static_cast<double>(rows) * p.OW * p.C * p.KH * p.KW;  // may pass 2^63
  const int64_t tasks = work < 32768 ? 1 : std::min<int64_t>(rows, 4 * pool_threads());
  parallel_for(tasks, [&](int64_t t, int) {
    const int64_t r0 = rows * t / tasks;
    const int64_t r1 = rows * (t + 1) / tasks;
    for (int64_t r = r0; r < r1; ++r) f(static_cast<int>(r / p.OH), static_cast<int>(r % p.OH));
  });
}

inline void argmax_update(const float* __restrict px, float* __restrict best,
                          int32_t* __restrict pos, int32_t k, int n) {
  for (int c = 0; c < n; ++c) {
    const float v = px[c];
    const float b = best[c];
    const int32_t q = pos[c];
    const int32_t gt = v > b;  // arithmetic select: GCC will not vectorize a float-conditioned int blend
    best[c] = v > b ? v : b;
    pos[c] = q + gt * (k - q);
  }
}

inline void route_grad(const float* __restrict g, const int32_t* __restrict pos, int32_t k,
                       float* __restrict d, int n, bool accumulate) {
  if (accumulate) {
    for (int c = 0; c < n; ++c) {
      const float gv = g[c];
      d[c] += pos[c] == k ? gv : 0.f;
    }
  } else {
    for (int c = 0; c < n; ++c) {
      const float gv = g[c];
      d[c] = pos[c] == k ? gv : 0.f;
    }
  }
}

}  // namespace

void max_pool(const float* x, float* y, const PoolParams& p) {
  const int C = p.C;
  for_rows(p, [&](int n, int oh) {
    const float* xn = x + static_cast<int64_t>(n) * p.H * p.W * C;
    float* yr = y + (static_cast<int64_t>(n) * p.OH + oh) * p.OW * C;
    for (int ow = 0; ow < p.OW; ++ow) {
      const Window wd = window(p, oh, ow);
      float* o = yr + static_cast<int64_t>(ow) * C;
      for (int c = 0; c < C; ++c) o[c] = -std::numeric_limits<float>::infinity();
      for (int r = wd.r0; r < wd.r1; ++r) {
        for (int q = wd.c0; q < wd.c1; ++q) {
          const float* px = xn + (static_cast<int64_t>(r) * p.W + q) * C;
          for (int c = 0; c < C; ++c) o[c] = px[c] > o[c] ? px[c] : o[c];
        }
      }
    }
  });
}

namespace {

constexpr int kCB = 256;

// Images [n0, n1) of max_pool_grad.
QK_SIMD_BODY void max_pool_grad_images(const float* dy, const float* x, float* dx,
                                       const PoolParams& p, int n0, int n1, bool tiles,
                                       bool overlap) {
  const int C = p.C;
  const int64_t image = static_cast<int64_t>(p.H) * p.W * C;
  if (!tiles) std::fill(dx + n0 * image, dx + n1 * image, 0.f);
  float best[kCB];
  int32_t pos[kCB];
  for (int n = n0; n < n1; ++n) {
    const float* xn = x + n * image;
    float* dxn = dx + n * image;
    for (int oh = 0; oh < p.OH; ++oh) {
      for (int ow = 0; ow < p.OW; ++ow) {
        const Window wd = window(p, oh, ow);
        const float* g = dy + ((static_cast<int64_t>(n) * p.OH + oh) * p.OW + ow) * C;
        for (int c0 = 0; c0 < C; c0 += kCB) {
          const int cb = std::min(kCB, C - c0);
          for (int c = 0; c < cb; ++c) {
            best[c] = -std::numeric_limits<float>::infinity();
            pos[c] = -1;
          }
          int32_t k = 0;
          for (int r = wd.r0; r < wd.r1; ++r) {
            for (int q = wd.c0; q < wd.c1; ++q, ++k) {
              const float* __restrict px = xn + (static_cast<int64_t>(r) * p.W + q) * C + c0;
              argmax_update(px, best, pos, k, cb);
            }
          }
          k = 0;
          for (int r = wd.r0; r < wd.r1; ++r) {
            for (int q = wd.c0; q < wd.c1; ++q, ++k) {
              float* d = dxn + (static_cast<int64_t>(r) * p.W + q) * C + c0;
              route_grad(g + c0, pos, k, d, cb, overlap);
            }
          }
        }
      }
    }
  }
}

}  // namespace

// The gradient goes to the first strict maximum of each window in row-major order, the same
// position tfjs's maxPoolPositions picks, so ties (common after ReLU) route identically.
// Branch-free over channels (blocks of kCB) so the compiler vectorizes every loop.
void max_pool_grad(const float* dy, const float* x, float* dx, const PoolParams& p) {
  const bool overlap = p.KH > p.sh || p.KW > p.sw;
  const bool tiles = !overlap && p.pt == 0 && p.pl == 0 && p.KH == p.sh && p.KW == p.sw &&
                     p.OH * p.sh == p.H && p.OW * p.sw == p.W;
  const int64_t tasks = std::min<int64_t>(p.N, 8 * pool_threads());
  parallel_for(tasks, [&](int64_t t, int) {
    simd_call<max_pool_grad_images>(dy, x, dx, p, static_cast<int>(p.N * t / tasks),
                                    static_cast<int>(p.N * (t + 1) / tasks), tiles, overlap);
  });
}

void avg_pool(const float* x, float* y, const PoolParams& p) {
  const int C = p.C;
  for_rows(p, [&](int n, int oh) {
    const float* xn = x + static_cast<int64_t>(n) * p.H * p.W * C;
    float* yr = y + (static_cast<int64_t>(n) * p.OH + oh) * p.OW * C;
    for (int ow = 0; ow < p.OW; ++ow) {
      const Window wd = window(p, oh, ow);
      float* o = yr + static_cast<int64_t>(ow) * C;
      std::fill(o, o + C, 0.f);
      for (int r = wd.r0; r < wd.r1; ++r)
        for (int q = wd.c0; q < wd.c1; ++q) {
          const float* px = xn + (static_cast<int64_t>(r) * p.W + q) * C;
          for (int c = 0; c < C; ++c) o[c] += px[c];
        }
      const int count = (wd.r1 - wd.r0) * (wd.c1 - wd.c0);
      const float inv = count > 0 ? 1.f / static_cast<float>(count) : 0.f;
      for (int c = 0; c < C; ++c) o[c] *= inv;
    }
  });
}

// tfjs's avgPoolGrad divides by the full filter area (KH * KW), padding included.
void avg_pool_grad(const float* dy, float* dx, const PoolParams& p) {
  const int C = p.C;
  const int64_t image = static_cast<int64_t>(p.H) * p.W * C;
  const float inv = 1.f / static_cast<float>(p.KH * p.KW);
  const int64_t tasks = std::min<int64_t>(p.N, 4 * pool_threads());
  parallel_for(tasks, [&](int64_t t, int) {
    const int n0 = static_cast<int>(p.N * t / tasks);
    const int n1 = static_cast<int>(p.N * (t + 1) / tasks);
    std::fill(dx + n0 * image, dx + n1 * image, 0.f);
    for (int n = n0; n < n1; ++n) {
      float* dxn = dx + n * image;
      for (int oh = 0; oh < p.OH; ++oh)
        for (int ow = 0; ow < p.OW; ++ow) {
          const Window wd = window(p, oh, ow);
          const float* g = dy + ((static_cast<int64_t>(n) * p.OH + oh) * p.OW + ow) * C;
          for (int r = wd.r0; r < wd.r1; ++r)
            for (int q = wd.c0; q < wd.c1; ++q) {
              float* d = dxn + (static_cast<int64_t>(r) * p.W + q) * C;
              for (int c = 0; c < C; ++c) d[c] += g[c] * inv;
            }
        }
    }
  });
}

}  // namespace qk
