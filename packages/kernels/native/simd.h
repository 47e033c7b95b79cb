// Run-time choice between the AVX2 builds of the hot loops and their baseline builds.
//
// A hot loop is written once, as an always-inline body, and called through simd_call<body>():
// the body is inlined twice, into a function compiled for x86-64-v3 (AVX2, FMA) and into a
// plain one, and simd_call picks one by the CPU's features, or the plain one when QUDAO_SIMD=
// generic (to test the portable path on an AVX2 machine). GCC's target_clones did the same
// before, but its load-time resolver only looks at the CPU, so QUDAO_SIMD could not reach it.
// Only the outer call is dispatched (once per task, never per element).
#pragma once

#include <utility>

// x86-64 with GCC: per-function target attributes and __builtin_cpu_supports. Elsewhere (other
// architectures, Clang, MSVC) one baseline build.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define QK_HAVE_V3 1
#if __GNUC__ >= 12
#define QK_V3_TARGET __attribute__((target("arch=x86-64-v3")))
#else
#define QK_V3_TARGET __attribute__((target("avx2,fma")))
#endif
#endif

// A hot loop's body: inlined into both builds, never called out of line (an out-of-line copy
// would be the baseline one, silently).
#if defined(__GNUC__)
#define QK_SIMD_BODY inline __attribute__((always_inline))
#define QK_NOINLINE __attribute__((noinline))
#else
#define QK_SIMD_BODY inline
#define QK_NOINLINE
#endif

namespace qk {

namespace detail {
extern const bool kUseV3;
}

// True when the hot loops take their AVX2 build: the CPU has x86-64-v3 and QUDAO_SIMD is not
// "generic". Decided once, when the addon loads.
inline bool simd_v3() { return detail::kUseV3; }

// True when the GEMM micro-kernel takes its AVX2/FMA build (same rule, AVX2 and FMA only).
bool simd_avx2_fma();

// Name of the hot loops' build in use: "x86-64-v3", "avx2-fma" (GCC < 12) or "generic".
const char* simd_loops_name();

namespace detail {
#ifdef QK_HAVE_V3
template <auto F, class... A>
QK_V3_TARGET QK_NOINLINE void run_v3(A&&... a) {
  F(std::forward<A>(a)...);
}
#endif
template <auto F, class... A>
QK_NOINLINE void run_base(A&&... a) {
  F(std::forward<A>(a)...);
}
}  // namespace detail

// Runs the QK_SIMD_BODY function F on the build simd_v3() picks.
template <auto F, class... A>
inline void simd_call(A&&... a) {
#ifdef QK_HAVE_V3
  if (simd_v3()) {
    detail::run_v3<F>(std::forward<A>(a)...);
    return;
  }
#endif
  detail::run_base<F>(std::forward<A>(a)...);
}

}  // namespace qk
