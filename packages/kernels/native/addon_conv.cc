// N-API entry points of the fused convolution blocks (conv_block.h): convBlock and
// convBlockGrad. Arguments are checked as in addon.cc (napi_args.h, napi_params.h).
#include <napi.h>

#include <cstdint>
#include <string>

#include "addon.h"
#include "conv_block.h"
#include "napi_args.h"
#include "napi_params.h"

namespace {

using qk_napi::Args;
using qk_napi::Field;
using qk_napi::mul;

// The block's fields after the 15 of the convolution.
constexpr Field kBlockFields[qk::kBlockParamCount - qk::kConvParamCount] = {
    {"activation", 0},     {"pool", 0},          {"poolHeight", 1},    {"poolWidth", 1},
    {"poolOutHeight", 0},  {"poolOutWidth", 0},  {"poolStrideHeight", 1},
    {"poolStrideWidth", 1}, {"poolPadTop", 0},   {"poolPadLeft", 0},
};

struct BlockSizes {
  qk::BlockParams p;
  int64_t out;  // floats of y and dy, bytes of the mask
};

// The 25-field parameter block at argument i (see kBlockParamCount).
bool block_params(Args& a, size_t i, BlockSizes* s) {
  qk::ConvParams c;
  if (!qk_napi::conv_params(a, i, &c)) return false;
  const int32_t* all = a.i32(i, "params", qk::kBlockParamCount);
  if (!all) return false;
  const int32_t* v = all + qk::kConvParamCount;
  for (int k = 0; a.ok() && k < qk::kBlockParamCount - qk::kConvParamCount; ++k) {
    // The pool's fields are only read with a pool.
    if (k >= 2 && v[1] == 0) break;
    a.check(v[k] >= kBlockFields[k].lo, std::string("params.") + kBlockFields[k].name +
                                            " must be at least " +
                                            std::to_string(kBlockFields[k].lo) + ", got " +
                                            std::to_string(v[k]));
  }
  if (!a.ok()) return false;
  a.check(v[0] == qk::kActLinear || v[0] == qk::kActRelu,
          "params.activation must be 0 (linear) or 1 (relu), got " + std::to_string(v[0]));
  a.check(v[1] <= 1, "params.pool must be 0 or 1, got " + std::to_string(v[1]));
  if (!a.ok()) return false;
  s->p.conv = c;
  s->p.act = v[0];
  s->p.pool = v[1] == 1;
  s->p.pl = qk::PoolParams{c.N, c.OH, c.OW, c.O, v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9]};
  if (s->p.pool) {
    const qk::PoolParams& q = s->p.pl;
    a.check(qk_napi::reach_fits(q.H, q.pt, q.OH, q.sh, q.KH, 1) &&
                qk_napi::reach_fits(q.W, q.pl, q.OW, q.sw, q.KW, 1),
            "the pool's geometry passes 2^31 - 1 (in + pad + out * stride + filter, per axis)");
    a.check(mul(q.KH, q.KW) < qk::kNoGrad,
            "params.poolHeight * params.poolWidth must be under " +
                std::to_string(qk::kNoGrad) + " (the mask stores window positions in a byte)");
    s->out = qk_napi::pool_out(q);
  } else {
    s->out = qk_napi::out_size(c);
  }
  return a.ok();
}

// convBlock(x, w, bias|null, y, mask|null, params): y = maxPool?(act(conv(x, w) + bias)), with
// the mask bytes the gradient needs (null for inference).
Napi::Value ConvBlock(const Napi::CallbackInfo& info) {
  Args a(info, "convBlock");
  BlockSizes s;
  if (!block_params(a, 5, &s)) return a.undefined();
  const qk::ConvParams& c = s.p.conv;
  float* x = a.f32(0, "x", qk_napi::in_size(c));
  float* w = a.f32(1, "filter", qk_napi::filter_size(c));
  float* bias = a.f32(2, "bias", c.O, true);
  float* y = a.f32(3, "y", s.out);
  uint8_t* mask = a.u8(4, "mask", s.out, true);
  if (a.ok()) qk::conv_block(x, w, bias, y, mask, s.p);
  return a.undefined();
}

// convBlockGrad(dy, x, w, y|null, mask|null, dx|null, dw|null, db|null, params): the mask with
// a pool, y under ReLU without one; null outputs are not computed.
Napi::Value ConvBlockGrad(const Napi::CallbackInfo& info) {
  Args a(info, "convBlockGrad");
  BlockSizes s;
  if (!block_params(a, 8, &s)) return a.undefined();
  const qk::ConvParams& c = s.p.conv;
  const bool need_y = !s.p.pool && s.p.act == qk::kActRelu;
  float* dy = a.f32(0, "dy", s.out);
  float* x = a.f32(1, "x", qk_napi::in_size(c));
  float* w = a.f32(2, "filter", qk_napi::filter_size(c));
  float* y = a.f32(3, "y", s.out, !need_y);
  uint8_t* mask = a.u8(4, "mask", s.out, !s.p.pool);
  float* dx = a.f32(5, "dx", qk_napi::in_size(c), true);
  float* dw = a.f32(6, "dw", qk_napi::filter_size(c), true);
  float* db = a.f32(7, "db", c.O, true);
  if (a.ok()) qk::conv_block_grad(dy, x, w, y, mask, dx, dw, db, s.p);
  return a.undefined();
}

}  // namespace

namespace qk_napi {

void register_conv(Napi::Env env, Napi::Object exports) {
  exports.Set("convBlock", Napi::Function::New(env, ConvBlock));
  exports.Set("convBlockGrad", Napi::Function::New(env, ConvBlockGrad));
}

}  // namespace qk_napi
