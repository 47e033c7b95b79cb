// The im2col pieces of conv.cc that the fused convolution blocks (conv_block.cc) reuse.
#pragma once

#include <cstdint>

#include "kernels.h"

namespace qk {

// Rows of an im2col chunk: about target_floats / K, clamped to [lo, hi], a multiple of kMR.
int64_t rows_per_chunk(int64_t K, int64_t target_floats, int64_t lo, int64_t hi);

// col[r, (kh*KW + kw)*C + c] = x[n, oh*sh - pt + kh*dh, ow*sw - pl + kw*dw, c] (0 outside) for
// the output rows m0 .. m0 + rows (row m = (n * OH + oh) * OW + ow).
void im2col(const float* x, const ConvParams& p, int64_t m0, int64_t rows, float* col);

// dx[n, ih, iw, c] += dcol[r, (kh*KW + kw)*C + c], the adjoint of im2col.
void col2im_add(const float* dcol, const ConvParams& p, int64_t m0, int64_t rows, float* dx);

// A 1x1 convolution with stride 1 and no padding: x itself is the im2col matrix.
bool is_pointwise(const ConvParams& p);

}  // namespace qk
