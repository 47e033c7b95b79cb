// The per-channel loops of Winograd F(2x2, 3x3) (winograd.cc): the 1-D transforms Bᵀ, B, Aᵀ,
// A, G, Gᵀ, the filter transforms, and the 2x2 pool with its mask and gradient, each a loop
// over the channels of one tile.
#pragma once

#include <algorithm>
#include <cstdint>

#include "conv_block.h"
#include "gemm.h"
#include "simd.h"

namespace qk {
namespace wino {

// The transforms run one 1-D transform at a time (rows, then columns) over all channels of a
// tile, through a small per-tile buffer, with each loop's streams as separate restrict
// parameters: GCC vectorizes a loop over pointers it can tell apart, not one over an array of
// pointers, and a loop over 16 streams spills them (x86-64 has 15 spare registers).
using In = const float* __restrict;
using Out = float* __restrict;

// Bᵀ along one axis: 4 rows in, 4 out.
QK_SIMD_BODY void bt4(In d0, In d1, In d2, In d3, Out o0, Out o1, Out o2, Out o3, int n) {
  for (int i = 0; i < n; ++i) {
    const float a = d0[i], b = d1[i], c = d2[i], d = d3[i];
    o0[i] = a - c;
    o1[i] = b + c;
    o2[i] = c - b;
    o3[i] = b - d;
  }
}

// B along one axis (the adjoint of bt4), written, or added to what the outputs hold.
template <bool add>
QK_SIMD_BODY void b4(In v0, In v1, In v2, In v3, Out o0, Out o1, Out o2, Out o3, int n) {
  for (int i = 0; i < n; ++i) {
    const float a = v0[i], b = v1[i], c = v2[i], d = v3[i];
    const float r0 = a, r1 = b - c + d, r2 = b + c - a, r3 = -d;
    o0[i] = add ? o0[i] + r0 : r0;
    o1[i] = add ? o1[i] + r1 : r1;
    o2[i] = add ? o2[i] + r2 : r2;
    o3[i] = add ? o3[i] + r3 : r3;
  }
}

// Aᵀ along one axis: 4 rows in, 2 out.
QK_SIMD_BODY void at4(In m0, In m1, In m2, In m3, Out r0, Out r1, int n) {
  for (int i = 0; i < n; ++i) {
    const float a = m0[i], b = m1[i], c = m2[i], d = m3[i];
    r0[i] = a + b + c;
    r1[i] = b - c - d;
  }
}

// Aᵀ along the second axis, + bias, then ReLU.
template <bool relu>
QK_SIMD_BODY void at4_bias(In m0, In m1, In m2, In m3, In bias, Out y0, Out y1, int n) {
  for (int i = 0; i < n; ++i) {
    const float a = m0[i], b = m1[i], c = m2[i], d = m3[i];
    const float u = a + b + c + bias[i], v = b - c - d + bias[i];
    y0[i] = relu && u < 0.f ? 0.f : u;
    y1[i] = relu && v < 0.f ? 0.f : v;
  }
}

// A along one axis: 2 rows in, 4 out.
QK_SIMD_BODY void a2(In z0, In z1, Out q0, Out q1, Out q2, Out q3, int n) {
  for (int i = 0; i < n; ++i) {
    const float a = z0[i], b = z1[i];
    q0[i] = a;
    q1[i] = a + b;
    q2[i] = a - b;
    q3[i] = -b;
  }
}

// G along one axis: 3 rows in, 4 out.
QK_SIMD_BODY void g3(In a, In b, In c, Out o0, Out o1, Out o2, Out o3, int n) {
  for (int i = 0; i < n; ++i) {
    const float x = a[i], y = b[i], z = c[i];
    o0[i] = x;
    o1[i] = 0.5f * (x + y + z);
    o2[i] = 0.5f * (x - y + z);
    o3[i] = z;
  }
}

// Gᵀ along one axis (the adjoint of g3): 4 rows in, 3 out.
QK_SIMD_BODY void gt4(In d0, In d1, In d2, In d3, Out r0, Out r1, Out r2, int n) {
  for (int i = 0; i < n; ++i) {
    const float a = d0[i], b = d1[i], c = d2[i], d = d3[i];
    r0[i] = a + 0.5f * (b + c);
    r1[i] = 0.5f * (b - c);
    r2[i] = 0.5f * (b + c) + d;
  }
}

// U = G g Gᵀ for the filter w [3, 3, C, O]: U[ξ] is a C x O matrix, written where `at(ξ, c)`
// says row c of U[ξ] goes (a plain [16][C][O] array, or the GEMM's packed panels); `panel`
// floats of a row are contiguous there (O, or 16 in packed panels). buf: 12 * O floats.
template <class At>
QK_SIMD_BODY void filter_transform(const float* w, int C, int O, At at, int panel, float* buf) {
  const int64_t tap = static_cast<int64_t>(C) * O;
  for (int c = 0; c < C; ++c) {
    const float* g = w + static_cast<int64_t>(c) * O;
    float* t = buf;  // t[i][b]: rows 4 * b + i
    for (int b = 0; b < 3; ++b)
      g3(g + b * tap, g + (3 + b) * tap, g + (6 + b) * tap, t + (4 * b) * O, t + (4 * b + 1) * O,
         t + (4 * b + 2) * O, t + (4 * b + 3) * O, O);
    for (int i = 0; i < 4; ++i)
      for (int o0 = 0; o0 < O; o0 += panel) {
        const int n = std::min(panel, O - o0);
        g3(t + i * O + o0, t + (4 + i) * O + o0, t + (8 + i) * O + o0, at(4 * i, c, o0),
           at(4 * i + 1, c, o0), at(4 * i + 2, c, o0), at(4 * i + 3, c, o0), n);
      }
  }
}

// dw [3, 3, C, O] = Gᵀ dU G from dU[ξ][c][o]. buf: 12 * O floats.
QK_SIMD_BODY void filter_transform_adjoint(const float* du, int C, int O, float* dw, float* buf) {
  const int64_t tap = static_cast<int64_t>(C) * O;
  for (int c = 0; c < C; ++c) {
    const float* s = du + static_cast<int64_t>(c) * O;
    float* r = buf;  // r[a][j]: rows 4 * a + j
    for (int j = 0; j < 4; ++j)
      gt4(s + j * tap, s + (4 + j) * tap, s + (8 + j) * tap, s + (12 + j) * tap, r + j * O,
          r + (4 + j) * O, r + (8 + j) * O, O);
    float* d = dw + static_cast<int64_t>(c) * O;
    for (int a = 0; a < 3; ++a) {
      const float* q = r + 4 * a * O;
      gt4(q, q + O, q + 2 * O, q + 3 * O, d + (3 * a) * tap, d + (3 * a + 1) * tap,
          d + (3 * a + 2) * tap, O);
    }
  }
}

// U[ξ] as plain [16][C][O] rows.
struct PlainAt {
  float* u;
  int64_t tap, O;
  float* operator()(int xi, int c, int o0) const { return u + xi * tap + c * O + o0; }
};

// U[ξ] straight into the GEMM's packed panels (pack_b's layout with N = O a multiple of kNR and
// one depth block, C <= kKC): row c of panel o0 / 16 at (o0 / 16) * C * 16 + c * 16.
struct PackedAt {
  float* up;
  size_t packed;
  int C;
  float* operator()(int xi, int c, int o0) const {
    return up + xi * packed + static_cast<int64_t>(o0 / kNR) * C * kNR + c * kNR;
  }
};

// The 2x2 max pool of a tile's outputs (row-major), first strict maximum; the mask byte is
// kNoGrad where ReLU left the maximum at 0. Positions are selected as floats and mask bytes
// compared as floats: GCC's int32 selects and uint8 widenings ran 3 to 4 times slower.
template <bool relu, bool with_mask>
QK_SIMD_BODY void pool4(In v0, In v1, In v2, In v3, Out y, uint8_t* __restrict mask, int n) {
  for (int i = 0; i < n; ++i) {
    float best = v0[i], pos = 0.f;
    const float v[3] = {v1[i], v2[i], v3[i]};
    for (int k = 0; k < 3; ++k) {
      const bool gt = v[k] > best;
      best = gt ? v[k] : best;
      pos = gt ? static_cast<float>(k + 1) : pos;
    }
    y[i] = best;
    if (with_mask) {
      const float code = relu && !(best > 0.f) ? static_cast<float>(kNoGrad) : pos;
      mask[i] = static_cast<uint8_t>(static_cast<int32_t>(code));
    }
  }
}

// The pool's gradient at a tile's four outputs: g at the masked position; adds to db.
QK_SIMD_BODY void unpool4(In g, const uint8_t* __restrict mask, Out db, Out z0, Out z1, Out z2,
                          Out z3, int n) {
  for (int i = 0; i < n; ++i) {
    const float gv = g[i];
    const float q = mask[i];
    z0[i] = q == 0.f ? gv : 0.f;
    z1[i] = q == 1.f ? gv : 0.f;
    z2[i] = q == 2.f ? gv : 0.f;
    z3[i] = q == 3.f ? gv : 0.f;
    db[i] += q < 4.f ? gv : 0.f;
  }
}

// dy at one output, 0 where ReLU's output is not positive; adds to db.
template <bool relu>
QK_SIMD_BODY void relu_grad(In g, In y, Out db, Out z, int n) {
  for (int i = 0; i < n; ++i) {
    const float v = relu ? (y[i] > 0.f ? g[i] : 0.f) : g[i];
    z[i] = v;
    db[i] += v;
  }
}

}  // namespace wino
}  // namespace qk
