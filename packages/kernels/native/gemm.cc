#include "gemm.h"

#include <algorithm>
#include <cstring>
#include <vector>

#include "simd.h"
#include "thread_pool.h"

namespace qk {

#if defined(__x86_64__) || defined(__i386__)
void micro_kernel_avx2(int kc, const float* a, int64_t as, const float* b, int64_t ldb, float* c,
                       int64_t ldc, bool acc);
void micro_kernel_rows_avx2(int kc, const float* a, int64_t lda, const float* b, int64_t ldb,
                            float* c, int64_t ldc, bool acc);
#endif

namespace {

// Element (i, k) of the a block at a[i * ars + k * acs].
inline void micro_kernel_strided(int kc, const float* a, int64_t ars, int64_t acs, const float* b,
                                 int64_t ldb, float* c, int64_t ldc, bool acc) {
  float t[kMR][kNR] = {};
  for (int k = 0; k < kc; ++k) {
    for (int i = 0; i < kMR; ++i) {
      const float av = a[i * ars + k * acs];
      for (int j = 0; j < kNR; ++j) t[i][j] += av * b[j];
    }
    b += ldb;
  }
  for (int i = 0; i < kMR; ++i) {
    float* cr = c + i * ldc;
    if (acc) {
      for (int j = 0; j < kNR; ++j) cr[j] += t[i][j];
    } else {
      for (int j = 0; j < kNR; ++j) cr[j] = t[i][j];
    }
  }
}

void micro_kernel_generic(int kc, const float* a, int64_t as, const float* b, int64_t ldb,
                          float* c, int64_t ldc, bool acc) {
  micro_kernel_strided(kc, a, 1, as, b, ldb, c, ldc, acc);
}

void micro_kernel_rows_generic(int kc, const float* a, int64_t lda, const float* b, int64_t ldb,
                               float* c, int64_t ldc, bool acc) {
  micro_kernel_strided(kc, a, lda, 1, b, ldb, c, ldc, acc);
}

struct Dispatch {
  MicroKernel kernel = micro_kernel_generic;
  MicroKernelRows rows = micro_kernel_rows_generic;
  const char* name = "generic";
  Dispatch() {
#if defined(__x86_64__) || defined(__i386__)
    if (simd_avx2_fma()) {  // the CPU has AVX2 and FMA, and QUDAO_SIMD is not "generic"
      kernel = micro_kernel_avx2;
      rows = micro_kernel_rows_avx2;
      name = "avx2-fma";
    }
#endif
  }
};

const Dispatch& dispatch() {
  static Dispatch d;
  return d;
}

// Packs rows [i0, i0+mc) x depth [p0, p0+kc) of op(A) into kMR-row panels, zero padded.
void pack_a(int mc, int kc, MatRef A, int i0, int p0, float* dst) {
  for (int ip = 0; ip < mc; ip += kMR) {
    const int mr = std::min(kMR, mc - ip);
    const float* src = A.p + (i0 + ip) * A.rs + p0 * A.cs;
    if (A.cs == 1) {
      for (int r = 0; r < mr; ++r) {
        const float* row = src + r * A.rs;
        for (int k = 0; k < kc; ++k) dst[k * kMR + r] = row[k];
      }
    } else if (A.rs == 1) {
      for (int k = 0; k < kc; ++k) {
        const float* col = src + k * A.cs;
        for (int r = 0; r < mr; ++r) dst[k * kMR + r] = col[r];
      }
    } else {
      for (int k = 0; k < kc; ++k)
        for (int r = 0; r < mr; ++r) dst[k * kMR + r] = src[r * A.rs + k * A.cs];
    }
    if (mr < kMR) {
      for (int k = 0; k < kc; ++k)
        for (int r = mr; r < kMR; ++r) dst[k * kMR + r] = 0.f;
    }
    dst += kc * kMR;
  }
}

}  // namespace

MicroKernel micro_kernel() { return dispatch().kernel; }
MicroKernelRows micro_kernel_rows() { return dispatch().rows; }
const char* simd_name() { return dispatch().name; }

float* scratch(int slot, size_t floats) {
  thread_local std::vector<float> bufs[kScratchSlots];
  std::vector<float>& b = bufs[slot];
  if (b.size() < floats) b.resize(floats + 64);
  return b.data();
}

size_t packed_b_floats(int K, int N) {
  return static_cast<size_t>(K) * static_cast<size_t>(round_up(N, kNR));
}

void pack_b(int K, int N, MatRef B, float* dst) {
  const int64_t npad = round_up(N, kNR);
  for (int p0 = 0; p0 < K; p0 += kKC) {
    const int kc = std::min(kKC, K - p0);
    float* block = dst + static_cast<int64_t>(p0) * npad;
    for (int j0 = 0; j0 < N; j0 += kNR) {
      const int nr = std::min(kNR, N - j0);
      float* panel = block + static_cast<int64_t>(j0 / kNR) * kc * kNR;
      for (int k = 0; k < kc; ++k) {
        const float* src = B.p + (p0 + k) * B.rs + j0 * B.cs;
        float* d = panel + k * kNR;
        if (B.cs == 1) {
          std::memcpy(d, src, sizeof(float) * nr);
        } else {
          for (int j = 0; j < nr; ++j) d[j] = src[j * B.cs];
        }
        for (int j = nr; j < kNR; ++j) d[j] = 0.f;
      }
    }
  }
}

void gemm_panels(int M, int N, int K, MatRef A, const BPanels& B, float* C, int64_t ldc,
                 bool accumulate) {
  if (M <= 0 || N <= 0) return;
  if (K <= 0) {
    if (!accumulate)
      for (int i = 0; i < M; ++i) std::memset(C + i * ldc, 0, sizeof(float) * N);
    return;
  }
  const MicroKernel uk = micro_kernel();
  const int64_t ldb = B.ldb();
  float* ap = scratch(0, static_cast<size_t>(kMC) * kKC);
  alignas(32) float tmp[kMR * kNR];
  for (int j0 = 0; j0 < N; j0 += kNC) {
    const int nc = std::min(kNC, N - j0);
    for (int p0 = 0; p0 < K; p0 += kKC) {
      const int kc = std::min(kKC, K - p0);
      const bool acc = accumulate || p0 > 0;
      for (int i0 = 0; i0 < M; i0 += kMC) {
        const int mc = std::min(kMC, M - i0);
        pack_a(mc, kc, A, i0, p0, ap);
        for (int jr = 0; jr < nc; jr += kNR) {
          const int nr = std::min(kNR, nc - jr);
          const float* bpanel = B.panel(p0, kc, j0 + jr);
          for (int ir = 0; ir < mc; ir += kMR) {
            const int mr = std::min(kMR, mc - ir);
            const float* apanel = ap + static_cast<int64_t>(ir) * kc;
            float* c = C + (i0 + ir) * ldc + j0 + jr;
            if (mr == kMR && nr == kNR) {
              uk(kc, apanel, kMR, bpanel, ldb, c, ldc, acc);
            } else {
              uk(kc, apanel, kMR, bpanel, ldb, tmp, kNR, false);
              for (int i = 0; i < mr; ++i) {
                float* cr = c + i * ldc;
                const float* tr = tmp + i * kNR;
                if (acc) {
                  for (int j = 0; j < nr; ++j) cr[j] += tr[j];
                } else {
                  for (int j = 0; j < nr; ++j) cr[j] = tr[j];
                }
              }
            }
          }
        }
      }
    }
  }
}

void gemm_a_direct(int M, int N, int K, MatRef A, const BPanels& B, float* C, int64_t ldc,
                   bool accumulate) {
  if (M <= 0 || N <= 0) return;
  if (K <= 0) {
    if (!accumulate)
      for (int i = 0; i < M; ++i) std::memset(C + i * ldc, 0, sizeof(float) * N);
    return;
  }
  const MicroKernel uk = micro_kernel();
  const MicroKernelRows ukr = micro_kernel_rows();
  const bool rows = A.cs == 1;
  const int64_t ldb = B.ldb();
  alignas(32) float tmp[kMR * kNR];
  float* ap = scratch(0, static_cast<size_t>(kMR) * kKC);
  for (int p0 = 0; p0 < K; p0 += kKC) {
    const int kc = std::min(kKC, K - p0);
    const bool acc = accumulate || p0 > 0;
    for (int ir = 0; ir < M; ir += kMR) {
      const int mr = std::min(kMR, M - ir);
      // A partial block of rows is packed (zero padded), so no row past M is read.
      const float* a = A.p + ir * A.rs + p0 * A.cs;
      if (mr < kMR) pack_a(mr, kc, A, ir, p0, ap);
      for (int jr = 0; jr < N; jr += kNR) {
        const int nr = std::min(kNR, N - jr);
        const float* bpanel = B.panel(p0, kc, jr);
        float* c = C + ir * ldc + jr;
        float* out = mr == kMR && nr == kNR ? c : tmp;
        const int64_t ldo = out == c ? ldc : kNR;
        const bool acc_out = out == c && acc;
        if (mr < kMR) {
          uk(kc, ap, kMR, bpanel, ldb, out, ldo, acc_out);
        } else if (rows) {
          ukr(kc, a, A.rs, bpanel, ldb, out, ldo, acc_out);
        } else {
          uk(kc, a, A.cs, bpanel, ldb, out, ldo, acc_out);
        }
        if (out == tmp) {
          for (int i = 0; i < mr; ++i) {
            float* cr = c + i * ldc;
            const float* tr = tmp + i * kNR;
            if (acc) {
              for (int j = 0; j < nr; ++j) cr[j] += tr[j];
            } else {
              for (int j = 0; j < nr; ++j) cr[j] = tr[j];
            }
          }
        }
      }
    }
  }
}

void gemm(int M, int N, int K, MatRef A, MatRef B, float* C, int64_t ldc, bool accumulate) {
  if (b_direct_ok(B, M, N)) {
    gemm_panels(M, N, K, A, BPanels{B.p, B.rs, true}, C, ldc, accumulate);
    return;
  }
  float* bp = scratch(1, packed_b_floats(K, N));
  pack_b(K, N, B, bp);
  gemm_packed(M, N, K, A, bp, C, ldc, accumulate);
}

void gemm_mt(int M, int N, int K, MatRef A, MatRef B, float* C, int64_t ldc, bool accumulate) {
  const int T = pool_threads();
  const double flops = 2.0 * M * N * K;
  if (T == 1 || flops < 2e5) {
    gemm(M, N, K, A, B, C, ldc, accumulate);
    return;
  }
  BPanels panels{B.p, B.rs, true};
  if (!b_direct_ok(B, M, N)) {
    float* bp = scratch(1, packed_b_floats(K, N));
    pack_b(K, N, B, bp);
    panels = packed_panels(bp, N);
  }
  // Tile C so that every thread gets several tiles; tiles along N stay kNR-aligned so they can
  // address the shared packed B panels.
  int mb = static_cast<int>(std::min<int64_t>(kMC, round_up(M, kMR)));
  int nb = static_cast<int>(round_up(N, kNR));
  auto tiles = [&] {
    return static_cast<int64_t>((M + mb - 1) / mb) * ((N + nb - 1) / nb);
  };
  while (tiles() < 4 * T && mb > 4 * kMR) mb = static_cast<int>(round_up(mb / 2, kMR));
  while (tiles() < 4 * T && nb > 4 * kNR) nb = static_cast<int>(round_up(nb / 2, kNR));
  const int64_t mt = (M + mb - 1) / mb;
  const int64_t nt = (N + nb - 1) / nb;
  parallel_for_work(mt * nt, flops, [&](int64_t t, int) {
    const int i0 = static_cast<int>((t / nt) * mb);
    const int j0 = static_cast<int>((t % nt) * nb);
    const int m = std::min(mb, M - i0);
    const int n = std::min(nb, N - j0);
    MatRef a{A.p + i0 * A.rs, A.rs, A.cs};
    if (j0 == 0 && n == N) {
      gemm_panels(m, n, K, a, panels, C + i0 * ldc, ldc, accumulate);
    } else {
      // A column slice of packed B is not contiguous across K blocks, so walk the K blocks
      // here and hand gemm_panels one block at a time.
      for (int p0 = 0; p0 < K; p0 += kKC) {
        const int kc = std::min(kKC, K - p0);
        BPanels slice{panels.panel(p0, kc, j0), panels.direct ? panels.ld : kNR, panels.direct};
        if (!panels.direct) slice = BPanels{panels.panel(p0, kc, j0), round_up(n, kNR), false};
        MatRef ak{a.p + p0 * a.cs, a.rs, a.cs};
        gemm_panels(m, n, kc, ak, slice, C + i0 * ldc + j0, ldc, accumulate || p0 > 0);
      }
    }
  });
}

}  // namespace qk
