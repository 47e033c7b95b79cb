// One inference worker thread: loads versions (TensorFlow.js or ONNX), decodes PNGs and runs
// batches, off the server's event loop. Messages are handled one at a time, in order, so a
// `load` sent before a `run` has finished when the run starts.
import { parentPort, workerData } from 'node:worker_threads';
import { initBackend } from '@qudao/ml';
import type { BackendName } from '@qudao/ml/names';
import { errorOf, InferenceEngine } from './inference-engine.ts';
import { inspectOnnx } from './onnx-session.ts';
import type { WorkerReply, WorkerRequest } from './runtime.types.ts';

interface WorkerOptions {
  backend?: BackendName;
  threads?: number;
  /** Threads an ONNX session may use. */
  onnxThreads: number;
}

const options = workerData as WorkerOptions;
const port = parentPort!;
const engine = new InferenceEngine(options.onnxThreads);

function send(reply: WorkerReply, transfer: ArrayBuffer[] = []): void {
  port.postMessage(reply, transfer);
}

async function handle(request: WorkerRequest): Promise<void> {
  try {
    if (request.op === 'load') {
      let result: { loadMs: number; units: number };
      try {
        result = await engine.load(request.model);
      } catch (error) {
        const e = errorOf(error);
        if (e.kind === 'run_failed') e.kind = 'load_failed';
        send({ type: 'reply', id: request.id, ok: false, error: e });
        return;
      }
      send({ type: 'reply', id: request.id, ok: true, ...result });
    } else if (request.op === 'inspect') {
      send({ type: 'reply', id: request.id, ok: true, onnx: await inspectOnnx(request.file) });
    } else if (request.op === 'unload') {
      await engine.unload(request.key);
      send({ type: 'reply', id: request.id, ok: true });
    } else {
      const started = performance.now();
      const { items, units } = await engine.run(request.key, request.items);
      const computeMs = performance.now() - started;
      const transfer = items.flatMap((i) =>
        i.ok
          ? [i.values.buffer as ArrayBuffer, ...(i.pixels ? [i.pixels.buffer as ArrayBuffer] : [])]
          : [],
      );
      send({ type: 'reply', id: request.id, ok: true, items, units, computeMs }, transfer);
    }
  } catch (error) {
    send({ type: 'reply', id: request.id, ok: false, error: errorOf(error) });
  }
}

const backend = await initBackend({ backend: options.backend, threads: options.threads });
let chain = Promise.resolve();
port.on('message', (request: WorkerRequest) => {
  chain = chain.then(() => handle(request));
});
send({ type: 'ready', backend: backend.name });
