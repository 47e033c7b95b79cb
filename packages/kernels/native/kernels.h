// Kernel entry points called by the N-API layer. All tensors are dense float32, NHWC.
#pragma once

#include <cstdint>

namespace qk {

enum Activation : int {
  kActLinear = 0,
  kActRelu = 1,
  kActRelu6 = 2,
  kActLeakyRelu = 3,
  kActSigmoid = 4,
  kActElu = 5,
};
// Codes in [0, count) are known; addon.cc refuses the others before any kernel runs.
constexpr int kActivationCount = kActElu + 1;

struct ConvParams {
  int N, H, W, C;   // input
  int KH, KW, O;    // filter [KH, KW, C, O]
  int OH, OW;       // output
  int sh, sw;       // strides
  int dh, dw;       // dilations
  int pt, pl;       // top / left padding
};
constexpr int kConvParamCount = 15;

void apply_bias_act(float* y, int64_t rows, int cols, const float* bias, int act, float alpha);

void conv2d(const float* x, const float* w, const float* bias, int act, float alpha, float* y,
            const ConvParams& p);
void conv2d_backprop_input(const float* dy, const float* w, float* dx, const ConvParams& p);
void conv2d_backprop_filter(const float* x, const float* dy, float* dw, const ConvParams& p);

// out[b] = op(a[b % batchA]) x op(b[b % batchB]) (+ bias, activation)
void batch_matmul(const float* a, const float* b, float* out, int batch, int batchA, int batchB,
                  int M, int N, int K, bool transA, bool transB, const float* bias, int biasLen,
                  int act, float alpha);

struct PoolParams {
  int N, H, W, C;
  int KH, KW;
  int OH, OW;
  int sh, sw;
  int pt, pl;
};
constexpr int kPoolParamCount = 12;

void max_pool(const float* x, float* y, const PoolParams& p);
void max_pool_grad(const float* dy, const float* x, float* dx, const PoolParams& p);
void avg_pool(const float* x, float* y, const PoolParams& p);
void avg_pool_grad(const float* dy, float* dx, const PoolParams& p);

enum BinaryOp : int {
  kAdd = 0,
  kSub = 1,
  kMul = 2,
  kDiv = 3,
  kMax = 4,
  kMin = 5,
  kSquaredDiff = 6,
  kReluGrad = 7,  // a * step(b): the ReLU gradient dy * (x > 0), NaN where x is NaN
};
constexpr int kBinaryOpCount = kReluGrad + 1;
// desc: rank, shape[rank], aStrides[rank], bStrides[rank] (collapsed broadcast, see
// src/kernels/elementwise.ts); the last axis's strides are 0 or 1 (rows are contiguous).
void binary(int op, const float* a, const float* b, float* out, const int32_t* desc);

enum UnaryOp : int {
  kRelu = 0,
  kRelu6 = 1,
  kStep = 2,
  kNeg = 3,
  kSquare = 4,
  kSqrt = 5,
  kRsqrt = 6,
  kExp = 7,
  kLog = 8,
  kAbs = 9,
  kSigmoid = 10,
  kTanh = 11,
  kReciprocal = 12,
  kLeakyRelu = 13,
  kElu = 14,
  kIdentity = 15,
  kErf = 16,
};
constexpr int kUnaryOpCount = kErf + 1;
void unary(int op, const float* x, float* y, int64_t n, float alpha);

// out[a, b] = sum_r x[a, r, b] (divided by R when mean)
void reduce_sum(const float* x, float* out, int64_t A, int64_t R, int64_t B, bool mean);
void softmax(const float* x, float* y, int64_t rows, int64_t cols);

// Softmax gradient over rows of `cols`: dx = dy*y - sum_row(dy*y) * y (tfjs's formula).
void softmax_grad(const float* dy, const float* y, float* dx, int64_t rows, int64_t cols);

// y[i0,i1,i2,i3] = x[i0*s0 + i1*s1 + i2*s2 + i3*s3] over the output shape d0..d3 (a transpose
// of rank <= 4 padded with leading axes of size 1); p = {d0, d1, d2, d3, s0, s1, s2, s3}.
void transpose4(const float* x, float* y, const int32_t* p);

// One Adam step over n elements, as tf.train.adam computes it (float32, same op order):
//   m = b1*m + (1-b1)*g; v = b2*v + (1-b2)*g*g;
//   var += -lr * ((m / c1) / (sqrt(v / c2) + eps))   with c1 = 1 - b1^t, c2 = 1 - b2^t.
// var, m, v are updated in place.
// ob1, ob2 are 1 - b1, 1 - b2 rounded from double as tfjs rounds its scalars.
void adam(float* var, float* m, float* v, const float* g, int64_t n, float lr, float b1,
          float b2, float ob1, float ob2, float c1, float c2, float eps);

// Fused Transformer layers (fused.cc). Layer normalisation over rows of `cols`, with the
// population variance: y = (x - mean) / sqrt(var + eps) * gamma + beta.
void layer_norm(const float* x, const float* gamma, const float* beta, float* y, int64_t rows,
                int64_t cols, float eps);
// dx, and dgamma/dbeta summed over the rows (in a fixed order: reproducible).
void layer_norm_grad(const float* dy, const float* x, const float* gamma, float* dx,
                     float* dgamma, float* dbeta, int64_t rows, int64_t cols, float eps);
void gelu(const float* x, float* y, int64_t n);
void gelu_grad(const float* dy, const float* x, float* dx, int64_t n);
// y = x * (kept ? scale : 0), the keep decision hashed from (seed, index): see vmath.h.
void dropout(const float* x, float* y, int64_t n, double rate, uint32_t seed, float scale);

// Multi-head attention (attention.cc). q, k, v (and dq, dk, dv): rows of ldIn floats, head h
// of row (b, t) at column h * D (ldIn = H * D for separate tensors, 3 * H * D when q, k, v are
// column blocks of one packed projection); out, dout: [B, T, H * D]; mask: additive [B, T]
// (0 or a large negative number per key) or null; probs: [B, H, T, T], the softmax weights
// before dropout, written by the forward pass and read by the backward pass (in causal mode
// only the lower triangle and the diagonal blocks are written).
struct AttentionParams {
  int B, T, H, D;
  int64_t ldIn;     // row stride of q, k, v, dq, dk, dv
  float scale;      // multiplies Q K^T before the mask is added
  double rate;      // dropout on the weights (0: none)
  uint32_t seed;
  float keepScale;  // 1 / (1 - rate) rounded to float
  bool causal;      // query i attends to keys 0..i only (the upper triangle is skipped)
};
void attention(const float* q, const float* k, const float* v, const float* mask, float* probs,
               float* out, const AttentionParams& p);
void attention_grad(const float* dout, const float* q, const float* k, const float* v,
                    const float* probs, float* dq, float* dk, float* dv, const AttentionParams& p);

// Decoder-only language models (decoder.cc). Attention of R new rows against a key/value
// cache: qkv [R, 3 * H * D] (queries, keys, values of each row; rotary embedding applied in
// place when rotaryBase > 0), kc and vc [slots, maxT, H * D]. Row r belongs to cache slot
// slot[r] at position pos[r]: its key and value are written there, then it attends to
// positions 0..pos[r] of its slot. out [R, H * D]. One call serves a prompt (rows of one slot
// at consecutive positions) or a decode step of many streams (one row per slot).
struct CachedAttentionParams {
  int R, H, D;
  int maxT;           // positions per slot
  int slots;
  float scale;        // multiplies the scores
  double rotaryBase;  // 0: no rotary embedding
};
void cached_attention(float* qkv, float* kc, float* vc, const int32_t* slot, const int32_t* pos,
                      float* out, const CachedAttentionParams& p);

// Softmax cross-entropy of N rows of V logits against integer labels: loss[r] in nats and,
// when grad is not null, grad = (softmax - onehot(label)) * gradScale.
void softmax_xent(const float* logits, const int32_t* labels, float* loss, float* grad,
                  int64_t N, int64_t V, float gradScale);

}  // namespace qk
