// The addon's entry points are split over three files; addon.cc's Init calls these.
#pragma once

#include <napi.h>

namespace qk_napi {

// Adds adam and the fused Transformer-layer kernels (addon_fused.cc) to `exports`.
void register_fused(Napi::Env env, Napi::Object exports);
// Adds the fused convolution blocks (addon_conv.cc) to `exports`.
void register_conv(Napi::Env env, Napi::Object exports);

// Adds the language-model kernels (addon_decoder.cc): cached attention, softmax cross-entropy.
void register_decoder(Napi::Env env, Napi::Object exports);

}  // namespace qk_napi
