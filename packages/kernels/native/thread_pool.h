// Fixed-size thread pool shared by every kernel. The calling thread takes part in the work,
// so a pool of size N starts N - 1 workers. Kernels are synchronous: a parallel_for returns
// once every task has run.
#pragma once

#include <cstdint>
#include <type_traits>

namespace qk {

using TaskFn = void (*)(void* ctx, int64_t task, int tid);

// Runs fn(ctx, t, tid) for t in [0, ntasks). tid is in [0, pool_threads()) and is stable for a
// thread, so it can index per-thread scratch. Nested calls run inline on the calling thread.
void pool_run(int64_t ntasks, TaskFn fn, void* ctx);
int pool_threads();
void pool_set_threads(int n);
// From now on the calling thread's parallel kernels run on a pool of their own (started on its
// first use, by this thread, so at its OS priority), not on the foreground pool; false goes back.
// pool_threads() and pool_set_threads() then answer for and size that pool.
void pool_set_background(bool on);

// Runs fn for every task on the calling thread (with its stable tid).
void pool_run_inline(int64_t ntasks, TaskFn fn, void* ctx);

template <class F>
void parallel_for(int64_t n, F&& f) {
  using FD = std::remove_reference_t<F>;
  pool_run(
      n, [](void* c, int64_t t, int tid) { (*static_cast<FD*>(c))(t, tid); },
      const_cast<void*>(static_cast<const void*>(&f)));
}

// Below this many floating-point operations a hand-off to the pool costs about as much as the
// work itself (e.g. single-image inference), so the calling thread does it alone. Counts are
// doubles: an estimate, and a product of four sizes can pass 2^63.
inline double min_parallel_flops() { return 1 << 23; }

template <class F>
void parallel_for_work(int64_t n, double flops, F&& f) {
  using FD = std::remove_reference_t<F>;
  auto fn = [](void* c, int64_t t, int tid) { (*static_cast<FD*>(c))(t, tid); };
  void* ctx = const_cast<void*>(static_cast<const void*>(&f));
  if (flops < min_parallel_flops()) pool_run_inline(n, fn, ctx);
  else pool_run(n, fn, ctx);
}

}  // namespace qk
