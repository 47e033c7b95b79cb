// N-API entry points of the Adam step and the fused Transformer layers (layer norm, GELU,
// dropout, attention). Arguments are checked as in addon.cc (napi_args.h).
#include <napi.h>

#include <cstdint>
#include <string>

#include "addon.h"
#include "kernels.h"
#include "napi_args.h"

namespace {

using qk_napi::add;
using qk_napi::Args;
using qk_napi::mul;

// Dropout masks hash 32-bit element indices (vmath.h).
constexpr int64_t kMaxMasked = 0xffffffffLL;

// adam(var, m, v, g, lr, b1, b2, 1-b1, 1-b2, c1, c2, eps): one Adam step in place (var, m, v).
Napi::Value Adam(const Napi::CallbackInfo& info) {
  Args a(info, "adam");
  const int64_t n = a.f32_length(0, "var");
  float* var = a.f32(0, "var", n);
  float* m = a.f32(1, "m", n);
  float* v = a.f32(2, "v", n);
  float* g = a.f32(3, "g", n);
  static const char* const kNames[8] = {"lr", "beta1", "beta2", "oneMinusBeta1",
                                        "oneMinusBeta2", "c1", "c2", "epsilon"};
  float p[8];
  for (int k = 0; k < 8; ++k) p[k] = static_cast<float>(a.number(4 + k, kNames[k]));
  if (a.ok()) qk::adam(var, m, v, g, n, p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7]);
  return a.undefined();
}

// layerNorm(x, gamma, beta, y, rows, cols, eps)
Napi::Value LayerNorm(const Napi::CallbackInfo& info) {
  Args a(info, "layerNorm");
  const int64_t rows = a.size(4, "rows"), cols = a.size(5, "cols");
  a.check(cols >= 1, "cols (argument 5) must be at least 1, got 0");
  const int64_t n = mul(rows, cols);
  float* x = a.f32(0, "x", n);
  float* gamma = a.f32(1, "gamma", cols);
  float* beta = a.f32(2, "beta", cols);
  float* y = a.f32(3, "y", n);
  const float eps = static_cast<float>(a.number(6, "epsilon"));
  if (a.ok()) qk::layer_norm(x, gamma, beta, y, rows, cols, eps);
  return a.undefined();
}

// layerNormGrad(dy, x, gamma, dx, dgamma, dbeta, rows, cols, eps)
Napi::Value LayerNormGrad(const Napi::CallbackInfo& info) {
  Args a(info, "layerNormGrad");
  const int64_t rows = a.size(6, "rows"), cols = a.size(7, "cols");
  a.check(cols >= 1, "cols (argument 7) must be at least 1, got 0");
  const int64_t n = mul(rows, cols);
  float* dy = a.f32(0, "dy", n);
  float* x = a.f32(1, "x", n);
  float* gamma = a.f32(2, "gamma", cols);
  float* dx = a.f32(3, "dx", n);
  float* dgamma = a.f32(4, "dgamma", cols);
  float* dbeta = a.f32(5, "dbeta", cols);
  const float eps = static_cast<float>(a.number(8, "epsilon"));
  if (a.ok()) qk::layer_norm_grad(dy, x, gamma, dx, dgamma, dbeta, rows, cols, eps);
  return a.undefined();
}

// gelu(x, y)
Napi::Value Gelu(const Napi::CallbackInfo& info) {
  Args a(info, "gelu");
  const int64_t n = a.f32_length(0, "x");
  float* x = a.f32(0, "x", n);
  float* y = a.f32(1, "y", n);
  if (a.ok()) qk::gelu(x, y, n);
  return a.undefined();
}

// geluGrad(dy, x, dx)
Napi::Value GeluGrad(const Napi::CallbackInfo& info) {
  Args a(info, "geluGrad");
  const int64_t n = a.f32_length(1, "x");
  float* dy = a.f32(0, "dy", n);
  float* x = a.f32(1, "x", n);
  float* dx = a.f32(2, "dx", n);
  if (a.ok()) qk::gelu_grad(dy, x, dx, n);
  return a.undefined();
}

// Dropout's rate, in [0, 1).
double rate_arg(Args& a, size_t i) {
  const double rate = a.number(i, "rate");
  a.check(rate >= 0 && rate < 1, "rate (argument " + std::to_string(i) +
                                     ") must be in [0, 1), got " + qk_napi::number_text(rate));
  return rate;
}

// dropout(x, y, rate, seed, scale)
Napi::Value Dropout(const Napi::CallbackInfo& info) {
  Args a(info, "dropout");
  const int64_t n = a.f32_length(0, "x");
  float* x = a.f32(0, "x", n);
  float* y = a.f32(1, "y", n);
  const double rate = rate_arg(a, 2);
  const uint32_t seed = static_cast<uint32_t>(a.integer(3, "seed", 0, kMaxMasked));
  const float scale = static_cast<float>(a.number(4, "scale"));
  a.check(n <= kMaxMasked, "x holds more than 2^32 - 1 floats (the mask hashes 32-bit indices)");
  if (a.ok()) qk::dropout(x, y, n, rate, seed, scale);
  return a.undefined();
}

struct AttentionSizes {
  qk::AttentionParams p;
  int64_t in;     // floats a q/k/v view must hold
  int64_t out;    // floats of out and dout: B * T * H * D
  int64_t probs;  // B * H * T * T
  int64_t mask;   // B * T
};

// dims [B, T, H, D, ldIn] at argument i, then scale, rate, seed, keepScale and an optional
// causal flag (absent or false: every query sees every key).
bool attention_params(Args& a, size_t i, AttentionSizes* s) {
  const int32_t* d = a.i32(i, "dims", 5);
  if (!d) return false;
  const int B = d[0], T = d[1], H = d[2], D = d[3], ld = d[4];
  a.check(B >= 0 && T >= 0 && H >= 1 && D >= 1,
          "dims [batch, time, heads, headDim, rowStride] = " + qk_napi::list(d, 5) +
              ": batch and time must be at least 0, heads and headDim at least 1");
  a.check(ld >= int64_t{H} * D, "dims rowStride " + std::to_string(ld) +
                                    " must be at least heads * headDim = " +
                                    std::to_string(int64_t{H} * D));
  const float scale = static_cast<float>(a.number(i + 1, "scale"));
  const double rate = rate_arg(a, i + 2);
  const uint32_t seed = static_cast<uint32_t>(a.integer(i + 3, "seed", 0, kMaxMasked));
  const float keep = static_cast<float>(a.number(i + 4, "keepScale"));
  if (!a.ok()) return false;
  const bool causal = a.boolean(i + 5);
  s->p = qk::AttentionParams{B, T, H, D, ld, scale, rate, seed, keep, causal};
  s->probs = mul(B, H, T, T);
  a.check(s->probs >= 0 && s->probs <= kMaxMasked,
          "batch * heads * time * time passes 2^32 - 1 (the dropout mask hashes 32-bit "
          "indices)");
  // The last row's head block ends (B*T - 1) * ldIn + H * D floats in.
  const int64_t rows = mul(B, T);
  s->in = rows == 0 ? 0 : add(mul(rows - 1, ld), int64_t{H} * D);
  s->out = mul(rows, H, D);
  s->mask = rows;
  return a.ok();
}

// attention(q, k, v, mask|null, probs, out, dims [B, T, H, D, ldIn], scale, rate, seed,
//           keepScale, causal?); q, k, v may be views into one packed array.
Napi::Value Attention(const Napi::CallbackInfo& info) {
  Args a(info, "attention");
  AttentionSizes s;
  if (!attention_params(a, 6, &s)) return a.undefined();
  float* q = a.f32(0, "q", s.in);
  float* k = a.f32(1, "k", s.in);
  float* v = a.f32(2, "v", s.in);
  float* mask = a.f32(3, "mask", s.mask, true);
  float* probs = a.f32(4, "probs", s.probs);
  float* out = a.f32(5, "out", s.out);
  if (a.ok()) qk::attention(q, k, v, mask, probs, out, s.p);
  return a.undefined();
}

// attentionGrad(dout, q, k, v, probs, dq, dk, dv, dims, scale, rate, seed, keepScale, causal?)
Napi::Value AttentionGrad(const Napi::CallbackInfo& info) {
  Args a(info, "attentionGrad");
  AttentionSizes s;
  if (!attention_params(a, 8, &s)) return a.undefined();
  float* dout = a.f32(0, "dout", s.out);
  float* q = a.f32(1, "q", s.in);
  float* k = a.f32(2, "k", s.in);
  float* v = a.f32(3, "v", s.in);
  float* probs = a.f32(4, "probs", s.probs);
  float* dq = a.f32(5, "dq", s.in);
  float* dk = a.f32(6, "dk", s.in);
  float* dv = a.f32(7, "dv", s.in);
  if (a.ok()) qk::attention_grad(dout, q, k, v, probs, dq, dk, dv, s.p);
  return a.undefined();
}

}  // namespace

namespace qk_napi {

void register_fused(Napi::Env env, Napi::Object exports) {
  exports.Set("adam", Napi::Function::New(env, Adam));
  exports.Set("layerNorm", Napi::Function::New(env, LayerNorm));
  exports.Set("layerNormGrad", Napi::Function::New(env, LayerNormGrad));
  exports.Set("gelu", Napi::Function::New(env, Gelu));
  exports.Set("geluGrad", Napi::Function::New(env, GeluGrad));
  exports.Set("dropout", Napi::Function::New(env, Dropout));
  exports.Set("attention", Napi::Function::New(env, Attention));
  exports.Set("attentionGrad", Napi::Function::New(env, AttentionGrad));
}

}  // namespace qk_napi
