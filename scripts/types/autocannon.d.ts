// The part of autocannon's programmatic API the serve bench uses (the package ships no types).
declare module 'autocannon' {
  import type { EventEmitter } from 'node:events';

  interface Options {
    url: string;
    connections?: number;
    duration?: number;
    method?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
  }

  interface Result {
    duration: number;
    requests: { total: number; average: number };
    latency: { p50: number; p99: number };
    non2xx: number;
    errors: number;
    timeouts: number;
    statusCodeStats: Record<string, { count: number }>;
  }

  /** `response` events carry (client, statusCode, bytes, milliseconds as a float). */
  interface Instance extends EventEmitter {
    stop(): void;
  }

  function autocannon(opts: Options, done: (error: Error | null, result: Result) => void): Instance;
  export default autocannon;
}
