#include "thread_pool.h"

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
// between two kernels of a training step, short enough not to burn a core when idle.
constexpr auto kSpinFor = std::chrono::microseconds(300);

struct Pool {
  std::vector<std::thread> workers;
  std::mutex mu;
  std::condition_variable cv;
  std::atomic<uint64_t> gen{0};
  std::atomic<bool> stop{false};
  TaskFn fn = nullptr;
  void* ctx = nullptr;
  int64_t ntasks = 0;
  std::atomic<int64_t> next{0};
  std::atomic<int> pending{0};
  int nthreads = 1;
  std::mutex run_mu;  // one parallel region at a time (several JS threads may load the addon)
};

Pool& pool() {
  static Pool* p = new Pool();  // never destroyed: workers may outlive static destructors
  return *p;
}

thread_local int tl_tid = 0;
thread_local bool tl_busy = false;

void run_tasks(Pool& p, int tid) {
  for (;;) {
    int64_t t = p.next.fetch_add(1, std::memory_order_relaxed);
    if (t >= p.ntasks) break;
    p.fn(p.ctx, t, tid);
  }
}

void worker_main(int tid, uint64_t seen) {
  Pool& p = pool();
  tl_tid = tid;
  tl_busy = true;
  for (;;) {
    uint64_t g = p.gen.load(std::memory_order_acquire);
    if (g == seen && !p.stop.load(std::memory_order_acquire)) {
      auto start = std::chrono::steady_clock::now();
      int spins = 0;
      while ((g = p.gen.load(std::memory_order_acquire)) == seen &&
             !p.stop.load(std::memory_order_acquire)) {
        cpu_relax();
        if (++spins == 256) {
          spins = 0;
          if (std::chrono::steady_clock::now() - start > kSpinFor) {
            std::unique_lock<std::mutex> lk(p.mu);
            p.cv.wait(lk, [&] {
              return p.gen.load(std::memory_order_acquire) != seen ||
                     p.stop.load(std::memory_order_acquire);
            });
            start = std::chrono::steady_clock::now();
          }
        }
      }
    }
    if (p.stop.load(std::memory_order_acquire)) return;
    seen = g;
    run_tasks(p, tid);
    p.pending.fetch_sub(1, std::memory_order_acq_rel);
  }
}

void stop_workers(Pool& p) {
  {
    std::lock_guard<std::mutex> lk(p.mu);
    p.stop.store(true, std::memory_order_release);
  }
  p.cv.notify_all();
  for (auto& t : p.workers) t.join();
  p.workers.clear();
  p.stop.store(false, std::memory_order_release);
}

void start_workers(Pool& p, int n) {
  p.nthreads = n < 1 ? 1 : n;
  uint64_t g = p.gen.load(std::memory_order_acquire);
  for (int i = 1; i < p.nthreads; ++i) p.workers.emplace_back(worker_main, i, g);
}

int default_threads() {
  if (const char* env = std::getenv("QUDAO_THREADS")) {
    int n = std::atoi(env);
    if (n > 0) return n > 256 ? 256 : n;
  }
  unsigned hc = std::thread::hardware_concurrency();
  return hc == 0 ? 1 : static_cast<int>(hc > 256 ? 256 : hc);
}

std::once_flag init_once;
void ensure_started() {
  std::call_once(init_once, [] {
    Pool& p = pool();
    std::lock_guard<std::mutex> lk(p.run_mu);
    start_workers(p, default_threads());
  });
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
  p.fn = fn;
  p.ctx = ctx;
  p.ntasks = ntasks;
  p.next.store(0, std::memory_order_relaxed);
  p.pending.store(static_cast<int>(p.workers.size()), std::memory_order_relaxed);
  {
    std::lock_guard<std::mutex> lk(p.mu);
    p.gen.fetch_add(1, std::memory_order_acq_rel);
  }
  p.cv.notify_all();
  run_tasks(p, 0);
  while (p.pending.load(std::memory_order_acquire) != 0) cpu_relax();
  tl_busy = false;
}

}  // namespace qk
