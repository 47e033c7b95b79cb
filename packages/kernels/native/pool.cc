// Max and average pooling (NHWC, dilation 1), vectorized over channels.
#include <algorithm>
#include <cstring>
#include <limits>
#include <vector>

#include "kernels.h"
#include "thread_pool.h"

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
  const int64_t work = rows * p.OW * p.C * p.KH * p.KW;
  const int64_t tasks = work < 32768 ? 1 : std::min<int64_t>(rows, 4 * pool_threads());
  parallel_for(tasks, [&](int64_t t, int) {
    const int64_t r0 = rows * t / tasks;
    const int64_t r1 = rows * (t + 1) / tasks;
    for (int64_t r = r0; r < r1; ++r) f(static_cast<int>(r / p.OH), static_cast<int>(r % p.OH));
  });
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

// The gradient goes to the first strict maximum of each window in row-major order, the same
// position tfjs's maxPoolPositions picks, so ties (common after ReLU) route identically.
void max_pool_grad(const float* dy, const float* x, float* dx, const PoolParams& p) {
  const int C = p.C;
  const int64_t image = static_cast<int64_t>(p.H) * p.W * C;
  const int64_t tasks = std::min<int64_t>(p.N, 4 * pool_threads());
  parallel_for(tasks, [&](int64_t t, int) {
    const int n0 = static_cast<int>(p.N * t / tasks);
    const int n1 = static_cast<int>(p.N * (t + 1) / tasks);
    thread_local std::vector<float> best;
    thread_local std::vector<int64_t> pos;
    best.resize(C);
    pos.resize(C);
    std::fill(dx + n0 * image, dx + n1 * image, 0.f);
    for (int n = n0; n < n1; ++n) {
      const float* xn = x + n * image;
      float* dxn = dx + n * image;
      for (int oh = 0; oh < p.OH; ++oh) {
        for (int ow = 0; ow < p.OW; ++ow) {
          const Window wd = window(p, oh, ow);
          for (int c = 0; c < C; ++c) {
            best[c] = -std::numeric_limits<float>::infinity();
            pos[c] = -1;
          }
          for (int r = wd.r0; r < wd.r1; ++r) {
            for (int q = wd.c0; q < wd.c1; ++q) {
              const int64_t off = (static_cast<int64_t>(r) * p.W + q) * C;
              const float* px = xn + off;
              for (int c = 0; c < C; ++c) {
                if (px[c] > best[c]) {
                  best[c] = px[c];
                  pos[c] = off;
                }
              }
            }
          }
          const float* g = dy + ((static_cast<int64_t>(n) * p.OH + oh) * p.OW + ow) * C;
          for (int c = 0; c < C; ++c)
            if (pos[c] >= 0) dxn[pos[c] + c] += g[c];
        }
      }
    }
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
