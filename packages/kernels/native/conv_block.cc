// Fused convolution blocks (conv_block.h), im2col + GEMM for any geometry. 3x3 stride-1 blocks
// go to winograd.cc instead when winograd_ok says so.
#include "conv_block.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <vector>

#include "conv_block_loops.h"
#include "conv_internal.h"
#include "gemm.h"
#include "thread_pool.h"
#include "vmath.h"

namespace qk {
namespace {

using namespace block;  // NOLINT: the per-channel loops of conv_block_loops.h

// Scratch slots (gemm.h's scratch): 0 and 1 belong to the GEMM, 2 holds the packed filter (the
// calling thread packs it once, the tasks read it), 3 im2col rows, 4 the convolution output or
// its gradient for a group of images, 5 the gradient of im2col rows.
constexpr int kSlotFilter = 2, kSlotCol = 3, kSlotZ = 4, kSlotDcol = 5;

// Filters this small (the first layer of an image model: 3x3 over 1 to 3 channels) take a GEMM
// that reads the im2col rows in place: with K = 9, packing them cost more than the products.
constexpr int kDirectMaxK = 32;
bool direct_ok(const ConvParams& c) {
  return static_cast<int64_t>(c.KH) * c.KW * c.C <= kDirectMaxK;
}

int64_t filter_depth(const ConvParams& c) { return static_cast<int64_t>(c.KH) * c.KW * c.C; }

// Images per task: enough for about `rows` convolution rows, so small images share a GEMM.
int64_t images_per_chunk(const ConvParams& c, int64_t rows) {
  const int64_t ohw = std::max<int64_t>(1, static_cast<int64_t>(c.OH) * c.OW);
  return std::max<int64_t>(1, rows / ohw);
}

// O zeros, for a missing bias (a thread-local row that only grows).
const float* zero_bias(int O) {
  thread_local std::vector<float> zeros;
  if (zeros.size() < static_cast<size_t>(O)) zeros.assign(O, 0.f);
  return zeros.data();
}

void forward_generic(const float* x, const float* w, const float* bias, float* y, uint8_t* mask,
                     const BlockParams& p) {
  const ConvParams& c = p.conv;
  const bool direct = direct_ok(c);
  if (!p.pool && !direct) {
    conv2d(x, w, bias, p.act, 0.f, y, c);
    return;
  }
  const int64_t K = filter_depth(c);
  const int64_t ohw = static_cast<int64_t>(c.OH) * c.OW;
  const int64_t pooled = static_cast<int64_t>(p.pl.OH) * p.pl.OW * c.O;
  const bool pointwise = is_pointwise(c);
  // The filter packed once for all images, or read in place when there are few rows to reuse
  // it (one small image: packing would cost more than the products).
  const int64_t M = c.N * ohw;
  BPanels wpanels{w, c.O, true};
  if (!b_direct_ok(MatRef{w, c.O, 1}, static_cast<int>(std::min<int64_t>(M, 1 << 30)), c.O)) {
    float* wp = scratch(kSlotFilter, packed_b_floats(static_cast<int>(K), c.O));
    pack_b(static_cast<int>(K), c.O, MatRef{w, c.O, 1}, wp);
    wpanels = packed_panels(wp, c.O);
  }
  const float* b = bias ? bias : zero_bias(c.O);
  const int64_t R = rows_per_chunk(K, 24 * 1024, 48, 512);
  const int64_t ipc = images_per_chunk(c, R);
  const int64_t tasks = (c.N + ipc - 1) / ipc;
  const bool relu = p.act == kActRelu;
  parallel_for_work(tasks, 2.0 * c.N * ohw * K * c.O, [&](int64_t t, int) {
    const int64_t n0 = t * ipc, n1 = std::min<int64_t>(c.N, n0 + ipc);
    const int64_t rows = (n1 - n0) * ohw;
    // Without a pool (direct filters only) the convolution goes straight into y.
    float* z = p.pool ? scratch(kSlotZ, static_cast<size_t>(rows * c.O)) : y + n0 * ohw * c.O;
    for (int64_t r0 = 0; r0 < rows; r0 += R) {
      const int64_t rr = std::min(R, rows - r0);
      const float* a = x + (n0 * ohw + r0) * K;
      if (direct) {
        float* col = scratch(kSlotCol, static_cast<size_t>(R * K));
        im2col(x, c, n0 * ohw + r0, rr, col);
        gemm_a_direct(static_cast<int>(rr), c.O, static_cast<int>(K), MatRef{col, K, 1}, wpanels,
                      z + r0 * c.O, c.O, false);
        continue;
      }
      if (!pointwise) {
        float* col = scratch(kSlotCol, static_cast<size_t>(R * K));
        im2col(x, c, n0 * ohw + r0, rr, col);
        a = col;
      }
      gemm_panels(static_cast<int>(rr), c.O, static_cast<int>(K), MatRef{a, K, 1}, wpanels,
                  z + r0 * c.O, c.O, false);
    }
    if (!p.pool) {
      simd_call<bias_act>(z, rows, c.O, b, p.act);
      return;
    }
    for (int64_t n = n0; n < n1; ++n) {
      const float* zn = z + (n - n0) * ohw * c.O;
      float* yn = y + n * pooled;
      uint8_t* mn = mask ? mask + n * pooled : nullptr;
      if (relu && mask) simd_call<pool_image<true, true>>(zn, b, yn, mn, p);
      if (relu && !mask) simd_call<pool_image<true, false>>(zn, b, yn, mn, p);
      if (!relu && mask) simd_call<pool_image<false, true>>(zn, b, yn, mn, p);
      if (!relu && !mask) simd_call<pool_image<false, false>>(zn, b, yn, mn, p);
    }
  });
}

void backward_generic(const float* dy, const float* x, const float* w, const float* y,
                      const uint8_t* mask, float* dx, float* dw, float* db,
                      const BlockParams& p) {
  const ConvParams& c = p.conv;
  const int O = c.O;
  const int64_t K = filter_depth(c);
  const int64_t ohw = static_cast<int64_t>(c.OH) * c.OW;
  const int64_t image = static_cast<int64_t>(c.H) * c.W * c.C;
  const int64_t pooled = static_cast<int64_t>(p.pl.OH) * p.pl.OW * O;
  const int64_t dw_len = K * O;
  const bool pointwise = is_pointwise(c);
  float* wtp = nullptr;
  if (dx) {
    wtp = scratch(kSlotFilter, packed_b_floats(O, static_cast<int>(K)));
    pack_b(O, static_cast<int>(K), MatRef{w, 1, O}, wtp);
  }
  const int64_t R = rows_per_chunk(K, 24 * 1024, 48, 512);
  const int64_t ipc = images_per_chunk(c, R);
  // A fixed number of image groups, independent of the thread count, each summing its own
  // partial filter and bias gradients; the partials are added in order, so the results do not
  // depend on the threads or on scheduling.
  const int64_t G = std::max<int64_t>(1, std::min<int64_t>(c.N, 8));
  const int64_t part_len = dw_len + O;
  thread_local std::vector<float> partial_store;
  if (dw || db) {
    if (partial_store.size() < static_cast<size_t>(part_len * G))
      partial_store.resize(part_len * G);
  }
  float* partials = partial_store.data();
  parallel_for(G, [&](int64_t g, int) {
    const int64_t g0 = c.N * g / G, g1 = c.N * (g + 1) / G;
    float* pdw = dw || db ? partials + g * part_len : nullptr;
    float* pdb = pdw ? pdw + dw_len : nullptr;
    if (pdw) std::fill(pdw, pdw + part_len, 0.f);
    if (dx && !pointwise) std::fill(dx + g0 * image, dx + g1 * image, 0.f);
    for (int64_t n0 = g0; n0 < g1; n0 += ipc) {
      const int64_t n1 = std::min(g1, n0 + ipc);
      const int64_t rows = (n1 - n0) * ohw;
      const int64_t m0 = n0 * ohw;
      const float* dz = dy + m0 * O;
      if (p.pool) {
        float* buf = scratch(kSlotZ, static_cast<size_t>(rows * O));
        for (int64_t n = n0; n < n1; ++n)
          simd_call<unpool_image>(dy + n * pooled, mask + n * pooled, buf + (n - n0) * ohw * O,
                                  p);
        dz = buf;
      } else if (p.act == kActRelu) {
        float* buf = scratch(kSlotZ, static_cast<size_t>(rows * O));
        simd_call<relu_mask>(dy + m0 * O, y + m0 * O, buf, rows * O);
        dz = buf;
      }
      if (pdb) simd_call<column_sums>(dz, rows, O, pdb);
      for (int64_t r0 = 0; r0 < rows; r0 += R) {
        const int64_t rr = std::min(R, rows - r0);
        const float* dzr = dz + r0 * O;
        if (dw) {
          const float* a = x + (m0 + r0) * K;
          if (!pointwise) {
            float* col = scratch(kSlotCol, static_cast<size_t>(R * K));
            im2col(x, c, m0 + r0, rr, col);
            a = col;
          }
          // dw (K x O) += colᵀ (K x rr) x dz (rr x O); colᵀ read in place (no packing), and dz
          // too when its rows are whole panels.
          if (O % kNR == 0) {
            gemm_a_direct(static_cast<int>(K), O, static_cast<int>(rr), MatRef{a, 1, K},
                          BPanels{dzr, O, true}, pdw, O, true);
          } else {
            gemm(static_cast<int>(K), O, static_cast<int>(rr), MatRef{a, 1, K},
                 MatRef{dzr, O, 1}, pdw, O, true);
          }
        }
        if (dx) {
          if (pointwise) {
            gemm_packed(static_cast<int>(rr), static_cast<int>(K), O, MatRef{dzr, O, 1}, wtp,
                        dx + (m0 + r0) * K, K, false);
          } else {
            float* dcol = scratch(kSlotDcol, static_cast<size_t>(R * K));
            gemm_packed(static_cast<int>(rr), static_cast<int>(K), O, MatRef{dzr, O, 1}, wtp,
                        dcol, K, false);
            col2im_add(dcol, c, m0 + r0, rr, dx);
          }
        }
      }
    }
  });
  if (dw) std::copy(partials, partials + dw_len, dw);
  if (db) std::copy(partials + dw_len, partials + part_len, db);
  for (int64_t g = 1; g < G; ++g) {
    const float* src = partials + g * part_len;
    if (dw)
      for (int64_t i = 0; i < dw_len; ++i) dw[i] += src[i];
    if (db)
      for (int o = 0; o < O; ++o) db[o] += src[dw_len + o];
  }
}

}  // namespace

void conv_block(const float* x, const float* w, const float* bias, float* y, uint8_t* mask,
                const BlockParams& p) {
  const ConvParams& c = p.conv;
  const int64_t out = p.pool ? static_cast<int64_t>(c.N) * p.pl.OH * p.pl.OW * c.O
                             : static_cast<int64_t>(c.N) * c.OH * c.OW * c.O;
  if (out == 0) return;
  if (c.OH == 0 || c.OW == 0 || c.O == 0) {
    // Empty windows: nothing to pool (the pool's output is -inf, as an empty maximum).
    std::fill(y, y + out, p.pool ? -std::numeric_limits<float>::infinity() : 0.f);
    if (mask) std::fill(mask, mask + out, kNoGrad);
    return;
  }
  if (winograd_ok(p)) {
    winograd_forward(x, w, bias, y, mask, p);
  } else {
    forward_generic(x, w, bias, y, mask, p);
  }
}

void conv_block_grad(const float* dy, const float* x, const float* w, const float* y,
                     const uint8_t* mask, float* dx, float* dw, float* db,
                     const BlockParams& p) {
  const ConvParams& c = p.conv;
  const int64_t K = filter_depth(c);
  const int64_t ohw = static_cast<int64_t>(c.OH) * c.OW;
  if (c.N == 0 || ohw == 0 || c.O == 0) {
    if (dw) std::fill(dw, dw + K * c.O, 0.f);
    if (db) std::fill(db, db + c.O, 0.f);
    if (dx) std::fill(dx, dx + static_cast<int64_t>(c.N) * c.H * c.W * c.C, 0.f);
    return;
  }
  if (winograd_ok(p)) {
    winograd_backward(dy, x, w, y, mask, dx, dw, db, p);
  } else {
    backward_generic(dy, x, w, y, mask, dx, dw, db, p);
  }
}

}  // namespace qk
