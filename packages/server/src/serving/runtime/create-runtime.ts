import { availableParallelism } from 'node:os';
import type { Config } from '../../config.ts';
import { type RuntimeEvents, ServingRuntime } from './serving-runtime.ts';

/**
 * The runtime a context gets: `servingWorkers` threads (started on first use), the memory
 * budget, ONNX sessions sharing the native threads between the workers.
 */
export function createServingRuntime(config: Config, events: RuntimeEvents): ServingRuntime {
  const threads = config.threads ?? availableParallelism();
  return new ServingRuntime({
    workers: config.servingWorkers,
    backend: config.backend,
    threads: config.threads,
    onnxThreads: Math.max(1, Math.floor(threads / config.servingWorkers)),
    memoryBytes: config.modelMemoryMb * 1024 * 1024,
    inlineMs: config.inlineInferenceMs,
    events,
  });
}
