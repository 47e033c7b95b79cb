// The WASM fallback: @tensorflow/tfjs-backend-wasm with the kernels it lacks added by us.
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { registerWasmKernels, WASM_KERNELS } from './wasm-kernels.ts';

/** Said by `qudao doctor` when wasm runs. */
export const WASM_KERNEL_NOTE = `stock WASM kernels; ${WASM_KERNELS.join(', ')} added by Qudao in TypeScript`;

/**
 * Loads @tensorflow/tfjs-backend-wasm and points it at its .wasm files on disk (Node cannot
 * fetch them from the default URL); null when ready, else why not. The backend itself
 * initialises on `tf.setBackend('wasm')`.
 */
export async function loadWasmBackend(): Promise<string | null> {
  try {
    const moduleName = '@tensorflow/tfjs-backend-wasm';
    const wasm = (await import(/* @vite-ignore */ moduleName)) as {
      setWasmPaths: (prefix: string) => void;
    };
    const require = createRequire(import.meta.url);
    const binary = require.resolve(`${moduleName}/dist/tfjs-backend-wasm.wasm`);
    wasm.setWasmPaths(`${dirname(binary)}/`);
    registerWasmKernels();
    return null;
  } catch (error) {
    return `tfjs-backend-wasm unavailable: ${(error as Error).message}`;
  }
}
