// N-API surface. Every function is synchronous and writes into a Float32Array the caller
// allocated; sizes are checked here so a wrong call throws instead of corrupting memory.
#include <napi.h>

#include <cstdint>
#include <string>

#include "gemm.h"
#include "kernels.h"
#include "thread_pool.h"

namespace {

struct Args {
  const Napi::CallbackInfo& info;
  bool ok = true;

  explicit Args(const Napi::CallbackInfo& i) : info(i) {}

  void fail(const std::string& msg) {
    if (ok) Napi::TypeError::New(info.Env(), msg).ThrowAsJavaScriptException();
    ok = false;
  }

  // A Float32Array with at least `need` elements (or null when optional and null is passed).
  float* f32(size_t i, int64_t need, bool optional = false) {
    if (!ok) return nullptr;
    Napi::Value v = info[i];
    if (optional && (v.IsNull() || v.IsUndefined())) return nullptr;
    if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != napi_float32_array) {
      fail("argument " + std::to_string(i) + " must be a Float32Array");
      return nullptr;
    }
    Napi::Float32Array a = v.As<Napi::Float32Array>();
    if (static_cast<int64_t>(a.ElementLength()) < need) {
      fail("argument " + std::to_string(i) + " is too short: " +
           std::to_string(a.ElementLength()) + " < " + std::to_string(need));
      return nullptr;
    }
    return a.Data();
  }

  const int32_t* i32(size_t i, size_t need) {
    if (!ok) return nullptr;
    Napi::Value v = info[i];
    if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != napi_int32_array) {
      fail("argument " + std::to_string(i) + " must be an Int32Array");
      return nullptr;
    }
    Napi::Int32Array a = v.As<Napi::Int32Array>();
    if (a.ElementLength() < need) {
      fail("argument " + std::to_string(i) + " is too short");
      return nullptr;
    }
    return a.Data();
  }

  int64_t num(size_t i) {
    if (!ok) return 0;
    if (!info[i].IsNumber()) {
      fail("argument " + std::to_string(i) + " must be a number");
      return 0;
    }
    return info[i].As<Napi::Number>().Int64Value();
  }

  double dbl(size_t i) {
    if (!ok) return 0;
    if (!info[i].IsNumber()) {
      fail("argument " + std::to_string(i) + " must be a number");
      return 0;
    }
    return info[i].As<Napi::Number>().DoubleValue();
  }
};

// a * b for sizes passed from JavaScript, or -1 when either is negative or the product passes
// 2^53 (no typed array is that long): a wrapped product would pass the length checks.
int64_t product(int64_t a, int64_t b) {
  constexpr int64_t kMax = int64_t{1} << 53;
  if (a < 0 || b < 0 || (a != 0 && b > kMax / a)) return -1;
  return a * b;
}

bool conv_params(Args& a, size_t i, qk::ConvParams* p) {
  const int32_t* v = a.i32(i, qk::kConvParamCount);
  if (!v) return false;
  *p = qk::ConvParams{v[0], v[1], v[2],  v[3],  v[4],  v[5],  v[6], v[7],
                      v[8], v[9], v[10], v[11], v[12], v[13], v[14]};
  for (int k = 0; k < qk::kConvParamCount; ++k) {
    if (v[k] < 0 || ((k >= 9 && k <= 12) && v[k] < 1)) {
      a.fail("invalid convolution parameters");
      return false;
    }
  }
  return true;
}

bool pool_params(Args& a, size_t i, qk::PoolParams* p) {
  const int32_t* v = a.i32(i, qk::kPoolParamCount);
  if (!v) return false;
  *p = qk::PoolParams{v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11]};
  for (int k = 0; k < qk::kPoolParamCount; ++k) {
    if (v[k] < 0 || ((k == 8 || k == 9) && v[k] < 1)) {
      a.fail("invalid pooling parameters");
      return false;
    }
  }
  return true;
}

int64_t in_size(const qk::ConvParams& p) { return int64_t{p.N} * p.H * p.W * p.C; }
int64_t out_size(const qk::ConvParams& p) { return int64_t{p.N} * p.OH * p.OW * p.O; }
int64_t filter_size(const qk::ConvParams& p) { return int64_t{p.KH} * p.KW * p.C * p.O; }

Napi::Value Info(const Napi::CallbackInfo& info) {
  Napi::Object o = Napi::Object::New(info.Env());
  o.Set("simd", qk::simd_name());
  o.Set("threads", qk::pool_threads());
  return o;
}

Napi::Value SetThreads(const Napi::CallbackInfo& info) {
  Args a(info);
  int64_t n = a.num(0);
  if (a.ok) qk::pool_set_threads(static_cast<int>(n));
  return info.Env().Undefined();
}

// conv2d(x, w, bias|null, y, params, act, alpha)
Napi::Value Conv2D(const Napi::CallbackInfo& info) {
  Args a(info);
  qk::ConvParams p;
  if (!conv_params(a, 4, &p)) return info.Env().Undefined();
  float* x = a.f32(0, in_size(p));
  float* w = a.f32(1, filter_size(p));
  float* bias = a.f32(2, p.O, true);
  float* y = a.f32(3, out_size(p));
  int act = static_cast<int>(a.num(5));
  float alpha = static_cast<float>(a.dbl(6));
  if (a.ok) qk::conv2d(x, w, bias, act, alpha, y, p);
  return info.Env().Undefined();
}

// conv2dBackpropInput(dy, w, dx, params)
Napi::Value Conv2DBackpropInput(const Napi::CallbackInfo& info) {
  Args a(info);
  qk::ConvParams p;
  if (!conv_params(a, 3, &p)) return info.Env().Undefined();
  float* dy = a.f32(0, out_size(p));
  float* w = a.f32(1, filter_size(p));
  float* dx = a.f32(2, in_size(p));
  if (a.ok) qk::conv2d_backprop_input(dy, w, dx, p);
  return info.Env().Undefined();
}

// conv2dBackpropFilter(x, dy, dw, params)
Napi::Value Conv2DBackpropFilter(const Napi::CallbackInfo& info) {
  Args a(info);
  qk::ConvParams p;
  if (!conv_params(a, 3, &p)) return info.Env().Undefined();
  float* x = a.f32(0, in_size(p));
  float* dy = a.f32(1, out_size(p));
  float* dw = a.f32(2, filter_size(p));
  if (a.ok) qk::conv2d_backprop_filter(x, dy, dw, p);
  return info.Env().Undefined();
}

// matmul(a, b, out, bias|null, dims Int32Array[batch, batchA, batchB, M, N, K, transA, transB],
//        act, alpha)
Napi::Value MatMul(const Napi::CallbackInfo& info) {
  Args a(info);
  const int32_t* d = a.i32(4, 8);
  if (!a.ok) return info.Env().Undefined();
  const int batch = d[0], batchA = d[1], batchB = d[2], M = d[3], N = d[4], K = d[5];
  if (batch < 0 || batchA < 1 || batchB < 1 || M < 0 || N < 0 || K < 0) {
    a.fail("invalid matmul dimensions");
    return info.Env().Undefined();
  }
  float* pa = a.f32(0, int64_t{batchA} * M * K);
  float* pb = a.f32(1, int64_t{batchB} * K * N);
  float* out = a.f32(2, int64_t{batch} * M * N);
  float* bias = a.f32(3, N, true);
  int act = static_cast<int>(a.num(5));
  float alpha = static_cast<float>(a.dbl(6));
  if (a.ok)
    qk::batch_matmul(pa, pb, out, batch, batchA, batchB, M, N, K, d[6] != 0, d[7] != 0, bias, N,
                     act, alpha);
  return info.Env().Undefined();
}

int64_t pool_in(const qk::PoolParams& p) { return int64_t{p.N} * p.H * p.W * p.C; }
int64_t pool_out(const qk::PoolParams& p) { return int64_t{p.N} * p.OH * p.OW * p.C; }

// maxPool(x, y, params) / avgPool(x, y, params)
Napi::Value Pool(const Napi::CallbackInfo& info, bool max) {
  Args a(info);
  qk::PoolParams p;
  if (!pool_params(a, 2, &p)) return info.Env().Undefined();
  float* x = a.f32(0, pool_in(p));
  float* y = a.f32(1, pool_out(p));
  if (a.ok) (max ? qk::max_pool : qk::avg_pool)(x, y, p);
  return info.Env().Undefined();
}
Napi::Value MaxPool(const Napi::CallbackInfo& info) { return Pool(info, true); }
Napi::Value AvgPool(const Napi::CallbackInfo& info) { return Pool(info, false); }

// maxPoolGrad(dy, x, dx, params)
Napi::Value MaxPoolGrad(const Napi::CallbackInfo& info) {
  Args a(info);
  qk::PoolParams p;
  if (!pool_params(a, 3, &p)) return info.Env().Undefined();
  float* dy = a.f32(0, pool_out(p));
  float* x = a.f32(1, pool_in(p));
  float* dx = a.f32(2, pool_in(p));
  if (a.ok) qk::max_pool_grad(dy, x, dx, p);
  return info.Env().Undefined();
}

// avgPoolGrad(dy, dx, params)
Napi::Value AvgPoolGrad(const Napi::CallbackInfo& info) {
  Args a(info);
  qk::PoolParams p;
  if (!pool_params(a, 2, &p)) return info.Env().Undefined();
  float* dy = a.f32(0, pool_out(p));
  float* dx = a.f32(1, pool_in(p));
  if (a.ok) qk::avg_pool_grad(dy, dx, p);
  return info.Env().Undefined();
}

// binary(op, a, b, out, desc)
Napi::Value Binary(const Napi::CallbackInfo& info) {
  Args a(info);
  int op = static_cast<int>(a.num(0));
  const int32_t* d = a.i32(4, 1);
  if (!a.ok) return info.Env().Undefined();
  const int rank = d[0];
  if (rank < 1 || rank > 16) {
    a.fail("invalid broadcast rank");
    return info.Env().Undefined();
  }
  d = a.i32(4, 1 + 3 * rank);
  if (!a.ok) return info.Env().Undefined();
  int64_t total = 1, needA = 1, needB = 1;
  for (int k = 0; k < rank; ++k) {
    const int64_t s = d[1 + k];
    if (s < 1) {
      a.fail("invalid broadcast shape");
      return info.Env().Undefined();
    }
    total *= s;
    needA += (s - 1) * d[1 + rank + k];
    needB += (s - 1) * d[1 + 2 * rank + k];
  }
  float* pa = a.f32(1, needA);
  float* pb = a.f32(2, needB);
  float* out = a.f32(3, total);
  if (a.ok) qk::binary(op, pa, pb, out, d);
  return info.Env().Undefined();
}

// unary(op, x, y, alpha)
Napi::Value Unary(const Napi::CallbackInfo& info) {
  Args a(info);
  int op = static_cast<int>(a.num(0));
  if (!a.ok) return info.Env().Undefined();
  if (!info[1].IsTypedArray()) {
    a.fail("argument 1 must be a Float32Array");
    return info.Env().Undefined();
  }
  const int64_t n = static_cast<int64_t>(info[1].As<Napi::TypedArray>().ElementLength());
  float* x = a.f32(1, n);
  float* y = a.f32(2, n);
  float alpha = static_cast<float>(a.dbl(3));
  if (a.ok) qk::unary(op, x, y, n, alpha);
  return info.Env().Undefined();
}

// reduceSum(x, out, A, R, B, mean)
Napi::Value ReduceSum(const Napi::CallbackInfo& info) {
  Args a(info);
  int64_t A = a.num(2), R = a.num(3), B = a.num(4);
  const int64_t total = product(product(A, R), B), outer = product(A, B);
  if (a.ok && (total < 0 || outer < 0)) a.fail("invalid reduction shape");
  float* x = a.f32(0, total);
  float* out = a.f32(1, outer);
  bool mean = info[5].ToBoolean().Value();
  if (a.ok) qk::reduce_sum(x, out, A, R, B, mean);
  return info.Env().Undefined();
}

// softmax(x, y, rows, cols)
Napi::Value Softmax(const Napi::CallbackInfo& info) {
  Args a(info);
  int64_t rows = a.num(2), cols = a.num(3);
  const int64_t n = product(rows, cols);
  if (a.ok && n < 0) a.fail("invalid softmax shape");
  float* x = a.f32(0, n);
  float* y = a.f32(1, n);
  if (a.ok) qk::softmax(x, y, rows, cols);
  return info.Env().Undefined();
}

// softmaxGrad(dy, y, dx, rows, cols)
Napi::Value SoftmaxGrad(const Napi::CallbackInfo& info) {
  Args a(info);
  int64_t rows = a.num(3), cols = a.num(4);
  const int64_t n = product(rows, cols);
  if (a.ok && n < 0) a.fail("invalid softmax shape");
  float* dy = a.f32(0, n);
  float* y = a.f32(1, n);
  float* dx = a.f32(2, n);
  if (a.ok) qk::softmax_grad(dy, y, dx, rows, cols);
  return info.Env().Undefined();
}

// transpose(x, y, p = Int32Array [d0, d1, d2, d3, s0, s1, s2, s3]), x and y of d0*d1*d2*d3.
Napi::Value Transpose(const Napi::CallbackInfo& info) {
  Args a(info);
  const int32_t* p = a.i32(2, 8);
  int64_t n = 1;
  if (a.ok) {
    for (int k = 0; k < 8; ++k)
      if (p[k] < 0) a.fail("invalid transpose shape");
    for (int k = 0; k < 4; ++k) n *= p[k];
  }
  // The largest input offset read is the sum of (d - 1) * s over the axes.
  int64_t reach = 0;
  if (a.ok && n > 0)
    for (int k = 0; k < 4; ++k) reach += int64_t{p[k] - 1} * p[4 + k];
  float* x = a.f32(0, n > 0 ? reach + 1 : 0);
  float* y = a.f32(1, n);
  if (a.ok) qk::transpose4(x, y, p);
  return info.Env().Undefined();
}

// adam(var, m, v, g, lr, b1, b2, 1-b1, 1-b2, c1, c2, eps): one Adam step in place (var, m, v).
Napi::Value Adam(const Napi::CallbackInfo& info) {
  Args a(info);
  if (a.ok && !info[0].IsTypedArray()) a.fail("var must be a Float32Array");
  int64_t n = a.ok ? static_cast<int64_t>(info[0].As<Napi::TypedArray>().ElementLength()) : 0;
  float* var = a.f32(0, n);
  float* m = a.f32(1, n);
  float* v = a.f32(2, n);
  float* g = a.f32(3, n);
  float p[8];
  for (int k = 0; k < 8; ++k) p[k] = static_cast<float>(a.dbl(4 + k));
  if (a.ok) qk::adam(var, m, v, g, n, p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7]);
  return info.Env().Undefined();
}

// layerNorm(x, gamma, beta, y, rows, cols, eps)
Napi::Value LayerNorm(const Napi::CallbackInfo& info) {
  Args a(info);
  int64_t rows = a.num(4), cols = a.num(5);
  const int64_t n = product(rows, cols);
  if (a.ok && (n < 0 || cols < 1)) a.fail("invalid layer norm shape");
  float* x = a.f32(0, n);
  float* gamma = a.f32(1, cols);
  float* beta = a.f32(2, cols);
  float* y = a.f32(3, n);
  float eps = static_cast<float>(a.dbl(6));
  if (a.ok) qk::layer_norm(x, gamma, beta, y, rows, cols, eps);
  return info.Env().Undefined();
}

// layerNormGrad(dy, x, gamma, dx, dgamma, dbeta, rows, cols, eps)
Napi::Value LayerNormGrad(const Napi::CallbackInfo& info) {
  Args a(info);
  int64_t rows = a.num(6), cols = a.num(7);
  const int64_t n = product(rows, cols);
  if (a.ok && (n < 0 || cols < 1)) a.fail("invalid layer norm shape");
  float* dy = a.f32(0, n);
  float* x = a.f32(1, n);
  float* gamma = a.f32(2, cols);
  float* dx = a.f32(3, n);
  float* dgamma = a.f32(4, cols);
  float* dbeta = a.f32(5, cols);
  float eps = static_cast<float>(a.dbl(8));
  if (a.ok) qk::layer_norm_grad(dy, x, gamma, dx, dgamma, dbeta, rows, cols, eps);
  return info.Env().Undefined();
}

int64_t length_of(Args& a, size_t i) {
  if (a.ok && !a.info[i].IsTypedArray()) a.fail("argument " + std::to_string(i) + " must be a Float32Array");
  return a.ok ? static_cast<int64_t>(a.info[i].As<Napi::TypedArray>().ElementLength()) : 0;
}

// gelu(x, y)
Napi::Value Gelu(const Napi::CallbackInfo& info) {
  Args a(info);
  const int64_t n = length_of(a, 0);
  float* x = a.f32(0, n);
  float* y = a.f32(1, n);
  if (a.ok) qk::gelu(x, y, n);
  return info.Env().Undefined();
}

// geluGrad(dy, x, dx)
Napi::Value GeluGrad(const Napi::CallbackInfo& info) {
  Args a(info);
  const int64_t n = length_of(a, 1);
  float* dy = a.f32(0, n);
  float* x = a.f32(1, n);
  float* dx = a.f32(2, n);
  if (a.ok) qk::gelu_grad(dy, x, dx, n);
  return info.Env().Undefined();
}

// dropout(x, y, rate, seed, scale)
Napi::Value Dropout(const Napi::CallbackInfo& info) {
  Args a(info);
  const int64_t n = length_of(a, 0);
  float* x = a.f32(0, n);
  float* y = a.f32(1, n);
  const double rate = a.dbl(2);
  const uint32_t seed = static_cast<uint32_t>(a.num(3));
  const float scale = static_cast<float>(a.dbl(4));
  if (a.ok && !(rate >= 0 && rate < 1)) a.fail("dropout rate must be in [0, 1)");
  if (a.ok && n > 0xffffffffLL) a.fail("dropout input too large");
  if (a.ok) qk::dropout(x, y, n, rate, seed, scale);
  return info.Env().Undefined();
}

bool attention_params(Args& a, size_t i, qk::AttentionParams* p) {
  const int32_t* d = a.i32(i, 5);
  if (!a.ok) return false;
  *p = qk::AttentionParams{d[0],
                           d[1],
                           d[2],
                           d[3],
                           d[4],
                           static_cast<float>(a.dbl(i + 1)),
                           a.dbl(i + 2),
                           static_cast<uint32_t>(a.num(i + 3)),
                           static_cast<float>(a.dbl(i + 4))};
  if (!a.ok) return false;
  const int64_t weights = product(product(p->B, p->H), product(p->T, p->T));
  if (p->B < 0 || p->T < 0 || p->H < 1 || p->D < 1 || p->ldIn < int64_t{p->H} * p->D ||
      !(p->rate >= 0 && p->rate < 1) || weights < 0 || weights > 0xffffffffLL ||
      product(product(p->B, p->T), p->ldIn) < 0) {
    a.fail("invalid attention parameters");
    return false;
  }
  return true;
}

// Floats a q/k/v view must hold: the last row's head block ends (B*T - 1) * ldIn + H * D in.
int64_t attention_in_size(const qk::AttentionParams& p) {
  const int64_t rows = int64_t{p.B} * p.T;
  return rows == 0 ? 0 : (rows - 1) * p.ldIn + int64_t{p.H} * p.D;
}

// attention(q, k, v, mask|null, probs, out, dims [B, T, H, D, ldIn], scale, rate, seed,
//           keepScale); q, k, v may be views into one packed array.
Napi::Value Attention(const Napi::CallbackInfo& info) {
  Args a(info);
  qk::AttentionParams p;
  if (!attention_params(a, 6, &p)) return info.Env().Undefined();
  const int64_t in = attention_in_size(p);
  const int64_t n = int64_t{p.B} * p.T * p.H * p.D;
  float* q = a.f32(0, in);
  float* k = a.f32(1, in);
  float* v = a.f32(2, in);
  float* mask = a.f32(3, int64_t{p.B} * p.T, true);
  float* probs = a.f32(4, int64_t{p.B} * p.H * p.T * p.T);
  float* out = a.f32(5, n);
  if (a.ok) qk::attention(q, k, v, mask, probs, out, p);
  return info.Env().Undefined();
}

// attentionGrad(dout, q, k, v, probs, dq, dk, dv, dims, scale, rate, seed, keepScale)
Napi::Value AttentionGrad(const Napi::CallbackInfo& info) {
  Args a(info);
  qk::AttentionParams p;
  if (!attention_params(a, 8, &p)) return info.Env().Undefined();
  const int64_t in = attention_in_size(p);
  const int64_t n = int64_t{p.B} * p.T * p.H * p.D;
  float* dout = a.f32(0, n);
  float* q = a.f32(1, in);
  float* k = a.f32(2, in);
  float* v = a.f32(3, in);
  float* probs = a.f32(4, int64_t{p.B} * p.H * p.T * p.T);
  float* dq = a.f32(5, in);
  float* dk = a.f32(6, in);
  float* dv = a.f32(7, in);
  if (a.ok) qk::attention_grad(dout, q, k, v, probs, dq, dk, dv, p);
  return info.Env().Undefined();
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("info", Napi::Function::New(env, Info));
  exports.Set("setThreads", Napi::Function::New(env, SetThreads));
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
  exports.Set("adam", Napi::Function::New(env, Adam));
  exports.Set("transpose", Napi::Function::New(env, Transpose));
  exports.Set("softmaxGrad", Napi::Function::New(env, SoftmaxGrad));
  exports.Set("layerNorm", Napi::Function::New(env, LayerNorm));
  exports.Set("layerNormGrad", Napi::Function::New(env, LayerNormGrad));
  exports.Set("gelu", Napi::Function::New(env, Gelu));
  exports.Set("geluGrad", Napi::Function::New(env, GeluGrad));
  exports.Set("dropout", Napi::Function::New(env, Dropout));
  exports.Set("attention", Napi::Function::New(env, Attention));
  exports.Set("attentionGrad", Napi::Function::New(env, AttentionGrad));
  return exports;
}

}  // namespace

NODE_API_MODULE(qudao_kernels, Init)
