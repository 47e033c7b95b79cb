// The HTTP clients of scripts/bench-gateway.ts, on a worker thread: their fetch work runs on
// its own event loop, not on the server's, so the server's figures are its own.
import { parentPort, workerData } from 'node:worker_threads';

const { url, key, requests, concurrency, maxTokens } = workerData;
const latencies = [];
const overheads = [];
let next = 0;
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < requests) {
      const i = next++;
      const from = performance.now();
      const res = await fetch(`${url}/v1/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          model: 'writer',
          prompt: 'the whale',
          max_tokens: maxTokens,
          seed: i,
        }),
      });
      if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
      overheads.push(Number(res.headers.get('x-qudao-overhead-ms')));
      await res.json();
      latencies.push(performance.now() - from);
    }
  }),
);
parentPort.postMessage({ latencies, overheads });
