// The background pool (native/thread_pool.h): a thread that lowers its OS priority and calls
// setBackground(1) gets helper threads of its own, started by it at its priority, and the same
// answers as on the shared pool.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { expect, it } from 'vitest';
import { addonPath, loadAddon } from './native.ts';
import { describeNative } from './test-utils.ts';

const N = 384; // 2 * 384^3 flops: over the threshold for a parallel GEMM (thread_pool.h)

/** In a worker thread: lower its priority by 7, go background, multiply, report the threads. */
const body = `
  const { parentPort, workerData } = require('node:worker_threads');
  const { readdirSync, readFileSync } = require('node:fs');
  const os = require('node:os');
  const addon = require(workerData.addonPath);
  const nices = () => readdirSync('/proc/self/task').flatMap((tid) => {
    try {
      const stat = readFileSync('/proc/self/task/' + tid + '/stat', 'utf8');
      return [Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16])];
    } catch { return []; }
  });
  const own = os.getPriority();
  os.setPriority(Math.min(19, own + 7));
  const low = os.getPriority();
  const before = nices().filter((n) => n === low).length;
  addon.setBackground(1);
  const { a, b, dims } = workerData;
  const out = new Float32Array(${N * N});
  addon.matmul(a, b, out, null, dims, 0, 0);
  const after = nices().filter((n) => n === low).length;
  parentPort.postMessage({ out, before, after, threads: addon.info().threads, low, own });
`;

describeNative('the background pool', () => {
  it.runIf(process.platform === 'linux')(
    "starts its helpers from the calling thread, at that thread's priority, with the same answers",
    async () => {
      const { addon } = loadAddon() as { ok: true; addon: import('./native.ts').NativeAddon };
      const a = Float32Array.from({ length: N * N }, (_, i) => ((i * 7919) % 13) / 13 - 0.5);
      const b = Float32Array.from({ length: N * N }, (_, i) => ((i * 104729) % 17) / 17 - 0.5);
      const dims = Int32Array.from([1, 1, 1, N, N, N, 0, 0]);
      const expected = new Float32Array(N * N);
      addon.matmul(a, b, expected, null, dims, 0, 0);

      const worker = new Worker(body, { eval: true, workerData: { addonPath, a, b, dims } });
      const got = await new Promise<{
        out: Float32Array;
        before: number;
        after: number;
        threads: number;
        low: number;
        own: number;
      }>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      });
      await worker.terminate();

      expect(got.low).toBe(Math.min(19, got.own + 7));
      expect(got.threads).toBe(Number(process.env.QUDAO_THREADS ?? availableParallelism()));
      // Before: the worker thread alone at the lowered priority; after: it and its helpers.
      expect(got.before).toBe(1);
      expect(got.after).toBe(got.threads);
      expect(Array.from(got.out)).toEqual(Array.from(expected));
    },
  );
});
