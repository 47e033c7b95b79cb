// The per-channel loops of the fused convolution blocks' im2col path (conv_block.cc): the max
// pool with its mask bytes (bias and activation applied first), its gradient, the ReLU mask,
// column sums and the bias epilogue.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <limits>

#include "conv_block.h"
#include "simd.h"

namespace qk {
namespace block {

// The channel loops below are small functions with restrict parameters: GCC vectorizes those
// cleanly, where loops over fixed-size local arrays came out scalar. Window positions are
// compared and selected as floats (exact up to 2^24) and only converted to bytes at the end:
// GCC's int32 selects and uint8 widenings ran 3 to 4 times slower.
using In = const float* __restrict;
using Out = float* __restrict;

// The mask byte of a window whose maximum is `best`, first found at position `pos`.
template <bool relu>
inline uint8_t mask_byte(float best, float pos) {
  const float code = relu && !(best > 0.f) ? static_cast<float>(kNoGrad) : pos;
  return static_cast<uint8_t>(static_cast<int32_t>(code));
}

// A whole 2x2 window (the usual pool): its four positions in one pass.
template <bool relu, bool with_mask>
QK_SIMD_BODY void pool_window4(In p0, In p1, In p2, In p3, In bias, Out y,
                               uint8_t* __restrict mask, int n) {
  for (int i = 0; i < n; ++i) {
    const float b = bias[i];
    float v[4] = {p0[i] + b, p1[i] + b, p2[i] + b, p3[i] + b};
    if (relu)
      for (int k = 0; k < 4; ++k) v[k] = v[k] < 0.f ? 0.f : v[k];
    float best = v[0], pos = 0.f;
    for (int k = 1; k < 4; ++k) {
      const bool gt = v[k] > best;
      best = gt ? v[k] : best;
      pos = gt ? static_cast<float>(k) : pos;
    }
    y[i] = best;
    if (with_mask) mask[i] = mask_byte<relu>(best, pos);
  }
}

// A whole 2x2 window's gradient: g to the masked position, 0 to the other three.
QK_SIMD_BODY void unpool_window4(In g, const uint8_t* __restrict mask, Out d0, Out d1, Out d2,
                                 Out d3, int n) {
  for (int i = 0; i < n; ++i) {
    const float gv = g[i];
    const float q = mask[i];
    d0[i] = q == 0.f ? gv : 0.f;
    d1[i] = q == 1.f ? gv : 0.f;
    d2[i] = q == 2.f ? gv : 0.f;
    d3[i] = q == 3.f ? gv : 0.f;
  }
}

QK_SIMD_BODY void pool_start(Out best, Out pos, int n) {
  for (int i = 0; i < n; ++i) {
    best[i] = -std::numeric_limits<float>::infinity();
    pos[i] = kNoGrad;
  }
}

// One window position k: bias, activation, then a strict comparison with the best so far.
template <bool relu>
QK_SIMD_BODY void pool_step(In px, In bias, Out best, Out pos, float k, int n) {
  for (int i = 0; i < n; ++i) {
    float v = px[i] + bias[i];
    v = relu && v < 0.f ? 0.f : v;
    const bool gt = v > best[i];
    best[i] = gt ? v : best[i];
    pos[i] = gt ? k : pos[i];
  }
}

template <bool relu, bool with_mask>
QK_SIMD_BODY void pool_end(In best, In pos, Out y, uint8_t* __restrict mask, int n) {
  for (int i = 0; i < n; ++i) y[i] = best[i];
  if (with_mask) {
    for (int i = 0; i < n; ++i) mask[i] = mask_byte<relu>(best[i], pos[i]);
  }
}

constexpr int kCB = 256;  // channels per block of the pooling loops (stack arrays)

// Max pool of one image's convolution output z [OH, OW, O] (before bias and activation) into
// y [PH, PW, O], adding the bias and applying the activation first (as the composition does),
// with the mask byte of each output: the first strict maximum in row-major window order (as
// tfjs's maxPoolPositions), kNoGrad where ReLU left the maximum at 0.
template <bool relu, bool with_mask>
QK_SIMD_BODY void pool_image(const float* z, const float* bias, float* y, uint8_t* mask,
                             const BlockParams& p) {
  const PoolParams& q = p.pl;
  const int O = p.conv.O;
  float best[kCB], pos[kCB];
  for (int ph = 0; ph < q.OH; ++ph) {
    const int rc = ph * q.sh - q.pt;
    const int r0 = std::max(0, rc), r1 = std::min(q.H, rc + q.KH);
    for (int pw = 0; pw < q.OW; ++pw) {
      const int cc = pw * q.sw - q.pl;
      const int c0 = std::max(0, cc), c1 = std::min(q.W, cc + q.KW);
      const int64_t at = (static_cast<int64_t>(ph) * q.OW + pw) * O;
      if (q.KH == 2 && q.KW == 2 && r1 - r0 == 2 && c1 - c0 == 2) {
        const float* p0 = z + (static_cast<int64_t>(r0) * q.W + c0) * O;
        const float* p2 = p0 + static_cast<int64_t>(q.W) * O;
        pool_window4<relu, with_mask>(p0, p0 + O, p2, p2 + O, bias, y + at,
                                      with_mask ? mask + at : nullptr, O);
        continue;
      }
      for (int o0 = 0; o0 < O; o0 += kCB) {
        const int ob = std::min(kCB, O - o0);
        pool_start(best, pos, ob);
        for (int r = r0; r < r1; ++r)
          for (int cl = c0; cl < c1; ++cl)
            pool_step<relu>(z + (static_cast<int64_t>(r) * q.W + cl) * O + o0, bias + o0, best,
                            pos, static_cast<float>((r - rc) * q.KW + (cl - cc)), ob);
        pool_end<relu, with_mask>(best, pos, y + at + o0, with_mask ? mask + at + o0 : nullptr,
                                  ob);
      }
    }
  }
}

template <bool add>
QK_SIMD_BODY void unpool_step(In g, const uint8_t* __restrict m, float k, Out d, int n) {
  for (int i = 0; i < n; ++i) {
    const float v = static_cast<float>(m[i]) == k ? g[i] : 0.f;
    d[i] = add ? d[i] + v : v;
  }
}

// The gradient at one image's convolution output, dz [OH, OW, O], from the pooled gradient dy
// [PH, PW, O] and the mask: each window routes its gradient to the recorded position.
QK_SIMD_BODY void unpool_image(const float* dy, const uint8_t* mask, float* dz,
                               const BlockParams& p) {
  const PoolParams& q = p.pl;
  const int O = p.conv.O;
  const bool overlap = q.KH > q.sh || q.KW > q.sw;
  const bool tiles = !overlap && q.pt == 0 && q.pl == 0 && q.OH * q.sh == q.H &&
                     q.OW * q.sw == q.W && q.KH == q.sh && q.KW == q.sw;
  if (!tiles) std::memset(dz, 0, sizeof(float) * static_cast<size_t>(q.H) * q.W * O);
  for (int ph = 0; ph < q.OH; ++ph) {
    const int rc = ph * q.sh - q.pt;
    const int r0 = std::max(0, rc), r1 = std::min(q.H, rc + q.KH);
    for (int pw = 0; pw < q.OW; ++pw) {
      const int cc = pw * q.sw - q.pl;
      const int c0 = std::max(0, cc), c1 = std::min(q.W, cc + q.KW);
      const int64_t at = (static_cast<int64_t>(ph) * q.OW + pw) * O;
      if (!overlap && q.KH == 2 && q.KW == 2 && r1 - r0 == 2 && c1 - c0 == 2) {
        float* d0 = dz + (static_cast<int64_t>(r0) * q.W + c0) * O;
        float* d2 = d0 + static_cast<int64_t>(q.W) * O;
        unpool_window4(dy + at, mask + at, d0, d0 + O, d2, d2 + O, O);
        continue;
      }
      for (int r = r0; r < r1; ++r) {
        for (int cl = c0; cl < c1; ++cl) {
          const float k = static_cast<float>((r - rc) * q.KW + (cl - cc));
          float* d = dz + (static_cast<int64_t>(r) * q.W + cl) * O;
          if (overlap) {
            unpool_step<true>(dy + at, mask + at, k, d, O);
          } else {
            unpool_step<false>(dy + at, mask + at, k, d, O);
          }
        }
      }
    }
  }
}

// dz = dy where y > 0 (ReLU without a pool), else 0.
QK_SIMD_BODY void relu_mask(In dy, In y, Out dz, int64_t n) {
  for (int64_t i = 0; i < n; ++i) dz[i] = y[i] > 0.f ? dy[i] : 0.f;
}

QK_SIMD_BODY void add_row(In v, Out acc, int n) {
  for (int i = 0; i < n; ++i) acc[i] += v[i];
}

// acc[o] += sum over rows of z[r, o].
QK_SIMD_BODY void column_sums(const float* z, int64_t rows, int O, float* acc) {
  for (int64_t r = 0; r < rows; ++r) add_row(z + r * O, acc, O);
}

template <bool relu>
QK_SIMD_BODY void bias_act_row(Out v, In bias, int n) {
  for (int i = 0; i < n; ++i) {
    const float u = v[i] + bias[i];
    v[i] = relu && u < 0.f ? 0.f : u;
  }
}

// bias + activation over rows of O floats (the direct path without a pool).
QK_SIMD_BODY void bias_act(float* z, int64_t rows, int O, const float* bias, int act) {
  for (int64_t r = 0; r < rows; ++r) {
    if (act == kActRelu) {
      bias_act_row<true>(z + r * O, bias, O);
    } else {
      bias_act_row<false>(z + r * O, bias, O);
    }
  }
}

}  // namespace block
}  // namespace qk
