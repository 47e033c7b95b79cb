// N-API surface. Every function is synchronous and writes into a Float32Array the caller
// allocated. Every argument is checked here (napi_args.h): a wrong call throws a TypeError or
// RangeError naming the function and the argument, and no kernel runs.
#include <napi.h>

#include <cstdint>
#include <string>

#include "addon.h"
#include "gemm.h"
#include "kernels.h"
#include "napi_args.h"
#include "napi_params.h"
#include "simd.h"
#include "thread_pool.h"

namespace {

using qk_napi::Args;
using qk_napi::add;
using qk_napi::conv_params;
using qk_napi::fits_int;
using qk_napi::Field;
using qk_napi::filter_size;
using qk_napi::in_size;
using qk_napi::mul;
using qk_napi::out_size;
using qk_napi::param_block;
using qk_napi::pool_in;
using qk_napi::pool_out;
using qk_napi::pool_params;

Napi::Value Info(const Napi::CallbackInfo& info) {
  Napi::Object o = Napi::Object::New(info.Env());
  o.Set("simd", qk::simd_name());
  o.Set("loops", qk::simd_loops_name());
  o.Set("threads", qk::pool_threads());
  return o;
}

// setThreads(n): 1 or more (the pool caps it at 256).
Napi::Value SetThreads(const Napi::CallbackInfo& info) {
  Args a(info, "setThreads");
  const int64_t n = a.integer(0, "threads", 1, qk_napi::kMaxInt);
  if (a.ok()) qk::pool_set_threads(static_cast<int>(n));
  return a.undefined();
}

// setBackground(on): 1 runs the calling thread's parallel kernels on the background pool
// (thread_pool.h), 0 on the foreground one.
Napi::Value SetBackground(const Napi::CallbackInfo& info) {
  Args a(info, "setBackground");
  const int64_t on = a.integer(0, "on", 0, 1);
  if (a.ok()) qk::pool_set_background(on == 1);
  return a.undefined();
}

// conv2d(x, w, bias|null, y, params, act, alpha)
Napi::Value Conv2D(const Napi::CallbackInfo& info) {
  Args a(info, "conv2d");
  qk::ConvParams p;
  if (!conv_params(a, 4, &p)) return a.undefined();
  float* x = a.f32(0, "x", in_size(p));
  float* w = a.f32(1, "filter", filter_size(p));
  float* bias = a.f32(2, "bias", p.O, true);
  float* y = a.f32(3, "y", out_size(p));
  const int act = a.code(5, "activation", qk::kActivationCount);
  const float alpha = static_cast<float>(a.number(6, "alpha"));
  if (a.ok()) qk::conv2d(x, w, bias, act, alpha, y, p);
  return a.undefined();
}

// conv2dBackpropInput(dy, w, dx, params)
Napi::Value Conv2DBackpropInput(const Napi::CallbackInfo& info) {
  Args a(info, "conv2dBackpropInput");
  qk::ConvParams p;
  if (!conv_params(a, 3, &p)) return a.undefined();
  float* dy = a.f32(0, "dy", out_size(p));
  float* w = a.f32(1, "filter", filter_size(p));
  float* dx = a.f32(2, "dx", in_size(p));
  if (a.ok()) qk::conv2d_backprop_input(dy, w, dx, p);
  return a.undefined();
}

// conv2dBackpropFilter(x, dy, dw, params)
Napi::Value Conv2DBackpropFilter(const Napi::CallbackInfo& info) {
  Args a(info, "conv2dBackpropFilter");
  qk::ConvParams p;
  if (!conv_params(a, 3, &p)) return a.undefined();
  float* x = a.f32(0, "x", in_size(p));
  float* dy = a.f32(1, "dy", out_size(p));
  float* dw = a.f32(2, "dw", filter_size(p));
  if (a.ok()) qk::conv2d_backprop_filter(x, dy, dw, p);
  return a.undefined();
}

constexpr Field kMatMulFields[8] = {
    {"batch", 0}, {"batchA", 1}, {"batchB", 1}, {"M", 0},
    {"N", 0},     {"K", 0},      {"transA", 0}, {"transB", 0},
};

// matmul(a, b, out, bias|null, dims Int32Array[batch, batchA, batchB, M, N, K, transA, transB],
//        act, alpha)
Napi::Value MatMul(const Napi::CallbackInfo& info) {
  Args a(info, "matmul");
  const int32_t* d = param_block(a, 4, kMatMulFields, 8);
  if (!d) return a.undefined();
  const int batch = d[0], batchA = d[1], batchB = d[2], M = d[3], N = d[4], K = d[5];
  // Product bi reads a[bi % batchA] and b[bi % batchB]: broadcasting repeats a whole batch.
  a.check(batch % batchA == 0 && batch % batchB == 0,
          "params.batch " + std::to_string(batch) + " must be a multiple of batchA " +
              std::to_string(batchA) + " and batchB " + std::to_string(batchB));
  a.check(d[6] <= 1 && d[7] <= 1, "params.transA and params.transB must be 0 or 1");
  float* pa = a.f32(0, "a", mul(batchA, M, K));
  float* pb = a.f32(1, "b", mul(batchB, K, N));
  float* out = a.f32(2, "out", mul(batch, M, N));
  float* bias = a.f32(3, "bias", N, true);
  const int act = a.code(5, "activation", qk::kActivationCount);
  const float alpha = static_cast<float>(a.number(6, "alpha"));
  if (a.ok())
    qk::batch_matmul(pa, pb, out, batch, batchA, batchB, M, N, K, d[6] != 0, d[7] != 0, bias, N,
                     act, alpha);
  return a.undefined();
}

// maxPool(x, y, params) / avgPool(x, y, params)
Napi::Value Pool(const Napi::CallbackInfo& info, bool max) {
  Args a(info, max ? "maxPool" : "avgPool");
  qk::PoolParams p;
  if (!pool_params(a, 2, &p)) return a.undefined();
  float* x = a.f32(0, "x", pool_in(p));
  float* y = a.f32(1, "y", pool_out(p));
  if (a.ok()) (max ? qk::max_pool : qk::avg_pool)(x, y, p);
  return a.undefined();
}
Napi::Value MaxPool(const Napi::CallbackInfo& info) { return Pool(info, true); }
Napi::Value AvgPool(const Napi::CallbackInfo& info) { return Pool(info, false); }

// maxPoolGrad(dy, x, dx, params)
Napi::Value MaxPoolGrad(const Napi::CallbackInfo& info) {
  Args a(info, "maxPoolGrad");
  qk::PoolParams p;
  if (!pool_params(a, 3, &p)) return a.undefined();
  float* dy = a.f32(0, "dy", pool_out(p));
  float* x = a.f32(1, "x", pool_in(p));
  float* dx = a.f32(2, "dx", pool_in(p));
  if (a.ok()) qk::max_pool_grad(dy, x, dx, p);
  return a.undefined();
}

// avgPoolGrad(dy, dx, params)
Napi::Value AvgPoolGrad(const Napi::CallbackInfo& info) {
  Args a(info, "avgPoolGrad");
  qk::PoolParams p;
  if (!pool_params(a, 2, &p)) return a.undefined();
  float* dy = a.f32(0, "dy", pool_out(p));
  float* dx = a.f32(1, "dx", pool_in(p));
  if (a.ok()) qk::avg_pool_grad(dy, dx, p);
  return a.undefined();
}

// binary(op, a, b, out, desc = Int32Array [rank, shape..., aStrides..., bStrides...])
Napi::Value Binary(const Napi::CallbackInfo& info) {
  Args a(info, "binary");
  const int op = a.code(0, "op", qk::kBinaryOpCount);
  const int32_t* d = a.i32(4, "desc", 1);
  const int rank = d ? d[0] : 0;
  if (!a.check(rank >= 1 && rank <= 16, "desc rank must be from 1 to 16, got " +
                                            std::to_string(rank)))
    return a.undefined();
  d = a.i32(4, "desc", 1 + 3 * static_cast<size_t>(rank));
  if (!d) return a.undefined();
  const int32_t* shape = d + 1;
  const int32_t* strides[2] = {d + 1 + rank, d + 1 + 2 * rank};
  int64_t total = 1, need[2] = {1, 1};
  for (int k = 0; k < rank && a.ok(); ++k) {
    a.check(shape[k] >= 1, "desc shape " + qk_napi::list(shape, rank) +
                               " must have every axis at least 1");
    for (int s = 0; s < 2; ++s) {
      a.check(strides[s][k] >= 0, std::string("desc strides of ") + (s ? "b " : "a ") +
                                      qk_napi::list(strides[s], rank) + " must not be negative");
      // The largest offset read is the sum of (size - 1) * stride over the axes.
      need[s] = add(need[s], mul(shape[k] - 1, strides[s][k]));
    }
    total = mul(total, shape[k]);
  }
  a.check(strides[0][rank - 1] <= 1 && strides[1][rank - 1] <= 1,
          "desc strides of the last axis must be 0 or 1 (rows are contiguous), got " +
              std::to_string(strides[0][rank - 1]) + " and " +
              std::to_string(strides[1][rank - 1]));
  float* pa = a.f32(1, "a", need[0]);
  float* pb = a.f32(2, "b", need[1]);
  float* out = a.f32(3, "out", total);
  if (a.ok()) qk::binary(op, pa, pb, out, d);
  return a.undefined();
}

// unary(op, x, y, alpha)
Napi::Value Unary(const Napi::CallbackInfo& info) {
  Args a(info, "unary");
  const int op = a.code(0, "op", qk::kUnaryOpCount);
  const int64_t n = a.f32_length(1, "x");
  float* x = a.f32(1, "x", n);
  float* y = a.f32(2, "y", n);
  const float alpha = static_cast<float>(a.number(3, "alpha"));
  if (a.ok()) qk::unary(op, x, y, n, alpha);
  return a.undefined();
}

// reduceSum(x, out, A, R, B, mean)
Napi::Value ReduceSum(const Napi::CallbackInfo& info) {
  Args a(info, "reduceSum");
  const int64_t A = a.size(2, "A"), R = a.size(3, "R"), B = a.size(4, "B");
  float* x = a.f32(0, "x", mul(A, R, B));
  float* out = a.f32(1, "out", mul(A, B));
  const bool mean = a.boolean(5);
  if (a.ok()) qk::reduce_sum(x, out, A, R, B, mean);
  return a.undefined();
}

// softmax(x, y, rows, cols)
Napi::Value Softmax(const Napi::CallbackInfo& info) {
  Args a(info, "softmax");
  const int64_t rows = a.size(2, "rows"), cols = a.size(3, "cols");
  const int64_t n = mul(rows, cols);
  float* x = a.f32(0, "x", n);
  float* y = a.f32(1, "y", n);
  if (a.ok()) qk::softmax(x, y, rows, cols);
  return a.undefined();
}

// softmaxGrad(dy, y, dx, rows, cols)
Napi::Value SoftmaxGrad(const Napi::CallbackInfo& info) {
  Args a(info, "softmaxGrad");
  const int64_t rows = a.size(3, "rows"), cols = a.size(4, "cols");
  const int64_t n = mul(rows, cols);
  float* dy = a.f32(0, "dy", n);
  float* y = a.f32(1, "y", n);
  float* dx = a.f32(2, "dx", n);
  if (a.ok()) qk::softmax_grad(dy, y, dx, rows, cols);
  return a.undefined();
}

// transpose(x, y, p = Int32Array [d0, d1, d2, d3, s0, s1, s2, s3]): y of d0*d1*d2*d3 floats.
Napi::Value Transpose(const Napi::CallbackInfo& info) {
  Args a(info, "transpose");
  const int32_t* p = a.i32(2, "params", 8);
  if (!p) return a.undefined();
  a.check(p[0] >= 0 && p[1] >= 0 && p[2] >= 0 && p[3] >= 0,
          "params shape " + qk_napi::list(p, 4) + " must not be negative");
  a.check(p[4] >= 0 && p[5] >= 0 && p[6] >= 0 && p[7] >= 0,
          "params strides " + qk_napi::list(p + 4, 4) + " must not be negative");
  const int64_t n = mul(p[0], p[1], p[2], p[3]);
  a.check(n >= 0, "params shape " + qk_napi::list(p, 4) + " has more than 2^53 elements");
  // The largest input offset read is the sum of (d - 1) * s over the axes.
  int64_t reach = 0;
  for (int k = 0; k < 4 && n > 0; ++k) reach = add(reach, mul(p[k] - 1, p[4 + k]));
  float* x = a.f32(0, "x", n > 0 ? add(reach, 1) : 0);
  float* y = a.f32(1, "y", n);
  if (a.ok()) qk::transpose4(x, y, p);
  return a.undefined();
}

}  // namespace

namespace qk_napi {

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("info", Napi::Function::New(env, Info));
  exports.Set("setThreads", Napi::Function::New(env, SetThreads));
  exports.Set("setBackground", Napi::Function::New(env, SetBackground));
  exports.Set("conv2d", Napi::Function::New(env, Conv2D));
  exports.Set("conv2dBackpropInput", Napi::Function::New(env, Conv2DBackpropInput));
  exports.Set("conv2dBackpropFilter", Napi::Function::New(env, Conv2DBackpropFilter));
  exports.Set("matmul", Napi::Function::New(env, MatMul));
  exports.Set("maxPool", Napi::Function::New(env, MaxPool));
  exports.Set("maxPoolGrad", Napi::Function::New(env, MaxPoolGrad));
  exports.Set("avgPool", Napi::Function::New(env, AvgPool));
  exports.Set("avgPoolGrad", Napi::Function::New(env, AvgPoolGrad));
  exports.Set("binary", Napi::Function::New(env, Binary));
  exports.Set("unary", Napi::Function::New(env, Unary));
  exports.Set("reduceSum", Napi::Function::New(env, ReduceSum));
  exports.Set("softmax", Napi::Function::New(env, Softmax));
  exports.Set("transpose", Napi::Function::New(env, Transpose));
  exports.Set("softmaxGrad", Napi::Function::New(env, SoftmaxGrad));
  register_fused(env, exports);
  register_conv(env, exports);
  register_decoder(env, exports);
  return exports;
}

}  // namespace qk_napi

// NODE_API_MODULE pastes the name into an identifier: it must be unqualified.
static Napi::Object InitAddon(Napi::Env env, Napi::Object exports) {
  return qk_napi::Init(env, exports);
}
NODE_API_MODULE(qudao_kernels, InitAddon)
