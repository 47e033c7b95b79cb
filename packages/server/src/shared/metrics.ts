import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/** Seconds, from half a millisecond (a warm single-image call) to ten seconds. */
export const LATENCY_BUCKETS = [
  0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10,
];

/**
 * The Prometheus registry of one context (`ctx.metrics`), served at `GET /api/v1/metrics` (behind the API access check). It holds the
 * process metrics (event-loop lag, memory, CPU: prom-client's defaults, prefixed `qudao_`),
 * the HTTP errors by code and metering's admissions; domains add their own (serving's are in
 * serving/serving.metrics.ts) with `registry` as their `registers`. One registry per context,
 * so two servers in one process (the tests) never share counters.
 */
export interface MetricsRegistry {
  registry: Registry;
  /** Every answer of 400 or more, by route and error code. */
  errors: Counter<'route' | 'code' | 'status'>;
  /** Requests by route and status, with their duration. */
  requestSeconds: Histogram<'route' | 'method' | 'status'>;
  /** Customer calls metering admitted or refused (by the refusal's code). */
  meteringAdmissions: Counter<'endpoint' | 'outcome' | 'code'>;
}

export function createMetricsRegistry(): MetricsRegistry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'qudao_' });
  return {
    registry,
    errors: new Counter({
      name: 'qudao_http_errors_total',
      help: 'Answers with status 400 or more, by route and error code',
      labelNames: ['route', 'code', 'status'],
      registers: [registry],
    }),
    requestSeconds: new Histogram({
      name: 'qudao_http_request_duration_seconds',
      help: 'HTTP requests by route, method and status',
      labelNames: ['route', 'method', 'status'],
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    meteringAdmissions: new Counter({
      name: 'qudao_metering_admissions_total',
      help: 'Customer calls admitted or refused by metering (key scope, rate limit, quota)',
      labelNames: ['endpoint', 'outcome', 'code'],
      registers: [registry],
    }),
  };
}
