// Element-wise ops with broadcasting, reductions and softmax.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "kernels.h"
#include "thread_pool.h"
#include "vmath.h"

namespace qk {
namespace {

// Work is cut into chunks of about this many elements that threads take dynamically, so a
// thread the OS delays does not hold the others up. Below it, one thread is faster.
constexpr int64_t kChunk = 1 << 15;

int64_t task_count(int64_t elements) {
  if (pool_threads() == 1) return 1;
  return std::max<int64_t>(1, (elements + kChunk - 1) / kChunk);
}

struct Desc {
  int rank;
  const int32_t* shape;
  const int32_t* as;
  const int32_t* bs;
};

template <class Op>
QK_SIMD_BODY void binary_rows(const float* a, const float* b, float* o, const Desc& d,
                              int64_t row0, int64_t row1, Op op) {
  const int r = d.rank;
  const int64_t L = d.shape[r - 1];
  const bool sa = d.as[r - 1] != 0;
  const bool sb = d.bs[r - 1] != 0;
  int64_t idx[16];
  int64_t offA = 0, offB = 0;
  int64_t rem = row0;
  for (int k = r - 2; k >= 0; --k) {
    idx[k] = rem % d.shape[k];
    rem /= d.shape[k];
    offA += idx[k] * d.as[k];
    offB += idx[k] * d.bs[k];
  }
  for (int64_t row = row0; row < row1; ++row) {
    float* __restrict po = o + row * L;
    const float* __restrict pa = a + offA;
    const float* __restrict pb = b + offB;
    if (sa && sb) {
      for (int64_t i = 0; i < L; ++i) po[i] = op(pa[i], pb[i]);
    } else if (sa) {
      const float bv = *pb;
      for (int64_t i = 0; i < L; ++i) po[i] = op(pa[i], bv);
    } else if (sb) {
      const float av = *pa;
      for (int64_t i = 0; i < L; ++i) po[i] = op(av, pb[i]);
    } else {
      const float v = op(*pa, *pb);
      for (int64_t i = 0; i < L; ++i) po[i] = v;
    }
    for (int k = r - 2; k >= 0; --k) {
      offA += d.as[k];
      offB += d.bs[k];
      if (++idx[k] < d.shape[k]) break;
      offA -= static_cast<int64_t>(d.as[k]) * d.shape[k];
      offB -= static_cast<int64_t>(d.bs[k]) * d.shape[k];
      idx[k] = 0;
    }
  }
}

template <class Op>
void binary_run(const float* a, const float* b, float* o, const Desc& d, Op op) {
  int64_t rows = 1;
  for (int k = 0; k < d.rank - 1; ++k) rows *= d.shape[k];
  const int64_t total = rows * d.shape[d.rank - 1];
  const int64_t tasks = std::min(rows, task_count(total));
  parallel_for(tasks, [&](int64_t t, int) {
    simd_call<binary_rows<Op>>(a, b, o, d, rows * t / tasks, rows * (t + 1) / tasks, op);
  });
}

// y may be x (in place): each element is read before it is written.
template <class F>
QK_SIMD_BODY void unary_range(const float* x, float* y, int64_t i0, int64_t i1, F f) {
  const float* __restrict xs = x;
  float* __restrict ys = y;
  const F fl = f;  // a local copy, so captured constants stay in registers
  for (int64_t i = i0; i < i1; ++i) ys[i] = fl(xs[i]);
}

template <class F>
void unary_run(const float* x, float* y, int64_t n, F f) {
  const int64_t tasks = task_count(n);
  parallel_for(tasks, [&](int64_t t, int) {
    simd_call<unary_range<F>>(x, y, n * t / tasks, n * (t + 1) / tasks, f);
  });
}

}  // namespace

void binary(int op, const float* a, const float* b, float* out, const int32_t* desc) {
  Desc d{desc[0], desc + 1, desc + 1 + desc[0], desc + 1 + 2 * desc[0]};
  switch (op) {
    case kAdd:
      return binary_run(a, b, out, d, [](float u, float v) { return u + v; });
    case kSub:
      return binary_run(a, b, out, d, [](float u, float v) { return u - v; });
    case kMul:
      return binary_run(a, b, out, d, [](float u, float v) { return u * v; });
    case kDiv:
      return binary_run(a, b, out, d, [](float u, float v) { return u / v; });
    case kMax:
      return binary_run(a, b, out, d, [](float u, float v) {
        return (u != u || v != v) ? NAN : (u > v ? u : v);
      });
    case kMin:
      return binary_run(a, b, out, d, [](float u, float v) {
        return (u != u || v != v) ? NAN : (u < v ? u : v);
      });
    case kSquaredDiff:
      return binary_run(a, b, out, d, [](float u, float v) { return (u - v) * (u - v); });
    case kReluGrad:
      return binary_run(a, b, out, d, [](float u, float v) {
        const float s = v > 0.f ? 1.f : 0.f;
        return u * (v == v ? s : v);
      });
    default:  // addon.cc refuses unknown op codes
      return;
  }
}

void unary(int op, const float* x, float* y, int64_t n, float alpha) {
  switch (op) {
    case kRelu:
      return unary_run(x, y, n, [](float v) { return v < 0.f ? 0.f : v; });
    case kRelu6:
      return unary_run(x, y, n, [](float v) { return v < 0.f ? 0.f : (v > 6.f ? 6.f : v); });
    case kStep:
      return unary_run(x, y, n, [alpha](float v) {
        const float r = v > 0.f ? 1.f : alpha;
        return v == v ? r : v;
      });
    case kNeg:
      return unary_run(x, y, n, [](float v) { return -v; });
    case kSquare:
      return unary_run(x, y, n, [](float v) { return v * v; });
    case kSqrt:
      return unary_run(x, y, n, [](float v) { return std::sqrt(v); });
    case kRsqrt:
      return unary_run(x, y, n, [](float v) { return 1.f / std::sqrt(v); });
    case kExp:
      return unary_run(x, y, n, [](float v) { return std::exp(v); });
    case kLog:
      return unary_run(x, y, n, [](float v) { return std::log(v); });
    case kAbs:
      return unary_run(x, y, n, [](float v) { return std::fabs(v); });
    case kSigmoid:
      return unary_run(x, y, n, [](float v) { return 1.f / (1.f + std::exp(-v)); });
    case kTanh:
      return unary_run(x, y, n, [](float v) { return std::tanh(v); });
    case kReciprocal:
      return unary_run(x, y, n, [](float v) { return 1.f / v; });
    case kLeakyRelu:
      return unary_run(x, y, n, [alpha](float v) {
        const float s = alpha * v;
        return v < 0.f ? s : v;
      });
    case kElu:
      return unary_run(x, y, n, [](float v) {
        const float e = std::expm1(v);
        return v >= 0.f ? v : e;
      });
    case kIdentity:
      return unary_run(x, y, n, [](float v) { return v; });
    case kErf:  // GELU's erf: the stock JS kernel runs ~30 ns an element
      return unary_run(x, y, n, [](float v) { return std::erf(v); });
    default:  // addon.cc refuses unknown op codes
      return;
  }
}

// Sums accumulate in double, as tfjs's JavaScript kernels do.
namespace {

QK_SIMD_BODY void row_sums(const float* x, float* out, int64_t a0, int64_t a1, int64_t R,
                           double scale) {
  for (int64_t a = a0; a < a1; ++a) {
    const float* v = x + a * R;
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    int64_t r = 0;
    for (; r + 4 <= R; r += 4) {
      s0 += v[r];
      s1 += v[r + 1];
      s2 += v[r + 2];
      s3 += v[r + 3];
    }
    for (; r < R; ++r) s0 += v[r];
    out[a] = static_cast<float>(((s0 + s1) + (s2 + s3)) * scale);
  }
}

// acc[b] += x[r, b] for rows [r0, r1) of a [R, B] block.
QK_SIMD_BODY void add_rows(const float* __restrict x, double* __restrict acc, int64_t r0,
                           int64_t r1, int64_t B) {
  for (int64_t r = r0; r < r1; ++r) {
    const float* __restrict v = x + r * B;
    for (int64_t b = 0; b < B; ++b) acc[b] += v[b];
  }
}

}  // namespace

void reduce_sum(const float* x, float* out, int64_t A, int64_t R, int64_t B, bool mean) {
  const double scale = mean && R > 0 ? 1.0 / static_cast<double>(R) : 1.0;
  const int64_t total = A * R * B;
  if (B == 1) {
    const int64_t tasks = std::min(A, task_count(total));
    parallel_for(tasks, [&](int64_t t, int) {
      simd_call<row_sums>(x, out, A * t / tasks, A * (t + 1) / tasks, R, scale);
    });
    return;
  }
  if (A > 1) {
    const int64_t tasks = std::min(A, task_count(total));
    parallel_for(tasks, [&](int64_t t, int) {
      thread_local std::vector<double> acc;
      acc.resize(B);
      for (int64_t a = A * t / tasks; a < A * (t + 1) / tasks; ++a) {
        std::fill(acc.begin(), acc.end(), 0.0);
        simd_call<add_rows>(x + a * R * B, acc.data(), int64_t{0}, R, B);
        for (int64_t b = 0; b < B; ++b) out[a * B + b] = static_cast<float>(acc[b] * scale);
      }
    });
    return;
  }
  // One outer row: split the reduced axis into a fixed number of groups (independent of the
  // thread count, so results are reproducible) and add the group sums in order.
  const int64_t groups = std::min<int64_t>(R, std::min<int64_t>(16, 1 + total / kChunk));
  thread_local std::vector<double> partial;
  partial.assign(groups * B, 0.0);
  double* parts = partial.data();
  parallel_for(groups, [&](int64_t t, int) {
    simd_call<add_rows>(x, parts + t * B, R * t / groups, R * (t + 1) / groups, B);
  });
  for (int64_t b = 0; b < B; ++b) {
    double s = 0;
    for (int64_t t = 0; t < groups; ++t) s += parts[t * B + b];
    out[b] = static_cast<float>(s * scale);
  }
}

namespace {

QK_SIMD_BODY void softmax_rows(const float* x, float* y, int64_t r0, int64_t r1, int64_t cols) {
  for (int64_t r = r0; r < r1; ++r) {
    if (y != x) std::copy(x + r * cols, x + (r + 1) * cols, y + r * cols);
    softmax_row_inplace(y + r * cols, cols);
  }
}

QK_SIMD_BODY void softmax_grad_rows(const float* dy, const float* y, float* dx, int64_t r0,
                                    int64_t r1, int64_t cols) {
  for (int64_t r = r0; r < r1; ++r)
    softmax_grad_row(dy + r * cols, y + r * cols, dx + r * cols, cols, 1.0f);
}

QK_SIMD_BODY void adam_range(float* var, float* m, float* v, const float* g, int64_t i0,
                             int64_t i1, float nlr, float b1, float b2, float ob1, float ob2,
                             float c1, float c2, float eps) {
  for (int64_t i = i0; i < i1; ++i) {
    const float gi = g[i];
    const float mi = m[i] * b1 + gi * ob1;
    const float vi = v[i] * b2 + (gi * gi) * ob2;
    m[i] = mi;
    v[i] = vi;
    var[i] = (mi / c1) / (std::sqrt(vi / c2) + eps) * nlr + var[i];
  }
}

}  // namespace

void softmax(const float* x, float* y, int64_t rows, int64_t cols) {
  const int64_t tasks = std::min(rows, task_count(rows * cols));
  parallel_for(tasks, [&](int64_t t, int) {
    simd_call<softmax_rows>(x, y, rows * t / tasks, rows * (t + 1) / tasks, cols);
  });
}

void softmax_grad(const float* dy, const float* y, float* dx, int64_t rows, int64_t cols) {
  const int64_t tasks = std::min(rows, task_count(rows * cols));
  parallel_for(tasks, [&](int64_t t, int) {
    simd_call<softmax_grad_rows>(dy, y, dx, rows * t / tasks, rows * (t + 1) / tasks, cols);
  });
}

void transpose4(const float* x, float* y, const int32_t* p) {
  const int64_t d0 = p[0], d1 = p[1], d2 = p[2], d3 = p[3];
  const int64_t s0 = p[4], s1 = p[5], s2 = p[6], s3 = p[7];
  const int64_t rows = d0 * d1 * d2;
  if (rows == 0 || d3 == 0) return;
  const int64_t tasks = std::min(rows, task_count(rows * d3));
  parallel_for(tasks, [&](int64_t t, int) {
    const int64_t r1 = rows * (t + 1) / tasks;
    for (int64_t r = rows * t / tasks; r < r1; ++r) {
      const int64_t i2 = r % d2, i1 = (r / d2) % d1, i0 = r / (d1 * d2);
      const float* src = x + i0 * s0 + i1 * s1 + i2 * s2;
      float* dst = y + r * d3;
      if (s3 == 1) {
        std::copy(src, src + d3, dst);
      } else {
        for (int64_t i3 = 0; i3 < d3; ++i3) dst[i3] = src[i3 * s3];
      }
    }
  });
}

void adam(float* var, float* m, float* v, const float* g, int64_t n, float lr, float b1,
          float b2, float ob1, float ob2, float c1, float c2, float eps) {
  const int64_t tasks = task_count(n);
  parallel_for(tasks, [&](int64_t t, int) {
    simd_call<adam_range>(var, m, v, g, n * t / tasks, n * (t + 1) / tasks, -lr, b1, b2, ob1, ob2,
                          c1, c2, eps);
  });
}

}  // namespace qk
