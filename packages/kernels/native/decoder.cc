// Kernels of decoder-only language models: attention of new tokens against a key/value cache
// (prefill and the batched decode step of generation) and the softmax cross-entropy of
// next-token training. See kernels.h for the layouts.
#include <algorithm>
#include <cmath>
#include <cstring>

#include "gemm.h"
#include "kernels.h"
#include "thread_pool.h"
#include "vmath.h"

namespace qk {
namespace {

// Scratch slot of the per-task score vector (0 and 1 are gemm's, 2 and 3 attention's).
constexpr int kSlotScores = 4;

// Rotary position embedding (GPT-NeoX's rotate-half form) of one head's D values at `pos`:
// pairs (i, i + D/2) turn by pos * base^(-2i/D). Angles in double, as the TypeScript tables.
void rotate(float* x, int D, int pos, double base) {
  const int half = D / 2;
  for (int i = 0; i < half; ++i) {
    const double angle = pos * std::pow(base, -2.0 * i / D);
    const float c = static_cast<float>(std::cos(angle)), s = static_cast<float>(std::sin(angle));
    const float a = x[i], b = x[i + half];
    x[i] = a * c - b * s;
    x[i + half] = b * c + a * s;
  }
}

QK_SIMD_BODY void cached_head(const float* qkv, const float* kc, const float* vc,
                              const int32_t* slot, const int32_t* pos, float* out,
                              const CachedAttentionParams& p, int64_t task) {
  const int H = p.H, D = p.D;
  const int64_t W = int64_t{H} * D;
  const int64_t r = task / H, h = task % H;
  const int n = pos[r] + 1;
  const float* q = qkv + r * 3 * W + h * D;
  const int64_t base = int64_t{slot[r]} * p.maxT * W + h * D;
  const float* K = kc + base;
  const float* V = vc + base;
  float* s = scratch(kSlotScores, static_cast<size_t>(p.maxT));
  for (int j = 0; j < n; ++j) {
    const float* kj = K + j * W;
    float dot = 0;
    for (int d = 0; d < D; ++d) dot += q[d] * kj[d];
    s[j] = dot * p.scale;
  }
  softmax_row_inplace(s, n);
  float* o = out + r * W + h * D;
  for (int d = 0; d < D; ++d) o[d] = 0;
  for (int j = 0; j < n; ++j) {
    const float w = s[j];
    const float* vj = V + j * W;
    for (int d = 0; d < D; ++d) o[d] += w * vj[d];
  }
}

QK_SIMD_BODY void xent_row(const float* logits, const int32_t* labels, float* loss, float* grad,
                           int64_t V, float gradScale, int64_t r) {
  const float* x = logits + r * V;
  float m = -INFINITY;
  for (int64_t c = 0; c < V; ++c) m = x[c] > m ? x[c] : m;
  double sum = 0;
  if (grad) {
    float* g = grad + r * V;
    for (int64_t c = 0; c < V; ++c) g[c] = exp_nonpos(x[c] - m);
    sum = lane_sum(g, V);
    const float inv = static_cast<float>(gradScale / sum);
    for (int64_t c = 0; c < V; ++c) g[c] *= inv;
    g[labels[r]] -= gradScale;
  } else {
    for (int64_t c = 0; c < V; ++c) sum += exp_nonpos(x[c] - m);
  }
  loss[r] = static_cast<float>(std::log(sum) + m - x[labels[r]]);
}

}  // namespace

void cached_attention(float* qkv, float* kc, float* vc, const int32_t* slot, const int32_t* pos,
                      float* out, const CachedAttentionParams& p) {
  const int H = p.H, D = p.D;
  const int64_t W = int64_t{H} * D;
  // Every new key and value goes into the cache first, so a prompt's rows (one call) see each
  // other causally: row r reads positions 0..pos[r] of its slot.
  for (int64_t r = 0; r < p.R; ++r) {
    float* row = qkv + r * 3 * W;
    if (p.rotaryBase > 0) {
      for (int h = 0; h < H; ++h) {
        rotate(row + h * D, D, pos[r], p.rotaryBase);
        rotate(row + W + h * D, D, pos[r], p.rotaryBase);
      }
    }
    const int64_t at = (int64_t{slot[r]} * p.maxT + pos[r]) * W;
    std::memcpy(kc + at, row + W, sizeof(float) * W);
    std::memcpy(vc + at, row + 2 * W, sizeof(float) * W);
  }
  double flops = 0;
  for (int64_t r = 0; r < p.R; ++r) flops += 4.0 * (pos[r] + 1) * W;
  parallel_for_work(int64_t{p.R} * H, flops, [&](int64_t task, int) {
    simd_call<cached_head>(qkv, kc, vc, slot, pos, out, p, task);
  });
}

void softmax_xent(const float* logits, const int32_t* labels, float* loss, float* grad,
                  int64_t N, int64_t V, float gradScale) {
  parallel_for_work(N, 4.0 * N * V, [&](int64_t r, int) {
    simd_call<xent_row>(logits, labels, loss, grad, V, gradScale, r);
  });
}

}  // namespace qk
