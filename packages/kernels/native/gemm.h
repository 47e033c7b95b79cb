// Cache-blocked single-precision GEMM: packed panels, a 6x16 register-tiled micro-kernel
// (AVX2/FMA when the CPU has it, portable C++ otherwise).
#pragma once

#include <cstddef>
#include <cstdint>

namespace qk {

constexpr int kMR = 6;     // micro-tile rows
constexpr int kNR = 16;    // micro-tile columns
constexpr int kKC = 256;   // depth of a packed block
constexpr int kMC = 120;   // rows of a packed A block (multiple of kMR)
constexpr int kNC = 1024;  // columns of B walked per A block (multiple of kNR)

// A strided matrix view: element (i, j) lives at p[i * rs + j * cs]. A transpose is a view
// with the strides swapped.
struct MatRef {
  const float* p;
  int64_t rs;
  int64_t cs;
};

// Micro-kernel: c[0..6)[0..16) (row stride ldc) = (acc ? c : 0) + a-block x b-panel over kc.
// The b panel has kc rows of 16 floats, ldb floats apart (16 when packed). The a block's 6
// values of step k are a[k * as + 0..6) (as = kMR for packed panels; any stride reads a
// column-major A in place).
using MicroKernel = void (*)(int kc, const float* a, int64_t as, const float* b, int64_t ldb,
                             float* c, int64_t ldc, bool acc);
// The same with A read in place as 6 rows lda floats apart: a[i * lda + k].
using MicroKernelRows = void (*)(int kc, const float* a, int64_t lda, const float* b,
                                 int64_t ldb, float* c, int64_t ldc, bool acc);

MicroKernel micro_kernel();
MicroKernelRows micro_kernel_rows();
const char* simd_name();

inline int64_t round_up(int64_t x, int64_t m) { return (x + m - 1) / m * m; }

// Packs all of op(B) (K x N) into kNR-wide panels, block by block along K.
size_t packed_b_floats(int K, int N);
void pack_b(int K, int N, MatRef B, float* dst);

// Where the micro-kernel finds B: packed panels, or (for a row-major B whose column count is a
// multiple of kNR) the matrix itself, read in place without a packing copy.
struct BPanels {
  const float* p;
  int64_t ld;   // row stride when direct; padded column count (multiple of kNR) when packed
  bool direct;

  // The panel of columns [j0, j0 + kNR) for the depth block starting at p0 of size kc.
  const float* panel(int p0, int kc, int j0) const {
    return direct ? p + p0 * ld + j0 : p + static_cast<int64_t>(p0) * ld + (j0 / kNR) * kc * kNR;
  }
  int64_t ldb() const { return direct ? ld : kNR; }
};

inline BPanels packed_panels(const float* bp, int N) { return {bp, round_up(N, kNR), false}; }

// True when B can be, and had better be, read in place: row-major with a kNR-aligned column
// count, and few rows of A to reuse a packed copy (M < 256). With many rows, packing pays for
// itself: packed panels are contiguous (no cache-line splits, no set conflicts from a large
// row stride) and, measured on M = 4096 x N = 64..128, run twice as fast on two threads.
inline bool b_direct_ok(MatRef B, int M, int N) { return B.cs == 1 && N % kNR == 0 && M < 256; }

// C (M x N, row stride ldc) = op(A) x B (+ C when accumulate). Single-threaded.
void gemm_panels(int M, int N, int K, MatRef A, const BPanels& B, float* C, int64_t ldc,
                 bool accumulate);

// C (M x N, row stride ldc) = op(A) x packed B (+ C when accumulate). Single-threaded.
inline void gemm_packed(int M, int N, int K, MatRef A, const float* Bp, float* C, int64_t ldc,
                        bool accumulate) {
  gemm_panels(M, N, K, A, packed_panels(Bp, N), C, ldc, accumulate);
}

// C (M x N, row stride ldc) = op(A) x B (+ C when accumulate), single-threaded, with A read in
// place (no packing copy): A must have A.cs == 1 (rows) or A.rs == 1 (columns), and every
// element it names must be readable. For the small GEMMs of the convolution blocks, whose A
// is already in cache and whose packing cost as much as the products.
void gemm_a_direct(int M, int N, int K, MatRef A, const BPanels& B, float* C, int64_t ldc,
                   bool accumulate);

// Single-threaded GEMM that packs B into thread-local scratch.
void gemm(int M, int N, int K, MatRef A, MatRef B, float* C, int64_t ldc, bool accumulate);

// Multithreaded GEMM over the shared pool (B packed once, tiles of C spread over threads).
void gemm_mt(int M, int N, int K, MatRef A, MatRef B, float* C, int64_t ldc, bool accumulate);

// Thread-local scratch that only grows: no allocation in steady state. Slots 0 and 1 belong
// to the GEMM (packed A and B); the kernels that call it use the others.
constexpr int kScratchSlots = 12;
float* scratch(int slot, size_t floats);

}  // namespace qk
