#include "thread_pool.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <vector>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
static inline void cpu_relax() { _mm_pause(); }
#else
static inline void cpu_relax() { std::this_thread::yield(); }
#endif

namespace qk {
namespace {

// How long an idle worker spins before it sleeps: long enough to bridge the JavaScript work
// between the kernels of a training step (including stretches of small single-threaded ops),
// because waking a sleeping thread can take longer than a whole kernel on a busy or virtual
// machine; short enough not to burn a core for long once training stops.
constexpr auto kSpinFor = std::chrono::milliseconds(5);

// The job word packs generation | task count | next task, so a worker claims a task of the
// current job with one compare-and-swap and can never run a task of a job that has moved on.
// The caller takes tasks too and waits only for tasks that a worker actually claimed: a worker
// the OS has not scheduled yet never delays a kernel.
constexpr int kIdxBits = 22;
constexpr uint64_t kIdxMask = (uint64_t{1} << kIdxBits) - 1;
constexpr int kGenShift = 2 * kIdxBits;
constexpr uint64_t kGenMask = (uint64_t{1} << (64 - kGenShift)) - 1;
constexpr int64_t kMaxBatch = static_cast<int64_t>(kIdxMask);

struct Pool {
  std::vector<std::thread> workers;
  std::mutex mu;
  std::condition_variable cv;
  std::atomic<uint64_t> word{0};
  std::atomic<int> sleepers{0};
  std::atomic<bool> stop{false};
  std::atomic<int64_t> done{0};
  TaskFn fn = nullptr;
  void* ctx = nullptr;
  int64_t base = 0;
  int nthreads = 1;
  std::mutex run_mu;  // one parallel region at a time (several JS threads may load the addon)
  std::once_flag started;
};

// Two pools: the foreground one, and one for threads that run in the background (a training
// thread of a serving process, at a lower OS priority). A background caller's workers are its
// own, started by it and so at its priority; it never shares the foreground workers, whose
// priority a prediction's batch waits on. Never destroyed: workers may outlive static destructors.
Pool& foreground_pool() {
  static Pool* p = new Pool();
  return *p;
}
Pool& background_pool() {
  static Pool* p = new Pool();
  return *p;
}

thread_local int tl_tid = 0;
thread_local bool tl_busy = false;
thread_local bool tl_background = false;

Pool& pool() { return tl_background ? background_pool() : foreground_pool(); }

inline uint64_t gen_of(uint64_t w) { return w >> kGenShift; }

// Claims the next task of generation g; -1 when g is over or has no task left.
int64_t claim(Pool& p, uint64_t g) {
  uint64_t w = p.word.load(std::memory_order_acquire);
  for (;;) {
    if (gen_of(w) != g) return -1;
    const uint64_t nt = (w >> kIdxBits) & kIdxMask;
    const uint64_t i = w & kIdxMask;
    if (i >= nt) return -1;
    if (p.word.compare_exchange_weak(w, w + 1, std::memory_order_acq_rel,
                                     std::memory_order_acquire))
      return static_cast<int64_t>(i);
  }
}

void work(Pool& p, uint64_t g, int tid) {
  for (int64_t i; (i = claim(p, g)) >= 0;) {
    p.fn(p.ctx, p.base + i, tid);
    p.done.fetch_add(1, std::memory_order_acq_rel);
  }
}

void worker_main(Pool* pp, int tid) {
  Pool& p = *pp;
  tl_tid = tid;
  tl_busy = true;
  tl_background = pp == &background_pool();
  uint64_t seen = gen_of(p.word.load(std::memory_order_acquire));
  for (;;) {
    auto start = std::chrono::steady_clock::now();
    int spins = 0;
    uint64_t g;
    while ((g = gen_of(p.word.load(std::memory_order_acquire))) == seen) {
      if (p.stop.load(std::memory_order_acquire)) return;
      cpu_relax();
      if (++spins < 256) continue;
      spins = 0;
      if (std::chrono::steady_clock::now() - start < kSpinFor) {
        std::this_thread::yield();  // let other runnable threads on this core go first
        continue;
      }
      std::unique_lock<std::mutex> lk(p.mu);
      p.sleepers.fetch_add(1);
      p.cv.wait(lk, [&] {
        return gen_of(p.word.load()) != seen || p.stop.load();
      });
      p.sleepers.fetch_sub(1);
      start = std::chrono::steady_clock::now();
    }
    if (p.stop.load(std::memory_order_acquire)) return;
    seen = g;
    work(p, g, tid);
  }
}

void stop_workers(Pool& p) {
  {
    std::lock_guard<std::mutex> lk(p.mu);
    p.stop.store(true);
  }
  p.cv.notify_all();
  for (auto& t : p.workers) t.join();
  p.workers.clear();
  p.stop.store(false);
}

void start_workers(Pool& p, int n) {
  p.nthreads = n < 1 ? 1 : n;
  for (int i = 1; i < p.nthreads; ++i) p.workers.emplace_back(worker_main, &p, i);
}

int default_threads() {
  if (const char* env = std::getenv("QUDAO_THREADS")) {
    int n = std::atoi(env);
    if (n > 0) return n > 256 ? 256 : n;
  }
  unsigned hc = std::thread::hardware_concurrency();
  return hc == 0 ? 1 : static_cast<int>(hc > 256 ? 256 : hc);
}

void ensure_started() {
  Pool& p = pool();
  std::call_once(p.started, [&p] {
    std::lock_guard<std::mutex> lk(p.run_mu);
    start_workers(p, default_threads());
  });
}

void run_batch(Pool& p, int64_t base, int64_t ntasks, TaskFn fn, void* ctx) {
  p.fn = fn;
  p.ctx = ctx;
  p.base = base;
  p.done.store(0, std::memory_order_relaxed);
  const uint64_t g = (gen_of(p.word.load(std::memory_order_relaxed)) + 1) & kGenMask;
  p.word.store((g << kGenShift) | (static_cast<uint64_t>(ntasks) << kIdxBits));  // seq_cst
  if (p.sleepers.load() > 0) {
    { std::lock_guard<std::mutex> lk(p.mu); }
    p.cv.notify_all();
  }
  work(p, g, 0);
  while (p.done.load(std::memory_order_acquire) != ntasks) cpu_relax();
}

}  // namespace

int pool_threads() {
  ensure_started();
  return pool().nthreads;
}

void pool_set_threads(int n) {
  ensure_started();
  Pool& p = pool();
  std::lock_guard<std::mutex> lk(p.run_mu);
  if (n < 1) n = 1;
  if (n > 256) n = 256;
  if (n == p.nthreads) return;
  stop_workers(p);
  start_workers(p, n);
}

void pool_set_background(bool on) { tl_background = on; }

void pool_run_inline(int64_t ntasks, TaskFn fn, void* ctx) {
  ensure_started();
  for (int64_t t = 0; t < ntasks; ++t) fn(ctx, t, tl_tid);
}

void pool_run(int64_t ntasks, TaskFn fn, void* ctx) {
  if (ntasks <= 0) return;
  ensure_started();
  Pool& p = pool();
  if (ntasks == 1 || tl_busy || p.nthreads == 1) {
    for (int64_t t = 0; t < ntasks; ++t) fn(ctx, t, tl_tid);
    return;
  }
  std::unique_lock<std::mutex> run_lock(p.run_mu, std::try_to_lock);
  if (!run_lock.owns_lock()) {  // another JS thread holds the pool: run serially
    for (int64_t t = 0; t < ntasks; ++t) fn(ctx, t, 0);
    return;
  }
  tl_busy = true;
  for (int64_t base = 0; base < ntasks; base += kMaxBatch)
    run_batch(p, base, std::min(kMaxBatch, ntasks - base), fn, ctx);
  tl_busy = false;
}

}  // namespace qk
