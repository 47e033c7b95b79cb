#include "simd.h"

#include <cstdlib>
#include <cstring>

namespace qk {
namespace {

// QUDAO_SIMD=generic forces the portable builds (for testing them on AVX2 machines).
bool forced_generic() {
  const char* force = std::getenv("QUDAO_SIMD");
  return force && std::strcmp(force, "generic") == 0;
}

bool cpu_v3() {
#ifdef QK_HAVE_V3
  // Run from a static initializer: libgcc's CPU model may not be filled in yet.
  __builtin_cpu_init();
#if __GNUC__ >= 12
  return __builtin_cpu_supports("x86-64-v3");
#else
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#endif
#else
  return false;
#endif
}

bool cpu_avx2_fma() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
  return false;
#endif
}

}  // namespace

namespace detail {
const bool kUseV3 = !forced_generic() && cpu_v3();
}

bool simd_avx2_fma() {
  static const bool use = !forced_generic() && cpu_avx2_fma();
  return use;
}

const char* simd_loops_name() {
#if defined(QK_HAVE_V3) && __GNUC__ >= 12
  return simd_v3() ? "x86-64-v3" : "generic";
#else
  return simd_v3() ? "avx2-fma" : "generic";
#endif
}

}  // namespace qk
