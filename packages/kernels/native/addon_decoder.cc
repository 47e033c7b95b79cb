// N-API entry points of the language-model kernels (decoder.cc). Arguments are checked as in
// addon.cc (napi_args.h), including every slot, position and label index a kernel will use.
#include <napi.h>

#include <cstdint>
#include <string>

#include "addon.h"
#include "kernels.h"
#include "napi_args.h"

namespace {

using qk_napi::Args;
using qk_napi::mul;

// cachedAttention(qkv, kCache, vCache, slots, positions, out, dims [R, H, D, maxT, slots],
//                 scale, rotaryBase)
Napi::Value CachedAttention(const Napi::CallbackInfo& info) {
  Args a(info, "cachedAttention");
  const int32_t* d = a.i32(6, "dims", 5);
  if (!d) return a.undefined();
  const int R = d[0], H = d[1], D = d[2], maxT = d[3], slots = d[4];
  a.check(R >= 0 && H >= 1 && D >= 1 && maxT >= 1 && slots >= 1,
          "dims [rows, heads, headDim, maxTime, slots] = " + qk_napi::list(d, 5) +
              ": rows must be at least 0, the others at least 1");
  const double scale = a.number(7, "scale");
  const double rotary = a.number(8, "rotaryBase");
  a.check(rotary == 0 || (rotary > 1 && D % 2 == 0),
          "rotaryBase must be 0 (none) or above 1 with an even headDim");
  if (!a.ok()) return a.undefined();
  const int64_t W = mul(H, D);
  float* qkv = a.f32(0, "qkv", mul(R, 3, W));
  float* kc = a.f32(1, "kCache", mul(slots, maxT, W));
  float* vc = a.f32(2, "vCache", mul(slots, maxT, W));
  const int32_t* slot = a.i32(3, "slots", static_cast<size_t>(R));
  const int32_t* pos = a.i32(4, "positions", static_cast<size_t>(R));
  float* out = a.f32(5, "out", mul(R, W));
  for (int r = 0; a.ok() && r < R; ++r) {
    a.check(slot[r] >= 0 && slot[r] < slots, "slots[" + std::to_string(r) + "] = " +
                                                 std::to_string(slot[r]) + " is not in [0, " +
                                                 std::to_string(slots) + ")");
    a.check(pos[r] >= 0 && pos[r] < maxT, "positions[" + std::to_string(r) + "] = " +
                                              std::to_string(pos[r]) + " is not in [0, " +
                                              std::to_string(maxT) + ")");
  }
  if (!a.ok()) return a.undefined();
  qk::cached_attention(qkv, kc, vc, slot, pos, out,
                       qk::CachedAttentionParams{R, H, D, maxT, slots, static_cast<float>(scale),
                                                 rotary});
  return a.undefined();
}

// softmaxCrossEntropy(logits, labels, loss, grad|null, rows, classes, gradScale)
Napi::Value SoftmaxCrossEntropy(const Napi::CallbackInfo& info) {
  Args a(info, "softmaxCrossEntropy");
  const int64_t rows = a.size(4, "rows"), classes = a.size(5, "classes");
  a.check(classes >= 1, "classes (argument 5) must be at least 1, got 0");
  a.check(qk_napi::fits_int(rows), "rows passes 2^31 - 1");
  const int64_t n = mul(rows, classes);
  float* logits = a.f32(0, "logits", n);
  const int32_t* labels = a.i32(1, "labels", static_cast<size_t>(rows));
  float* loss = a.f32(2, "loss", rows);
  float* grad = a.f32(3, "grad", n, true);
  const float scale = static_cast<float>(a.number(6, "gradScale"));
  for (int64_t r = 0; a.ok() && r < rows; ++r) {
    a.check(labels[r] >= 0 && labels[r] < classes,
            "labels[" + std::to_string(r) + "] = " + std::to_string(labels[r]) +
                " is not in [0, " + std::to_string(classes) + ")");
  }
  if (a.ok()) qk::softmax_xent(logits, labels, loss, grad, rows, classes, scale);
  return a.undefined();
}

}  // namespace

namespace qk_napi {

void register_decoder(Napi::Env env, Napi::Object exports) {
  exports.Set("cachedAttention", Napi::Function::New(env, CachedAttention));
  exports.Set("softmaxCrossEntropy", Napi::Function::New(env, SoftmaxCrossEntropy));
}

}  // namespace qk_napi
