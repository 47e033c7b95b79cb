// AVX2/FMA micro-kernels. Only these functions are compiled for AVX2 (a per-function target
// attribute, understood by GCC and Clang), and they are called only after a runtime CPU check, so
// the addon still loads on older x86-64 CPUs.
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

#include <cstdint>

namespace qk {

#define QK_STORE_ROW(r, x0, x1)                        \
  do {                                                 \
    float* cr = c + (r) * ldc;                         \
    if (acc) {                                         \
      x0 = _mm256_add_ps(x0, _mm256_loadu_ps(cr));     \
      x1 = _mm256_add_ps(x1, _mm256_loadu_ps(cr + 8)); \
    }                                                  \
    _mm256_storeu_ps(cr, x0);                          \
    _mm256_storeu_ps(cr + 8, x1);                      \
  } while (0)
#define QK_STORE_ROWS()         \
  do {                          \
    QK_STORE_ROW(0, c00, c01);  \
    QK_STORE_ROW(1, c10, c11);  \
    QK_STORE_ROW(2, c20, c21);  \
    QK_STORE_ROW(3, c30, c31);  \
    QK_STORE_ROW(4, c40, c41);  \
    QK_STORE_ROW(5, c50, c51);  \
  } while (0)

// A's 6 values of step k at a[0..6), steps `as` floats apart (kMR for packed panels).
__attribute__((target("avx2,fma"))) void micro_kernel_avx2(int kc, const float* a, int64_t as,
                                                          const float* b, int64_t ldb, float* c,
                                                          int64_t ldc, bool acc) {
  __m256 c00 = _mm256_setzero_ps(), c01 = _mm256_setzero_ps();
  __m256 c10 = _mm256_setzero_ps(), c11 = _mm256_setzero_ps();
  __m256 c20 = _mm256_setzero_ps(), c21 = _mm256_setzero_ps();
  __m256 c30 = _mm256_setzero_ps(), c31 = _mm256_setzero_ps();
  __m256 c40 = _mm256_setzero_ps(), c41 = _mm256_setzero_ps();
  __m256 c50 = _mm256_setzero_ps(), c51 = _mm256_setzero_ps();
  for (int k = 0; k < kc; ++k) {
    const __m256 b0 = _mm256_loadu_ps(b);
    const __m256 b1 = _mm256_loadu_ps(b + 8);
    __m256 av = _mm256_broadcast_ss(a);
    c00 = _mm256_fmadd_ps(av, b0, c00);
    c01 = _mm256_fmadd_ps(av, b1, c01);
    av = _mm256_broadcast_ss(a + 1);
    c10 = _mm256_fmadd_ps(av, b0, c10);
    c11 = _mm256_fmadd_ps(av, b1, c11);
    av = _mm256_broadcast_ss(a + 2);
    c20 = _mm256_fmadd_ps(av, b0, c20);
    c21 = _mm256_fmadd_ps(av, b1, c21);
    av = _mm256_broadcast_ss(a + 3);
    c30 = _mm256_fmadd_ps(av, b0, c30);
    c31 = _mm256_fmadd_ps(av, b1, c31);
    av = _mm256_broadcast_ss(a + 4);
    c40 = _mm256_fmadd_ps(av, b0, c40);
    c41 = _mm256_fmadd_ps(av, b1, c41);
    av = _mm256_broadcast_ss(a + 5);
    c50 = _mm256_fmadd_ps(av, b0, c50);
    c51 = _mm256_fmadd_ps(av, b1, c51);
    a += as;
    b += ldb;
  }
  QK_STORE_ROWS();
}

// A read in place as 6 rows, lda floats apart.
__attribute__((target("avx2,fma"))) void micro_kernel_rows_avx2(int kc, const float* a,
                                                               int64_t lda, const float* b,
                                                               int64_t ldb, float* c,
                                                               int64_t ldc, bool acc) {
  __m256 c00 = _mm256_setzero_ps(), c01 = _mm256_setzero_ps();
  __m256 c10 = _mm256_setzero_ps(), c11 = _mm256_setzero_ps();
  __m256 c20 = _mm256_setzero_ps(), c21 = _mm256_setzero_ps();
  __m256 c30 = _mm256_setzero_ps(), c31 = _mm256_setzero_ps();
  __m256 c40 = _mm256_setzero_ps(), c41 = _mm256_setzero_ps();
  __m256 c50 = _mm256_setzero_ps(), c51 = _mm256_setzero_ps();
  const float *a0 = a, *a1 = a + lda, *a2 = a + 2 * lda, *a3 = a + 3 * lda, *a4 = a + 4 * lda,
              *a5 = a + 5 * lda;
  for (int k = 0; k < kc; ++k) {
    const __m256 b0 = _mm256_loadu_ps(b);
    const __m256 b1 = _mm256_loadu_ps(b + 8);
    __m256 av = _mm256_broadcast_ss(a0 + k);
    c00 = _mm256_fmadd_ps(av, b0, c00);
    c01 = _mm256_fmadd_ps(av, b1, c01);
    av = _mm256_broadcast_ss(a1 + k);
    c10 = _mm256_fmadd_ps(av, b0, c10);
    c11 = _mm256_fmadd_ps(av, b1, c11);
    av = _mm256_broadcast_ss(a2 + k);
    c20 = _mm256_fmadd_ps(av, b0, c20);
    c21 = _mm256_fmadd_ps(av, b1, c21);
    av = _mm256_broadcast_ss(a3 + k);
    c30 = _mm256_fmadd_ps(av, b0, c30);
    c31 = _mm256_fmadd_ps(av, b1, c31);
    av = _mm256_broadcast_ss(a4 + k);
    c40 = _mm256_fmadd_ps(av, b0, c40);
    c41 = _mm256_fmadd_ps(av, b1, c41);
    av = _mm256_broadcast_ss(a5 + k);
    c50 = _mm256_fmadd_ps(av, b0, c50);
    c51 = _mm256_fmadd_ps(av, b1, c51);
    b += ldb;
  }
  QK_STORE_ROWS();
}

#undef QK_STORE_ROWS
#undef QK_STORE_ROW

}  // namespace qk
#endif
