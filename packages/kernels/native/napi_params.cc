#include "napi_params.h"

#include <string>

namespace qk_napi {
namespace {

constexpr Field kConvFields[qk::kConvParamCount] = {
    {"batch", 0},         {"inHeight", 0},      {"inWidth", 0},       {"inChannels", 0},
    {"filterHeight", 0},  {"filterWidth", 0},   {"outChannels", 0},   {"outHeight", 0},
    {"outWidth", 0},      {"strideHeight", 1},  {"strideWidth", 1},   {"dilationHeight", 1},
    {"dilationWidth", 1}, {"padTop", 0},        {"padLeft", 0},
};

constexpr Field kPoolFields[qk::kPoolParamCount] = {
    {"batch", 0},      {"inHeight", 0},     {"inWidth", 0},     {"channels", 0},
    {"filterHeight", 1}, {"filterWidth", 1}, {"outHeight", 0},   {"outWidth", 0},
    {"strideHeight", 1}, {"strideWidth", 1}, {"padTop", 0},      {"padLeft", 0},
};

}  // namespace

const int32_t* param_block(Args& a, size_t i, const Field* fields, int count) {
  const int32_t* v = a.i32(i, "params", static_cast<size_t>(count));
  for (int k = 0; a.ok() && k < count; ++k) {
    a.check(v[k] >= fields[k].lo, std::string("params.") + fields[k].name + " must be at least " +
                                      std::to_string(fields[k].lo) + ", got " +
                                      std::to_string(v[k]));
  }
  return a.ok() ? v : nullptr;
}

bool reach_fits(int in, int pad, int out, int stride, int filter, int dilation) {
  return fits_int(add(add(in, pad), add(mul(out, stride), mul(filter, dilation))));
}

bool conv_params(Args& a, size_t i, qk::ConvParams* p) {
  const int32_t* v = param_block(a, i, kConvFields, qk::kConvParamCount);
  if (!v) return false;
  *p = qk::ConvParams{v[0], v[1], v[2],  v[3],  v[4],  v[5],  v[6], v[7],
                      v[8], v[9], v[10], v[11], v[12], v[13], v[14]};
  a.check(reach_fits(p->H, p->pt, p->OH, p->sh, p->KH, p->dh) &&
              reach_fits(p->W, p->pl, p->OW, p->sw, p->KW, p->dw),
          "the geometry passes 2^31 - 1 (in + pad + out * stride + filter * dilation, per "
          "axis)");
  a.check(fits_int(mul(p->KH, p->KW, p->C)),
          "filterHeight * filterWidth * inChannels passes 2^31 - 1");
  a.check(fits_int(mul(p->N, p->OH, p->OW)), "batch * outHeight * outWidth passes 2^31 - 1");
  return a.ok();
}

bool pool_params(Args& a, size_t i, qk::PoolParams* p) {
  const int32_t* v = param_block(a, i, kPoolFields, qk::kPoolParamCount);
  if (!v) return false;
  *p = qk::PoolParams{v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11]};
  a.check(reach_fits(p->H, p->pt, p->OH, p->sh, p->KH, 1) &&
              reach_fits(p->W, p->pl, p->OW, p->sw, p->KW, 1),
          "the geometry passes 2^31 - 1 (in + pad + out * stride + filter, per axis)");
  a.check(fits_int(mul(p->KH, p->KW)), "filterHeight * filterWidth passes 2^31 - 1");
  return a.ok();
}

}  // namespace qk_napi
