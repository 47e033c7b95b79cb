#include "napi_args.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace qk_napi {
namespace {

const char* typed_array_name(napi_typedarray_type t) {
  switch (t) {
    case napi_int8_array:
      return "an Int8Array";
    case napi_uint8_array:
      return "a Uint8Array";
    case napi_uint8_clamped_array:
      return "a Uint8ClampedArray";
    case napi_int16_array:
      return "an Int16Array";
    case napi_uint16_array:
      return "a Uint16Array";
    case napi_int32_array:
      return "an Int32Array";
    case napi_uint32_array:
      return "a Uint32Array";
    case napi_float32_array:
      return "a Float32Array";
    case napi_float64_array:
      return "a Float64Array";
    default:
      return "a BigInt array";
  }
}

// A number as JavaScript prints it.
std::string js(const Napi::Value& v) { return Napi::Value(v).ToString().Utf8Value(); }

// What was passed, for "must be X, got Y" messages.
std::string describe(const Napi::Value& v) {
  if (v.IsUndefined()) return "undefined";
  if (v.IsNull()) return "null";
  if (v.IsTypedArray()) return typed_array_name(v.As<Napi::TypedArray>().TypedArrayType());
  if (v.IsNumber()) return "the number " + js(v);
  if (v.IsBoolean()) return "a boolean";
  if (v.IsString()) return "a string";
  if (v.IsArray()) return "an Array";
  return "an object";
}


}  // namespace

std::string number_text(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.15g", d);
  if (std::strtod(buf, nullptr) != d) std::snprintf(buf, sizeof buf, "%.17g", d);
  return buf;
}

std::string list(const int32_t* v, int n) {
  std::string s = "[";
  for (int k = 0; k < n; ++k) s += (k ? ", " : "") + std::to_string(v[k]);
  return s + "]";
}

std::string Args::arg(size_t i, const char* name) const {
  return std::string(name) + " (argument " + std::to_string(i) + ")";
}

void Args::type_error(const std::string& message) {
  if (ok_) Napi::TypeError::New(info_.Env(), fn_ + (": " + message)).ThrowAsJavaScriptException();
  ok_ = false;
}

void Args::range_error(const std::string& message) {
  if (ok_) Napi::RangeError::New(info_.Env(), fn_ + (": " + message)).ThrowAsJavaScriptException();
  ok_ = false;
}

float* Args::f32(size_t i, const char* name, int64_t need, bool optional) {
  if (!ok_) return nullptr;
  Napi::Value v = info_[i];
  if (optional && (v.IsNull() || v.IsUndefined())) return nullptr;
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != napi_float32_array) {
    type_error(arg(i, name) + " must be a Float32Array, got " + describe(v));
    return nullptr;
  }
  if (need < 0) {
    range_error("the size of " + arg(i, name) + " passes 2^53 elements");
    return nullptr;
  }
  Napi::Float32Array a = v.As<Napi::Float32Array>();
  const int64_t have = static_cast<int64_t>(a.ElementLength());
  if (have < need) {
    range_error(arg(i, name) + " holds " + std::to_string(have) + " floats, needs " +
                std::to_string(need));
    return nullptr;
  }
  return a.Data();
}

uint8_t* Args::u8(size_t i, const char* name, int64_t need, bool optional) {
  if (!ok_) return nullptr;
  Napi::Value v = info_[i];
  if (optional && (v.IsNull() || v.IsUndefined())) return nullptr;
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array) {
    type_error(arg(i, name) + " must be a Uint8Array, got " + describe(v));
    return nullptr;
  }
  if (need < 0) {
    range_error("the size of " + arg(i, name) + " passes 2^53 elements");
    return nullptr;
  }
  Napi::Uint8Array a = v.As<Napi::Uint8Array>();
  const int64_t have = static_cast<int64_t>(a.ElementLength());
  if (have < need) {
    range_error(arg(i, name) + " holds " + std::to_string(have) + " bytes, needs " +
                std::to_string(need));
    return nullptr;
  }
  return a.Data();
}

int64_t Args::f32_length(size_t i, const char* name) {
  if (!ok_) return 0;
  Napi::Value v = info_[i];
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != napi_float32_array) {
    type_error(arg(i, name) + " must be a Float32Array, got " + describe(v));
    return 0;
  }
  return static_cast<int64_t>(v.As<Napi::TypedArray>().ElementLength());
}

const int32_t* Args::i32(size_t i, const char* name, size_t count) {
  if (!ok_) return nullptr;
  Napi::Value v = info_[i];
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != napi_int32_array) {
    type_error(arg(i, name) + " must be an Int32Array, got " + describe(v));
    return nullptr;
  }
  Napi::Int32Array a = v.As<Napi::Int32Array>();
  if (a.ElementLength() < count) {
    range_error(arg(i, name) + " holds " + std::to_string(a.ElementLength()) +
                " values, needs " + std::to_string(count));
    return nullptr;
  }
  return a.Data();
}

int64_t Args::integer(size_t i, const char* name, int64_t lo, int64_t hi) {
  if (!ok_) return 0;
  Napi::Value v = info_[i];
  const std::string range =
      " from " + std::to_string(lo) + " to " + (hi == kMaxSize ? "2^53" : std::to_string(hi));
  if (!v.IsNumber()) {
    type_error(arg(i, name) + " must be an integer" + range + ", got " + describe(v));
    return 0;
  }
  const double d = v.As<Napi::Number>().DoubleValue();
  // The comparisons are false for NaN, so NaN fails too.
  if (!(d == std::floor(d) && d >= static_cast<double>(lo) && d <= static_cast<double>(hi))) {
    range_error(arg(i, name) + " must be an integer" + range + ", got " + js(v));
    return 0;
  }
  return static_cast<int64_t>(d);
}

int Args::code(size_t i, const char* name, int count) {
  if (!ok_) return 0;
  Napi::Value v = info_[i];
  const double d = v.IsNumber() ? v.As<Napi::Number>().DoubleValue() : -1;
  if (!v.IsNumber() || !(d == std::floor(d) && d >= 0 && d < count)) {
    range_error("unknown " + std::string(name) + " " + (v.IsNumber() ? js(v) : describe(v)) +
                " (known: 0 to " + std::to_string(count - 1) + ")");
    return 0;
  }
  return static_cast<int>(d);
}

double Args::number(size_t i, const char* name) {
  if (!ok_) return 0;
  Napi::Value v = info_[i];
  if (!v.IsNumber()) {
    type_error(arg(i, name) + " must be a number, got " + describe(v));
    return 0;
  }
  return v.As<Napi::Number>().DoubleValue();
}

}  // namespace qk_napi
