// The two sides of scripts/bench-serve.ts under load: autocannon driving one URL, and the
// PyTorch + FastAPI + uvicorn server (scripts/bench_serve_torch.py) started and stopped.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

export interface LoadResult {
  perSecond: number;
  /** Milliseconds, from every 2xx answer's own time (autocannon's histogram keeps whole ms). */
  p50: number;
  p99: number;
}

export interface Target {
  url: string;
  headers: Record<string, string>;
  body: Buffer;
}

const percentile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;

/**
 * `connections` keep-alive clients posting the body for `seconds`. Any answer other than 2xx,
 * error or timeout fails the run: a side that refuses calls must not look fast.
 */
export function drive(target: Target, connections: number, seconds: number): Promise<LoadResult> {
  const times: number[] = [];
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: target.url,
        method: 'POST',
        headers: target.headers,
        body: target.body,
        connections,
        duration: seconds,
      },
      (error, result) => {
        if (error) return reject(error);
        const failed = result.non2xx + result.errors + result.timeouts;
        if (failed > 0) {
          const codes = Object.entries(result.statusCodeStats)
            .map(([code, s]) => `${code}: ${s.count}`)
            .join(', ');
          return reject(
            new Error(
              `${failed} calls to ${target.url} failed (${codes}; errors ${result.errors})`,
            ),
          );
        }
        times.sort((a, b) => a - b);
        resolve({
          perSecond: times.length / result.duration,
          p50: percentile(times, 0.5),
          p99: percentile(times, 0.99),
        });
      },
    );
    instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
      if (status >= 200 && status < 300) times.push(ms);
    });
  });
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  return port;
}

export interface TorchServer {
  url: string;
  proc: ChildProcess;
}

/**
 * Starts the baseline with Debian's /usr/bin/python3 and waits for its /health; returns why it
 * could not start instead (a missing package, a crash) so the bench can report it skipped.
 */
export async function startTorchServer(
  weights: string,
  threads: number,
): Promise<TorchServer | string> {
  const port = await freePort();
  const script = join(dirname(fileURLToPath(import.meta.url)), 'bench_serve_torch.py');
  const proc = spawn('/usr/bin/python3', [script], {
    env: {
      ...process.env,
      WEIGHTS: weights,
      PORT: String(port),
      THREADS: String(threads),
      OPENBLAS_NUM_THREADS: '1',
      OMP_NUM_THREADS: String(threads),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  proc.stdout!.on('data', (d) => {
    output += d;
  });
  proc.stderr!.on('data', (d) => {
    output += d;
  });
  const spawnError = once(proc, 'error').then(([e]) => `could not run /usr/bin/python3: ${e}`);
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    if (proc.exitCode !== null) {
      const line = output.trim().split('\n').pop() ?? '';
      try {
        return (JSON.parse(line) as { error: string }).error;
      } catch {
        return `the PyTorch server exited: ${output.trim().slice(-400)}`;
      }
    }
    const failed = await Promise.race([spawnError, new Promise((r) => setTimeout(r, 100))]);
    if (typeof failed === 'string') return failed;
    const up = await fetch(`${url}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return { url, proc };
  }
  proc.kill('SIGKILL');
  return `the PyTorch server did not answer /health within 60 s: ${output.trim().slice(-400)}`;
}

/** Stops a child process and waits for it. */
export async function stopProcess(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = once(proc, 'exit');
  proc.kill('SIGKILL');
  await exited;
}
