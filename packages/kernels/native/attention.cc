// Fused multi-head scaled dot-product attention, forward and backward. Queries, keys and
// values come in as [batch, time, heads * dim] (the projections' own layout), so no head
// transposes are needed: head h of batch b is the column block h * dim of rows b * time.
// One task per (batch, head) runs the head's small GEMMs single-threaded, with its score
// matrix kept in cache between the GEMMs and the softmax.
//
// Causal mode (decoder self-attention: query i sees keys 0..i) walks the queries in blocks of
// kCausalBlock rows and multiplies each block only with the keys up to its last row, so the
// masked upper triangle is never computed, except inside the diagonal blocks (at most
// kCausalBlock - 1 entries per row), which are written as zeros.
#include <algorithm>
#include <cstring>

#include "gemm.h"
#include "kernels.h"
#include "thread_pool.h"
#include "vmath.h"

namespace qk {
namespace {

// Scratch slots 0 and 1 belong to gemm's packing.
constexpr int kSlotA = 2;
constexpr int kSlotB = 3;
// Query rows per causal block: small enough that the skipped triangle is most of the upper
// half (T = 128: 62% of the full score matrix computed), large enough for the 6x16 GEMM tile.
constexpr int kCausalBlock = 32;

struct HeadView {
  int64_t ld;       // row stride of q, k, v (and their gradients)
  int64_t offset;   // first element of this head's block in q, k, v
  int64_t ldo;      // row stride of out and dout: heads * dim
  int64_t offsetO;  // first element of this head's block in out and dout
  int64_t pOffset;  // first element of this head's [time, time] probabilities
  int64_t b;
};

HeadView head_view(const AttentionParams& p, int64_t task) {
  const int64_t b = task / p.H, h = task % p.H;
  const int64_t ldo = int64_t{p.H} * p.D;
  return {p.ldIn, b * p.T * p.ldIn + h * p.D, ldo, b * p.T * ldo + h * p.D, task * p.T * p.T, b};
}

// Pd = P * dropout mask (element index in the whole [B, H, T, T] probability tensor).
inline void apply_dropout(const float* P, float* out, int64_t n, int64_t base,
                          const AttentionParams& p) {
  const uint32_t threshold = dropout_threshold(p.rate);
  for (int64_t i = 0; i < n; ++i)
    out[i] = P[i] * dropout_factor(p.seed, static_cast<uint32_t>(base + i), threshold, p.keepScale);
}

QK_SIMD_BODY void forward_task(const float* q, const float* k, const float* v, const float* mask,
                               float* probs, float* out, const AttentionParams& p, int64_t task) {
  const int T = p.T, D = p.D;
  const HeadView hv = head_view(p, task);
  float* P = probs + hv.pOffset;
  // Scores: Q K^T (K^T is the view of K with strides swapped).
  gemm(T, T, D, MatRef{q + hv.offset, hv.ld, 1}, MatRef{k + hv.offset, 1, hv.ld}, P, T, false);
  const float* m = mask ? mask + hv.b * T : nullptr;
  for (int i = 0; i < T; ++i) {
    float* row = P + int64_t{i} * T;
    if (m) {
      for (int j = 0; j < T; ++j) row[j] = row[j] * p.scale + m[j];
    } else {
      for (int j = 0; j < T; ++j) row[j] *= p.scale;
    }
    softmax_row_inplace(row, T);
  }
  const float* weights = P;
  if (p.rate > 0) {
    float* Pd = scratch(kSlotA, static_cast<size_t>(T) * T);
    apply_dropout(P, Pd, int64_t{T} * T, hv.pOffset, p);
    weights = Pd;
  }
  gemm(T, D, T, MatRef{weights, T, 1}, MatRef{v + hv.offset, hv.ld, 1}, out + hv.offsetO, hv.ldo,
       false);
}

QK_SIMD_BODY void backward_task(const float* dout, const float* q, const float* k, const float* v,
                                const float* probs, float* dq, float* dk, float* dv,
                                const AttentionParams& p, int64_t task) {
  const int T = p.T, D = p.D;
  const int64_t TT = int64_t{T} * T;
  const HeadView hv = head_view(p, task);
  const float* P = probs + hv.pOffset;
  const MatRef dO{dout + hv.offsetO, hv.ldo, 1};
  // dPd = dO V^T
  float* dP = scratch(kSlotA, static_cast<size_t>(TT));
  gemm(T, T, D, dO, MatRef{v + hv.offset, 1, hv.ld}, dP, T, false);
  // dV = Pd^T dO, with Pd the dropped-out weights the forward pass multiplied V by.
  const float* weights = P;
  if (p.rate > 0) {
    // One hash per element gives both Pd = P * mask and dP = dPd * mask.
    float* Pd = scratch(kSlotB, static_cast<size_t>(TT));
    const uint32_t threshold = dropout_threshold(p.rate);
    for (int64_t i = 0; i < TT; ++i) {
      const float f =
          dropout_factor(p.seed, static_cast<uint32_t>(hv.pOffset + i), threshold, p.keepScale);
      Pd[i] = P[i] * f;
      dP[i] *= f;
    }
    weights = Pd;
  }
  gemm(T, D, T, MatRef{weights, 1, T}, dO, dv + hv.offset, hv.ld, false);
  // dS = scale * P * (dP - rowsum(dP * P)): the softmax gradient, times the logits' scale.
  for (int i = 0; i < T; ++i) {
    float* d = dP + int64_t{i} * T;
    softmax_grad_row(d, P + int64_t{i} * T, d, T, p.scale);
  }
  // dQ = dS K, dK = dS^T Q
  gemm(T, D, T, MatRef{dP, T, 1}, MatRef{k + hv.offset, hv.ld, 1}, dq + hv.offset, hv.ld, false);
  gemm(T, D, T, MatRef{dP, 1, T}, MatRef{q + hv.offset, hv.ld, 1}, dk + hv.offset, hv.ld, false);
}


// Causal forward pass of one head: softmax rows over keys 0..i only.
QK_SIMD_BODY void causal_forward_task(const float* q, const float* k, const float* v,
                                      const float* mask, float* probs, float* out,
                                      const AttentionParams& p, int64_t task) {
  const int T = p.T, D = p.D;
  const HeadView hv = head_view(p, task);
  float* P = probs + hv.pOffset;
  const float* m = mask ? mask + hv.b * T : nullptr;
  const uint32_t threshold = dropout_threshold(p.rate);
  float* Pd = p.rate > 0 ? scratch(kSlotA, static_cast<size_t>(kCausalBlock) * T) : nullptr;
  for (int i0 = 0; i0 < T; i0 += kCausalBlock) {
    const int rows = std::min(kCausalBlock, T - i0), cols = i0 + rows;
    float* Pb = P + int64_t{i0} * T;
    gemm(rows, cols, D, MatRef{q + hv.offset + i0 * hv.ld, hv.ld, 1},
         MatRef{k + hv.offset, 1, hv.ld}, Pb, T, false);
    for (int r = 0; r < rows; ++r) {
      float* row = Pb + int64_t{r} * T;
      const int n = i0 + r + 1;
      if (m) {
        for (int j = 0; j < n; ++j) row[j] = row[j] * p.scale + m[j];
      } else {
        for (int j = 0; j < n; ++j) row[j] *= p.scale;
      }
      softmax_row_inplace(row, n);
      for (int j = n; j < cols; ++j) row[j] = 0.0f;
    }
    const float* weights = Pb;
    if (Pd) {
      // Element (i, j) of the whole [B, H, T, T] tensor keeps the index the stock
      // composition's mask gives it, so both paths drop the same weights.
      for (int r = 0; r < rows; ++r) {
        const int64_t base = hv.pOffset + int64_t{i0 + r} * T;
        const float* src = Pb + int64_t{r} * T;
        float* dst = Pd + int64_t{r} * T;
        for (int j = 0; j < cols; ++j)
          dst[j] = src[j] * dropout_factor(p.seed, static_cast<uint32_t>(base + j), threshold,
                                           p.keepScale);
      }
      weights = Pd;
    }
    gemm(rows, D, cols, MatRef{weights, T, 1}, MatRef{v + hv.offset, hv.ld, 1},
         out + hv.offsetO + int64_t{i0} * hv.ldo, hv.ldo, false);
  }
}

// Causal backward pass of one head. The query blocks run last to first: the first one seen
// reaches every key, so its products initialise dK and dV and the later (shorter) ones add in.
QK_SIMD_BODY void causal_backward_task(const float* dout, const float* q, const float* k,
                                       const float* v, const float* probs, float* dq, float* dk,
                                       float* dv, const AttentionParams& p, int64_t task) {
  const int T = p.T, D = p.D;
  const HeadView hv = head_view(p, task);
  const float* P = probs + hv.pOffset;
  const uint32_t threshold = dropout_threshold(p.rate);
  float* dP = scratch(kSlotA, static_cast<size_t>(kCausalBlock) * T);
  float* Pd = p.rate > 0 ? scratch(kSlotB, static_cast<size_t>(kCausalBlock) * T) : nullptr;
  const int last = ((T - 1) / kCausalBlock) * kCausalBlock;
  for (int i0 = last; i0 >= 0; i0 -= kCausalBlock) {
    const int rows = std::min(kCausalBlock, T - i0), cols = i0 + rows;
    const bool first = i0 == last;
    const float* Pb = P + int64_t{i0} * T;
    const MatRef dO{dout + hv.offsetO + int64_t{i0} * hv.ldo, hv.ldo, 1};
    // dPd = dO V^T over the keys this block sees.
    gemm(rows, cols, D, dO, MatRef{v + hv.offset, 1, hv.ld}, dP, T, false);
    const float* weights = Pb;
    if (Pd) {
      for (int r = 0; r < rows; ++r) {
        const int64_t base = hv.pOffset + int64_t{i0 + r} * T;
        for (int j = 0; j < cols; ++j) {
          const float f = dropout_factor(p.seed, static_cast<uint32_t>(base + j), threshold,
                                         p.keepScale);
          Pd[int64_t{r} * T + j] = Pb[int64_t{r} * T + j] * f;
          dP[int64_t{r} * T + j] *= f;
        }
      }
      weights = Pd;
    }
    // dV[0:cols] (+)= Pd^T dO
    gemm(cols, D, rows, MatRef{weights, 1, T}, dO, dv + hv.offset, hv.ld, !first);
    for (int r = 0; r < rows; ++r) {
      float* d = dP + int64_t{r} * T;
      const int n = i0 + r + 1;
      softmax_grad_row(d, Pb + int64_t{r} * T, d, n, p.scale);
      for (int j = n; j < cols; ++j) d[j] = 0.0f;
    }
    // dQ[block] = dS K[0:cols]; dK[0:cols] (+)= dS^T Q[block]
    gemm(rows, D, cols, MatRef{dP, T, 1}, MatRef{k + hv.offset, hv.ld, 1},
         dq + hv.offset + int64_t{i0} * hv.ld, hv.ld, false);
    gemm(cols, D, rows, MatRef{dP, 1, T}, MatRef{q + hv.offset + int64_t{i0} * hv.ld, hv.ld, 1},
         dk + hv.offset, hv.ld, !first);
  }
}

}  // namespace

void attention(const float* q, const float* k, const float* v, const float* mask, float* probs,
               float* out, const AttentionParams& p) {
  const int64_t tasks = int64_t{p.B} * p.H;
  const double flops = (p.causal ? 2.0 : 4.0) * tasks * p.T * p.T * p.D;
  parallel_for_work(tasks, flops, [&](int64_t task, int) {
    if (p.causal) simd_call<causal_forward_task>(q, k, v, mask, probs, out, p, task);
    else simd_call<forward_task>(q, k, v, mask, probs, out, p, task);
  });
}

void attention_grad(const float* dout, const float* q, const float* k, const float* v,
                    const float* probs, float* dq, float* dk, float* dv,
                    const AttentionParams& p) {
  const int64_t tasks = int64_t{p.B} * p.H;
  const double flops = (p.causal ? 4.0 : 8.0) * tasks * p.T * p.T * p.D;
  parallel_for_work(tasks, flops, [&](int64_t task, int) {
    if (p.causal) simd_call<causal_backward_task>(dout, q, k, v, probs, dq, dk, dv, p, task);
    else simd_call<backward_task>(dout, q, k, v, probs, dq, dk, dv, p, task);
  });
}

}  // namespace qk
