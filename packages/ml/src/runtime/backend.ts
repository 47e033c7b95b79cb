import * as tf from '@tensorflow/tfjs';
import type { BackendName } from '../names.ts';
import { loadWasmBackend, WASM_KERNEL_NOTE } from './wasm-backend.ts';

export interface BackendInfo {
  /** The active TensorFlow.js backend: 'tensorflow', 'qudao-cpu', 'wasm' or 'cpu'. */
  name: string;
  /** Why this one was chosen, and why better ones were not. */
  reasons: string[];
}

let chosen: BackendInfo | undefined;

export interface BackendOptions {
  /** Use this backend only (the server passes `QUDAO_BACKEND` from its validated config). */
  backend?: BackendName;
  /** Threads of the native kernels (`QUDAO_THREADS`). */
  threads?: number;
  /**
   * This thread's native kernels run on helper threads of their own, started by it and so at its
   * OS priority (@qudao/kernels, setNativeBackground): for a thread that has lowered its priority
   * below the threads answering requests.
   */
  background?: boolean;
}

/**
 * Picks the fastest backend that works here, once per process: `@tensorflow/tfjs-node` when it
 * is installed, else Qudao's native `qudao-cpu` kernels when the addon built, else the WASM
 * backend (with the training kernels it lacks added by us, see `wasm-kernels.ts`), else the
 * stock `cpu` backend. `options.backend` forces one by name; without options (scripts,
 * tests) `QUDAO_BACKEND` is read as is.
 */
export async function initBackend(options: BackendOptions = {}): Promise<BackendInfo> {
  if (chosen) return chosen;
  // PROD silences the stock backend's "install tfjs-node" banner; we choose the backend ourselves.
  tf.env().set('PROD', true);
  const reasons: string[] = [];
  const forced = options.backend ?? process.env.QUDAO_BACKEND;
  const candidates: { name: string; load: () => Promise<string | null> }[] = [
    { name: 'tensorflow', load: loadTfjsNode },
    { name: 'qudao-cpu', load: () => loadQudaoKernels(options.threads, options.background) },
    { name: 'wasm', load: loadWasmBackend },
    { name: 'cpu', load: async () => null },
  ];
  for (const candidate of candidates) {
    if (forced && candidate.name !== forced) continue;
    const failure = await candidate.load();
    if (failure === null && (await tf.setBackend(candidate.name))) {
      await tf.ready();
      const how = forced ? 'forced by QUDAO_BACKEND' : 'available';
      const extra =
        candidate.name === 'wasm'
          ? ` (${WASM_KERNEL_NOTE})`
          : candidate.name === 'qudao-cpu'
            ? ` (${await nativeNote()})`
            : '';
      reasons.push(`${candidate.name}: ${how}${extra}`);
      chosen = { name: candidate.name, reasons };
      return chosen;
    }
    reasons.push(`${candidate.name}: ${failure ?? 'failed to initialise'}`);
  }
  throw new Error(`no TensorFlow.js backend could start: ${reasons.join('; ')}`);
}

export function activeBackend(): string {
  return chosen?.name ?? tf.getBackend();
}

async function loadTfjsNode(): Promise<string | null> {
  try {
    // Optional: installs only where its install step can download libtensorflow.
    const moduleName = '@tensorflow/tfjs-node';
    await import(/* @vite-ignore */ moduleName);
    return null;
  } catch {
    return 'not installed (optional; needs libtensorflow download at install)';
  }
}

/** e.g. "avx2-fma GEMM, 2 threads, fused Transformer layers, compiled inference". */
async function nativeNote(): Promise<string> {
  const kernels = await import('@qudao/kernels');
  const info = kernels.nativeInfo();
  const parts = info ? [`${info.simd} GEMM`, `${info.threads} threads`] : [];
  return [...parts, 'fused Transformer layers', 'compiled inference'].join(', ');
}

async function loadQudaoKernels(threads?: number, background = false): Promise<string | null> {
  try {
    const kernels = await import('@qudao/kernels');
    const result = kernels.registerQudaoCpuBackend();
    // Before anything starts a pool: the background one is then the first this thread starts.
    if (result.ok && background) kernels.setNativeBackground(true);
    if (result.ok && threads !== undefined) kernels.setNativeThreads(threads);
    return result.ok ? null : result.reason;
  } catch (error) {
    return `native kernels unavailable: ${(error as Error).message}`;
  }
}
