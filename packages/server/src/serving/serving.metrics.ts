import { Counter, Gauge, Histogram } from 'prom-client';
import { LATENCY_BUCKETS, type MetricsRegistry } from '../shared/metrics.ts';
import type { RuntimeEvents } from './runtime/serving-runtime.ts';

const ROW_BUCKETS = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024];

/** Serving's metrics, registered in the context's registry; `events` is what the runtime calls. */
export function createServingMetrics(metrics: MetricsRegistry) {
  const registers = [metrics.registry];
  const predictSeconds = new Histogram({
    name: 'qudao_predict_duration_seconds',
    help: 'Predictions answered, from the request to the answer (metering included), by endpoint and version',
    labelNames: ['endpoint', 'model', 'version'],
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const predictErrors = new Counter({
    name: 'qudao_predict_errors_total',
    help: 'Predictions refused or failed, by endpoint and error code',
    labelNames: ['endpoint', 'code'],
    registers,
  });
  const batchRows = new Histogram({
    name: 'qudao_batch_rows',
    help: 'Rows per batch run on an inference worker',
    labelNames: ['endpoint', 'model', 'version'],
    buckets: ROW_BUCKETS,
    registers,
  });
  const batchSeconds = new Histogram({
    name: 'qudao_batch_duration_seconds',
    help: 'Time of a batch from dispatch to its outputs (worker round trip)',
    labelNames: ['endpoint', 'model', 'version'],
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const dispatches = new Counter({
    name: 'qudao_batch_dispatch_total',
    help: 'Batches sent to a worker, by why: full (max rows), deadline (waited its time), idle (a worker was free and no more rows were expected)',
    labelNames: ['endpoint', 'model', 'version', 'reason'],
    registers,
  });
  const computeSeconds = new Histogram({
    name: 'qudao_batch_compute_seconds',
    help: 'Compute of a batch alone on the thread that ran it (PNG decoding included); qudao_batch_duration_seconds less this is the trip to and from a worker',
    labelNames: ['endpoint', 'model', 'version'],
    buckets: [0.0001, 0.0002, 0.0005, ...LATENCY_BUCKETS.slice(1)],
    registers,
  });
  const inlineBatches = new Counter({
    name: 'qudao_inline_batches_total',
    help: 'Batches run on the event loop (the inline lane: measured compute under QUDAO_INLINE_INFERENCE_MS, every worker idle) instead of on a worker; also counted in qudao_batch_dispatch_total',
    labelNames: ['endpoint', 'model', 'version'],
    registers,
  });
  const queueRows = new Gauge({
    name: 'qudao_queue_rows',
    help: 'Rows waiting in an endpoint version queue',
    labelNames: ['endpoint', 'model', 'version'],
    registers,
  });
  const queueSeconds = new Histogram({
    name: 'qudao_queue_delay_seconds',
    help: 'Time a row waited in its queue before its batch was sent',
    labelNames: ['endpoint', 'model', 'version'],
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const loadSeconds = new Histogram({
    name: 'qudao_model_load_seconds',
    help: 'Time to load and warm a version on every inference worker',
    labelNames: ['model', 'version', 'format'],
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 2, 5, 10, 30, 60],
    registers,
  });
  const evictions = new Counter({
    name: 'qudao_model_evictions_total',
    help: 'Versions unloaded to stay within QUDAO_MODEL_MEMORY_MB',
    labelNames: ['model', 'version'],
    registers,
  });
  const memory = new Gauge({
    name: 'qudao_model_memory_bytes',
    help: 'Estimated bytes of the loaded versions (weights, once per worker)',
    registers,
  });
  const loaded = new Gauge({
    name: 'qudao_models_loaded',
    help: 'Versions loaded on the inference workers',
    registers,
  });
  const labels = (endpoint: string, m: { label: { model: string; version: number } }) => ({
    endpoint: endpoint || '(by reference)',
    model: m.label.model,
    version: String(m.label.version),
  });
  const events: RuntimeEvents = {
    batch(model, endpoint, rows, reason, ms, lane) {
      const l = labels(endpoint, model);
      batchRows.observe(l, rows);
      batchSeconds.observe(l, ms / 1000);
      dispatches.inc({ ...l, reason });
      if (lane === 'inline') inlineBatches.inc(l);
    },
    queue(model, endpoint, rows) {
      queueRows.set(labels(endpoint, model), rows);
    },
    compute(model, endpoint, ms) {
      computeSeconds.observe(labels(endpoint, model), ms / 1000);
    },
    queueDelay(model, endpoint, ms) {
      queueSeconds.observe(labels(endpoint, model), ms / 1000);
    },
    loaded(model, ms) {
      const { label } = model;
      loadSeconds.observe(
        { model: label.model, version: String(label.version), format: model.format },
        ms / 1000,
      );
    },
    evicted(model) {
      evictions.inc({ model: model.label.model, version: String(model.label.version) });
    },
    memory(bytes, models) {
      memory.set(bytes);
      loaded.set(models);
    },
  };
  return {
    events,
    /** A prediction answered: its whole latency, by endpoint and version. */
    answered(endpoint: string, model: string, version: number, ms: number) {
      predictSeconds.observe({ endpoint, model, version: String(version) }, ms / 1000);
    },
    failed(endpoint: string, code: string) {
      predictErrors.inc({ endpoint, code });
    },
  };
}

export type ServingMetrics = ReturnType<typeof createServingMetrics>;
