// Winograd F(2x2, 3x3) for the fused convolution blocks (conv_block.h): each 2x2 tile of
// outputs comes from a 4x4 tile of inputs through 16 element-wise products per channel pair
// instead of 36, the products done as 16 GEMMs over a chunk of tiles (Lavin & Gray 2016):
//   Y = Aᵀ [(G g Gᵀ) ⊙ (Bᵀ d B)] A.
// A 2x2 tile is exactly one window of a 2x2 stride-2 max pool, so the pool, the bias and the
// ReLU run in the output transform and the convolution's output is never stored. The backward
// pass is the adjoint of the same maps: dd = B [U ⊙ (A dY Aᵀ)] Bᵀ (overlap-added into dx) and
// dU = Σ_tiles (Bᵀ d B) ⊙ (A dY Aᵀ), dg = Gᵀ dU G, with dY built from the pool's mask.
#include <algorithm>
#include <cstring>
#include <vector>

#include "conv_block.h"
#include "gemm.h"
#include "thread_pool.h"
#include "vmath.h"
#include "winograd_loops.h"

namespace qk {
namespace {

using namespace wino;  // NOLINT: the per-channel loops of winograd_loops.h

// Scratch slots as in conv_block.cc: 2 the transformed, packed filter; 3 transformed inputs;
// 4 transformed outputs or output gradients; 5 transformed input gradients; 6 a row of zeros
// (inputs outside the image); 7 rows that absorb what falls outside the image or the output.
constexpr int kSlotFilter = 2, kSlotV = 3, kSlotM = 4, kSlotDV = 5, kSlotZeros = 6,
              kSlotSink = 7;
// A packed copy of M (when O is not a multiple of 16) reuses the GEMM's B slot: gemm_a_direct
// packs nothing there. 8: the transforms' per-tile buffer.
constexpr int kSlotPackedM = 1, kSlotBuf = 8;

struct Tiling {
  int TH, TW;   // tiles per image (rows, columns)
  int64_t tpi;  // tiles per image
};

Tiling tiling(const BlockParams& p) {
  const ConvParams& c = p.conv;
  Tiling t;
  t.TH = p.pool ? p.pl.OH : (c.OH + 1) / 2;
  t.TW = p.pool ? p.pl.OW : (c.OW + 1) / 2;
  t.tpi = static_cast<int64_t>(t.TH) * t.TW;
  return t;
}

// Tiles per chunk: the chunk's transformed data (16 floats per channel and tile, `per_tile`
// channels' worth) stays within about 384 KB, in L2; a multiple of the GEMM's row tile.
int chunk_tiles(int64_t per_tile) {
  const int64_t t = (96 * 1024) / std::max<int64_t>(1, 16 * per_tile);
  return static_cast<int>(std::max<int64_t>(kMR, std::min<int64_t>(256, t) / kMR * kMR));
}

struct TileAt {
  int64_t n;
  int ty, tx;
};
inline TileAt tile_at(const Tiling& g, int64_t t) {
  const int64_t r = t % g.tpi;
  return {t / g.tpi, static_cast<int>(r / g.TW), static_cast<int>(r % g.TW)};
}

// The 16 input positions of a tile (zeros outside the image) or where their gradients go
// (sink rows outside).
template <class P>
inline void tile_inputs(const ConvParams& c, const TileAt& at, P base, P outside, int64_t step,
                        P* at16) {
  for (int i = 0; i < 4; ++i) {
    const int ih = 2 * at.ty - c.pt + i;
    for (int j = 0; j < 4; ++j) {
      const int iw = 2 * at.tx - c.pl + j;
      const bool in = ih >= 0 && ih < c.H && iw >= 0 && iw < c.W;
      at16[i * 4 + j] = in ? base + ((at.n * c.H + ih) * c.W + iw) * c.C : outside + (i * 4 + j) * step;
    }
  }
}

// V[ξ][t][c] = (Bᵀ d B)[ξ] for the tiles t0 .. t0 + T (d: the tile's 4x4 inputs, 0 outside);
// buf holds 16 * C floats.
QK_SIMD_BODY void input_transform(const float* x, const ConvParams& c, const Tiling& g,
                                  int64_t t0, int T, float* V, const float* zeros, float* buf) {
  const int C = c.C;
  const int64_t plane = static_cast<int64_t>(T) * C;
  for (int t = 0; t < T; ++t) {
    const float* d[16];
    tile_inputs(c, tile_at(g, t0 + t), x, zeros, 0, d);
    float* r = buf;
    for (int j = 0; j < 4; ++j)
      bt4(d[j], d[4 + j], d[8 + j], d[12 + j], r + j * C, r + (4 + j) * C, r + (8 + j) * C,
          r + (12 + j) * C, C);
    float* v = V + static_cast<int64_t>(t) * C;
    for (int i = 0; i < 4; ++i) {
      const float* q = r + 4 * i * C;
      bt4(q, q + C, q + 2 * C, q + 3 * C, v + (4 * i) * plane, v + (4 * i + 1) * plane,
          v + (4 * i + 2) * plane, v + (4 * i + 3) * plane, C);
    }
  }
}

// dx += (B dV Bᵀ) of each tile at its 4x4 inputs (the adjoint of input_transform); inputs
// outside the image add into rows of `sink` (16 * C floats: no two outputs of a tile share
// memory); buf holds 16 * C floats.
QK_SIMD_BODY void input_transform_adjoint(const float* dV, const ConvParams& c, const Tiling& g,
                                          int64_t t0, int T, float* dx, float* sink,
                                          float* buf) {
  const int C = c.C;
  const int64_t plane = static_cast<int64_t>(T) * C;
  for (int t = 0; t < T; ++t) {
    float* d[16];
    tile_inputs(c, tile_at(g, t0 + t), dx, sink, C, d);
    const float* v = dV + static_cast<int64_t>(t) * C;
    float* q = buf;
    for (int l = 0; l < 4; ++l)
      b4<false>(v + l * plane, v + (4 + l) * plane, v + (8 + l) * plane, v + (12 + l) * plane,
                q + l * C, q + (4 + l) * C, q + (8 + l) * C, q + (12 + l) * C, C);
    for (int i = 0; i < 4; ++i) {
      const float* r = q + 4 * i * C;
      b4<true>(r, r + C, r + 2 * C, r + 3 * C, d[4 * i], d[4 * i + 1], d[4 * i + 2],
               d[4 * i + 3], C);
    }
  }
}

// Y = Aᵀ M A per tile and channel, + bias (O floats, zeros without one), activation; then the
// 2x2 pool (y indexed by tile, the mask byte per output) or the tile's valid outputs written
// to y [N, OH, OW, O] (the others into sink rows). buf holds 12 * O floats.
template <bool relu>
QK_SIMD_BODY void output_transform(const float* M, const BlockParams& p, const Tiling& g,
                                   int64_t t0, int T, const float* bias, float* y,
                                   uint8_t* mask, float* sink, float* buf) {
  const ConvParams& c = p.conv;
  const int O = c.O;
  const int64_t plane = static_cast<int64_t>(T) * O;
  float* r = buf;           // [2][4] rows of O
  float* v = buf + 8 * O;   // the tile's 4 outputs
  for (int t = 0; t < T; ++t) {
    const float* m = M + static_cast<int64_t>(t) * O;
    for (int j = 0; j < 4; ++j)
      at4(m + j * plane, m + (4 + j) * plane, m + (8 + j) * plane, m + (12 + j) * plane,
          r + j * O, r + (4 + j) * O, O);
    float* out[4];
    if (p.pool) {
      for (int k = 0; k < 4; ++k) out[k] = v + k * O;
    } else {
      const TileAt at = tile_at(g, t0 + t);
      for (int a = 0; a < 2; ++a)
        for (int b = 0; b < 2; ++b) {
          const int oh = 2 * at.ty + a, ow = 2 * at.tx + b;
          const bool in = oh < c.OH && ow < c.OW;
          out[a * 2 + b] = in ? y + ((at.n * c.OH + oh) * c.OW + ow) * O : sink + (a * 2 + b) * O;
        }
    }
    for (int a = 0; a < 2; ++a) {
      const float* q = r + 4 * a * O;
      at4_bias<relu>(q, q + O, q + 2 * O, q + 3 * O, bias, out[2 * a], out[2 * a + 1], O);
    }
    if (!p.pool) continue;
    float* yt = y + (t0 + t) * O;
    if (mask) {
      pool4<relu, true>(v, v + O, v + 2 * O, v + 3 * O, yt, mask + (t0 + t) * O, O);
    } else {
      pool4<relu, false>(v, v + O, v + 2 * O, v + 3 * O, yt, nullptr, O);
    }
  }
}

// M[ξ][t][o] = (A dY Aᵀ)[ξ] for the tiles' output gradients dY (2x2 per tile: the pool's
// gradient at the masked position, or dy where y > 0 under ReLU without a pool), and the bias
// gradient's partial sums. buf holds 12 * O floats.
template <bool relu>
QK_SIMD_BODY void grad_transform(const float* dy, const float* y, const uint8_t* mask,
                                 const BlockParams& p, const Tiling& g, int64_t t0, int T,
                                 float* M, float* db, const float* zeros, float* buf) {
  const ConvParams& c = p.conv;
  const int O = c.O;
  const int64_t plane = static_cast<int64_t>(T) * O;
  float* z = buf;          // the tile's 2x2 output gradient, row-major
  float* q = buf + 4 * O;  // [4][2]
  for (int t = 0; t < T; ++t) {
    if (p.pool) {
      unpool4(dy + (t0 + t) * O, mask + (t0 + t) * O, db, z, z + O, z + 2 * O, z + 3 * O, O);
    } else {
      const TileAt at = tile_at(g, t0 + t);
      for (int a = 0; a < 2; ++a)
        for (int b = 0; b < 2; ++b) {
          const int oh = 2 * at.ty + a, ow = 2 * at.tx + b;
          const bool in = oh < c.OH && ow < c.OW;
          const int64_t off = ((at.n * c.OH + oh) * c.OW + ow) * O;
          // Outside the output the gradient is 0 (zeros holds O of them).
          relu_grad<relu>(in ? dy + off : zeros, in && relu ? y + off : zeros, db,
                          z + (a * 2 + b) * O, O);
        }
    }
    for (int b = 0; b < 2; ++b)
      a2(z + b * O, z + (2 + b) * O, q + b * O, q + (2 + b) * O, q + (4 + b) * O,
         q + (6 + b) * O, O);
    float* m = M + static_cast<int64_t>(t) * O;
    for (int i = 0; i < 4; ++i)
      a2(q + 2 * i * O, q + (2 * i + 1) * O, m + (4 * i) * plane, m + (4 * i + 1) * plane,
         m + (4 * i + 2) * plane, m + (4 * i + 3) * plane, O);
  }
}

QK_SIMD_BODY void add_into(float* dst, const float* src, int64_t n) {
  for (int64_t i = 0; i < n; ++i) dst[i] += src[i];
}

float* zero_row(int slot, int n) {
  float* z = scratch(slot, static_cast<size_t>(n));
  std::fill(z, z + n, 0.f);
  return z;
}

}  // namespace

bool winograd_ok(const BlockParams& p) {
  const ConvParams& c = p.conv;
  if (c.KH != 3 || c.KW != 3 || c.sh != 1 || c.sw != 1 || c.dh != 1 || c.dw != 1) return false;
  // With few channels the GEMMs are too thin for the transforms to pay (the first layer of an
  // image model: one to three channels).
  if (c.C < 4 || c.O < 8) return false;
  if (p.pool) {
    const PoolParams& q = p.pl;
    return q.KH == 2 && q.KW == 2 && q.sh == 2 && q.sw == 2 && q.pt == 0 && q.pl == 0 &&
           2 * q.OH <= c.OH && 2 * q.OW <= c.OW;
  }
  // Without a pool, odd output sizes leave partial tiles: 16 products per tile (plus the
  // transforms) must beat 9 per output.
  const double tiles = static_cast<double>((c.OH + 1) / 2) * ((c.OW + 1) / 2);
  return tiles * 16 * 1.3 < static_cast<double>(c.OH) * c.OW * 9;
}

void winograd_forward(const float* x, const float* w, const float* bias, float* y,
                      uint8_t* mask, const BlockParams& p) {
  const ConvParams& c = p.conv;
  const int C = c.C, O = c.O;
  const Tiling g = tiling(p);
  const size_t packed = packed_b_floats(C, O);
  const int64_t plane = static_cast<int64_t>(C) * O;
  float* up = scratch(kSlotFilter, 16 * packed + 16 * plane);
  float* buf = scratch(kSlotBuf, static_cast<size_t>(16) * std::max(C, O));
  if (O % kNR == 0 && C <= kKC) {
    // Transformed straight into packed panels: for one image the filter's transform and
    // packing cost more than the products.
    simd_call<filter_transform<PackedAt>>(w, C, O, PackedAt{up, packed, C}, kNR, buf);
  } else {
    float* u = up + 16 * packed;
    simd_call<filter_transform<PlainAt>>(w, C, O, PlainAt{u, plane, O}, O, buf);
    for (int k = 0; k < 16; ++k) pack_b(C, O, MatRef{u + k * plane, O, 1}, up + k * packed);
  }
  const int64_t tiles = c.N * g.tpi;
  const int Tc = chunk_tiles(C + O);
  const int64_t chunks = (tiles + Tc - 1) / Tc;
  parallel_for_work(chunks, 32.0 * tiles * plane, [&](int64_t ci, int) {
    const int64_t t0 = ci * Tc;
    const int T = static_cast<int>(std::min<int64_t>(Tc, tiles - t0));
    float* V = scratch(kSlotV, static_cast<size_t>(16) * T * C);
    float* M = scratch(kSlotM, static_cast<size_t>(16) * T * O);
    const float* zeros = zero_row(kSlotZeros, std::max(C, O));
    float* sink = scratch(kSlotSink, static_cast<size_t>(4) * O);
    float* buf = scratch(kSlotBuf, static_cast<size_t>(16) * std::max(C, O));
    simd_call<input_transform>(x, c, g, t0, T, V, zeros, buf);
    for (int k = 0; k < 16; ++k)
      gemm_a_direct(T, O, C, MatRef{V + k * T * C, C, 1}, packed_panels(up + k * packed, O),
                    M + k * T * O, O, false);
    const float* b = bias ? bias : zeros;
    if (p.act == kActRelu) {
      simd_call<output_transform<true>>(M, p, g, t0, T, b, y, mask, sink, buf);
    } else {
      simd_call<output_transform<false>>(M, p, g, t0, T, b, y, mask, sink, buf);
    }
  });
}

void winograd_backward(const float* dy, const float* x, const float* w, const float* y,
                       const uint8_t* mask, float* dx, float* dw, float* db,
                       const BlockParams& p) {
  const ConvParams& c = p.conv;
  const int C = c.C, O = c.O;
  const Tiling g = tiling(p);
  const int64_t plane = static_cast<int64_t>(C) * O;
  const size_t packed = packed_b_floats(O, C);
  float* utp = nullptr;
  if (dx) {
    // Uᵀ per ξ, packed as the B operand of dV (T x C) = M (T x O) x Uᵀ (O x C).
    utp = scratch(kSlotFilter, 16 * packed + 16 * plane);
    float* u = utp + 16 * packed;
    float* buf = scratch(kSlotBuf, static_cast<size_t>(16) * std::max(C, O));
    simd_call<filter_transform<PlainAt>>(w, C, O, PlainAt{u, plane, O}, O, buf);
    for (int k = 0; k < 16; ++k) pack_b(O, C, MatRef{u + k * plane, 1, O}, utp + k * packed);
  }
  const int64_t image = static_cast<int64_t>(c.H) * c.W * C;
  const int Tc = chunk_tiles(2 * C + O);
  // A fixed number of image groups, each with its own partial dU and bias gradient, added in
  // order: results do not depend on the thread count (as conv2d_backprop_filter).
  const int64_t G = std::max<int64_t>(1, std::min<int64_t>(c.N, 8));
  const int64_t part_len = 16 * plane + O;
  thread_local std::vector<float> partial_store;
  if (partial_store.size() < static_cast<size_t>(part_len * G))
    partial_store.resize(part_len * G);
  float* partials = partial_store.data();
  parallel_for(G, [&](int64_t gi, int) {
    const int64_t n0 = c.N * gi / G, n1 = c.N * (gi + 1) / G;
    float* pdu = partials + gi * part_len;
    float* pdb = pdu + 16 * plane;
    std::fill(pdu, pdu + part_len, 0.f);
    if (dx) std::fill(dx + n0 * image, dx + n1 * image, 0.f);
    const float* zeros = zero_row(kSlotZeros, std::max(C, O));
    float* sink = scratch(kSlotSink, static_cast<size_t>(16) * C);
    float* buf = scratch(kSlotBuf, static_cast<size_t>(16) * std::max(C, O));
    for (int64_t t0 = n0 * g.tpi; t0 < n1 * g.tpi; t0 += Tc) {
      const int T = static_cast<int>(std::min<int64_t>(Tc, n1 * g.tpi - t0));
      float* M = scratch(kSlotM, static_cast<size_t>(16) * T * O);
      if (p.act == kActRelu) {
        simd_call<grad_transform<true>>(dy, y, mask, p, g, t0, T, M, pdb, zeros, buf);
      } else {
        simd_call<grad_transform<false>>(dy, y, mask, p, g, t0, T, M, pdb, zeros, buf);
      }
      if (dw) {
        float* V = scratch(kSlotV, static_cast<size_t>(16) * T * C);
        simd_call<input_transform>(x, c, g, t0, T, V, zeros, buf);
        // dU[ξ] (C x O) += V[ξ]ᵀ (C x T) x M[ξ] (T x O), M read in place when its rows are
        // whole panels.
        for (int k = 0; k < 16; ++k) {
          const float* mk = M + k * T * O;
          BPanels b{mk, O, true};
          if (O % kNR != 0) {
            float* bp = scratch(kSlotPackedM, packed_b_floats(T, O));
            pack_b(T, O, MatRef{mk, O, 1}, bp);
            b = packed_panels(bp, O);
          }
          gemm_a_direct(C, O, T, MatRef{V + k * T * C, 1, C}, b, pdu + k * plane, O, true);
        }
      }
      if (dx) {
        float* dV = scratch(kSlotDV, static_cast<size_t>(16) * T * C);
        for (int k = 0; k < 16; ++k)
          gemm_a_direct(T, C, O, MatRef{M + k * T * O, O, 1}, packed_panels(utp + k * packed, C),
                        dV + k * T * C, C, false);
        simd_call<input_transform_adjoint>(dV, c, g, t0, T, dx, sink, buf);
      }
    }
  });
  for (int64_t gi = 1; gi < G; ++gi)
    simd_call<add_into>(partials, partials + gi * part_len, part_len);
  if (dw) {
    float* buf = scratch(kSlotBuf, static_cast<size_t>(16) * std::max(C, O));
    simd_call<filter_transform_adjoint>(partials, C, O, dw, buf);
  }
  if (db) std::copy(partials + 16 * plane, partials + part_len, db);
}

}  // namespace qk
