// Argument checks of the N-API entry points (addon.cc, addon_fused.cc). Every size a kernel
// will touch is computed here in checked 64-bit arithmetic and compared with the typed arrays'
// lengths, so a wrong call throws a JavaScript error ("<function>: <what is wrong>") instead of
// reading or writing out of bounds. The kernels themselves check nothing: their loops stay
// free of tests.
#pragma once

#include <napi.h>

#include <cstdint>
#include <string>

namespace qk_napi {

// Sizes above 2^53 are refused: no typed array is that long, JavaScript numbers stop being
// exact there, and the checked arithmetic below can use it as its overflow bound.
constexpr int64_t kMaxSize = int64_t{1} << 53;
// What the kernels keep in an `int`: GEMM dimensions, image coordinates, window sizes.
constexpr int64_t kMaxInt = INT32_MAX;

// a * b, or -1 when either is negative (an earlier failure) or the product passes kMaxSize.
inline int64_t mul(int64_t a, int64_t b) {
  if (a < 0 || b < 0 || (a != 0 && b > kMaxSize / a)) return -1;
  return a * b;
}
template <class... T>
int64_t mul(int64_t a, int64_t b, T... rest) {
  return mul(mul(a, b), rest...);
}
// a + b, or -1 when either is negative or the sum passes kMaxSize.
inline int64_t add(int64_t a, int64_t b) {
  if (a < 0 || b < 0 || a > kMaxSize - b) return -1;
  return a + b;
}
// True for a size the kernels may hold in an int.
inline bool fits_int(int64_t v) { return v >= 0 && v <= kMaxInt; }

class Args {
 public:
  Args(const Napi::CallbackInfo& info, const char* fn) : info_(info), fn_(fn) {}

  bool ok() const { return ok_; }
  Napi::Value undefined() const { return info_.Env().Undefined(); }

  // Throws "<fn>: <message>" as a TypeError (wrong kind of argument) or a RangeError (a bad
  // value), once: every later check and accessor is skipped.
  void type_error(const std::string& message);
  void range_error(const std::string& message);
  // range_error(message) unless `cond`; returns whether all checks so far passed.
  bool check(bool cond, const std::string& message) {
    if (ok_ && !cond) range_error(message);
    return ok_;
  }

  // Float32Array argument i (`name` in messages) holding at least `need` floats; need < 0 (a
  // size that overflowed) is refused. null when `optional` and null or undefined is passed.
  float* f32(size_t i, const char* name, int64_t need, bool optional = false);
  // Uint8Array argument i holding at least `need` bytes (as f32).
  uint8_t* u8(size_t i, const char* name, int64_t need, bool optional = false);
  // Element count of Float32Array argument i.
  int64_t f32_length(size_t i, const char* name);
  // Int32Array argument i with at least `count` elements.
  const int32_t* i32(size_t i, const char* name, size_t count);
  // Number argument i: an integer in [lo, hi].
  int64_t integer(size_t i, const char* name, int64_t lo, int64_t hi);
  // A size: an integer in [0, 2^53].
  int64_t size(size_t i, const char* name) { return integer(i, name, 0, kMaxSize); }
  // An op or activation code in [0, count).
  int code(size_t i, const char* name, int count);
  double number(size_t i, const char* name);
  bool boolean(size_t i) { return ok_ && info_[i].ToBoolean().Value(); }

 private:
  std::string arg(size_t i, const char* name) const;

  const Napi::CallbackInfo& info_;
  const char* fn_;
  bool ok_ = true;
};

// "[a, b, c]" for messages.
std::string list(const int32_t* v, int n);
// A double as JavaScript would print it (1.5, NaN, Infinity), for messages.
std::string number_text(double d);

}  // namespace qk_napi
