// Small vectorizable math shared by the element-wise, softmax and attention kernels.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>

#include "simd.h"  // QK_SIMD_BODY and simd_call: the hot loops that use these helpers

namespace qk {

// erf(x) as a rational function (the minimax fit Eigen and XLA use for float): branch-free,
// so loops around it vectorize; within a few ulp of std::erf in float32.
inline float erf_fast(float v) {
  const float x = v > 4.0f ? 4.0f : (v < -4.0f ? -4.0f : v);
  const float x2 = x * x;
  float p = -2.72614225801306e-10f;
  p = p * x2 + 2.77068142495902e-08f;
  p = p * x2 + -2.10102402082508e-06f;
  p = p * x2 + -5.69250639462346e-05f;
  p = p * x2 + -7.34990630326855e-04f;
  p = p * x2 + -2.95459980854025e-03f;
  p = p * x2 + -1.60960333262415e-02f;
  p = p * x;
  float q = -1.45660718464996e-05f;
  q = q * x2 + -2.13374055278905e-04f;
  q = q * x2 + -1.68282697438203e-03f;
  q = q * x2 + -7.37332916720468e-03f;
  q = q * x2 + -1.42647390514189e-02f;
  return p / q;
}

// exp for x <= 0 (softmax after subtracting the row max), branch-free so the compiler
// vectorizes it: Cephes' expf (range reduction by ln 2, degree-5 polynomial, exponent bits)
// with n = round(x / ln 2) taken by the 1.5 * 2^23 rounding trick (no float-int conversion),
// within ~1e-7 relative of std::exp. Below -87 it returns exp(-87) ~ 1.6e-38 instead of
// smaller numbers (the rows' sums are at least 1, so the outputs differ by under 1e-37); NaN
// stays NaN.
inline float exp_nonpos(float x) {
  const float xc = x < -87.0f ? -87.0f : (x > 0.0f ? 0.0f : x);
  const float magic = 12582912.0f;  // 1.5 * 2^23: adding it rounds to an integer
  const float t = xc * 1.44269504088896341f + magic;
  int32_t tb;
  std::memcpy(&tb, &t, sizeof tb);
  const float n = t - magic;
  float r = xc - n * 0.693359375f;
  r = r - n * -2.12194440e-4f;
  float p = 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  p = p * r * r + r + 1.0f;
  // The low mantissa bits of t hold n (two's complement): 2^n as exponent bits. Unsigned: for
  // a NaN x the shift overflows (the result is discarded below), which is undefined for int.
  const uint32_t bits = (static_cast<uint32_t>(tb) - 0x4B400000u + 127u) << 23;
  float scale;
  std::memcpy(&scale, &bits, sizeof scale);
  const float e = p * scale;
  return x == x ? e : x;
}

// Sum of a row in eight float lanes (vectorizes), the lanes and the tail added in double.
inline double lane_sum(const float* v, int64_t n) {
  float acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  int64_t c = 0;
  for (; c + 8 <= n; c += 8)
    for (int k = 0; k < 8; ++k) acc[k] += v[c + k];
  double s = 0;
  for (; c < n; ++c) s += v[c];
  for (int k = 0; k < 8; ++k) s += acc[k];
  return s;
}

// In-place softmax of one row: o[c] = exp(o[c] - max) / sum. NaN rows stay NaN. Call it from
// a QK_SIMD_BODY function so it is compiled for AVX2 too.
inline void softmax_row_inplace(float* o, int64_t cols) {
  float mx[8] = {-INFINITY, -INFINITY, -INFINITY, -INFINITY,
                 -INFINITY, -INFINITY, -INFINITY, -INFINITY};
  int64_t c0 = 0;
  for (; c0 + 8 <= cols; c0 += 8)
    for (int k = 0; k < 8; ++k) mx[k] = o[c0 + k] > mx[k] ? o[c0 + k] : mx[k];
  float m = -INFINITY;
  for (; c0 < cols; ++c0) m = o[c0] > m ? o[c0] : m;
  for (int k = 0; k < 8; ++k) m = mx[k] > m ? mx[k] : m;
  for (int64_t c = 0; c < cols; ++c) o[c] = exp_nonpos(o[c] - m);
  const float inv = static_cast<float>(1.0 / lane_sum(o, cols));
  for (int64_t c = 0; c < cols; ++c) o[c] *= inv;
}

// Softmax gradient of one row, times `scale`: out = (dy*y - sum(dy*y) * y) * scale (tfjs's
// formula). out may be dy.
inline void softmax_grad_row(const float* dy, const float* y, float* out, int64_t cols,
                             float scale) {
  for (int64_t c = 0; c < cols; ++c) out[c] = dy[c] * y[c];
  const float s = static_cast<float>(lane_sum(out, cols));
  for (int64_t c = 0; c < cols; ++c) out[c] = (out[c] - s * y[c]) * scale;
}

// Dropout's keep decision for element i under `seed`: a counter-based hash (two rounds of
// MurmurHash3's finaliser), so a mask is recomputed instead of stored and the backward pass
// sees the forward pass's mask. packages/kernels/src/dropout-mask.ts computes the same bits
// in TypeScript for the other backends.
inline uint32_t fmix32(uint32_t h) {
  h ^= h >> 16;
  h *= 0x85ebca6bu;
  h ^= h >> 13;
  h *= 0xc2b2ae35u;
  h ^= h >> 16;
  return h;
}
inline uint32_t dropout_bits(uint32_t seed, uint32_t i) {
  return fmix32(fmix32(i ^ (seed * 0x9e3779b9u)) + seed);
}
// Element i is kept when its top 24 hash bits, as a fraction of 2^24, are >= rate, that is
// when the bits as an integer are >= ceil(rate * 2^24) (exact: rate * 2^24 is exact in double).
inline uint32_t dropout_threshold(double rate) {
  return static_cast<uint32_t>(std::ceil(rate * 16777216.0));
}
// Multiplier of element i: `scale` when kept, else 0.
inline float dropout_factor(uint32_t seed, uint32_t i, uint32_t threshold, float scale) {
  return (dropout_bits(seed, i) >> 8) >= threshold ? scale : 0.0f;
}

}  // namespace qk
