// Fused convolution blocks: Conv2D + bias + activation (linear or ReLU) + an optional max pool,
// forward as one call and backward as one call (conv_block.cc, winograd.cc).
//
// The forward pass writes the block's output and, when it pools, one byte per output element
// saying where the gradient goes: the position of the window's first strict maximum (the one
// tfjs's max-pool gradient picks), or kNoGrad where the ReLU was inactive there, so the
// backward pass needs neither the convolution's output nor the pooling's input. Without a
// pool the backward pass reads the output itself (ReLU: y > 0).
#pragma once

#include <cstdint>

#include "kernels.h"

namespace qk {

struct BlockParams {
  ConvParams conv;
  int act;       // kActLinear or kActRelu
  bool pool;     // a max pool over the activated convolution output follows
  PoolParams pl; // that pool: N, H, W, C are the convolution's N, OH, OW, O
};
// The parameter block of the N-API calls: the 15 ConvParams fields, act, pool (0 or 1), then
// the pool's filterHeight, filterWidth, outHeight, outWidth, strideHeight, strideWidth, padTop,
// padLeft.
constexpr int kBlockParamCount = 25;

// Mask byte of an output element whose gradient is zero (the window's maximum was not above 0
// under ReLU, or the window held no position). Window positions are below it, so pools of up
// to 255 positions are supported.
constexpr uint8_t kNoGrad = 255;

// y: [N, PH, PW, O] with a pool, else [N, OH, OW, O]; mask: one byte per y element, or null
// (inference). bias may be null.
void conv_block(const float* x, const float* w, const float* bias, float* y, uint8_t* mask,
                const BlockParams& p);

// The gradients for dy (shaped like y): dx (null: not wanted), dw [KH, KW, C, O] and db [O]
// (null: not wanted). Reads mask with a pool, y without one under ReLU (else neither).
void conv_block_grad(const float* dy, const float* x, const float* w, const float* y,
                     const uint8_t* mask, float* dx, float* dw, float* db, const BlockParams& p);

// Winograd F(2x2, 3x3) (winograd.cc): true when the block is a 3x3 stride-1 convolution whose
// output tiles well (a 2x2 stride-2 pool, or no pool) and whose channel counts make the
// transforms pay for themselves.
bool winograd_ok(const BlockParams& p);
void winograd_forward(const float* x, const float* w, const float* bias, float* y,
                      uint8_t* mask, const BlockParams& p);
void winograd_backward(const float* dy, const float* x, const float* w, const float* y,
                       const uint8_t* mask, float* dx, float* dw, float* db,
                       const BlockParams& p);

}  // namespace qk
