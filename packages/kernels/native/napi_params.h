// The convolution and pooling parameter blocks of the N-API calls (addon.cc, addon_conv.cc):
// Int32Arrays whose fields are checked one by one, with the sizes they imply.
#pragma once

#include <cstdint>

#include "kernels.h"
#include "napi_args.h"

namespace qk_napi {

// A parameter block's field, with the lowest value it may take.
struct Field {
  const char* name;
  int lo;
};

// Reads an Int32Array parameter block at argument i, checking each field against its lower
// bound; null (with the error thrown) when one fails.
const int32_t* param_block(Args& a, size_t i, const Field* fields, int count);

// Image coordinates are ints in the kernels: pad + in + out * stride + filter * dilation, the
// widest reach of a window position, must fit one.
bool reach_fits(int in, int pad, int out, int stride, int filter, int dilation);

// The ConvParams block (qk::kConvParamCount fields) at argument i.
bool conv_params(Args& a, size_t i, qk::ConvParams* p);
// The PoolParams block (qk::kPoolParamCount fields) at argument i.
bool pool_params(Args& a, size_t i, qk::PoolParams* p);

inline int64_t in_size(const qk::ConvParams& p) { return mul(p.N, p.H, p.W, p.C); }
inline int64_t out_size(const qk::ConvParams& p) { return mul(p.N, p.OH, p.OW, p.O); }
inline int64_t filter_size(const qk::ConvParams& p) { return mul(p.KH, p.KW, p.C, p.O); }
inline int64_t pool_in(const qk::PoolParams& p) { return mul(p.N, p.H, p.W, p.C); }
inline int64_t pool_out(const qk::PoolParams& p) { return mul(p.N, p.OH, p.OW, p.C); }

}  // namespace qk_napi
