import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createCnn, randomBatch } from '../../../kernels/src/cnn.ts';
import { loadWasmBackend } from './wasm-backend.ts';

const failure = await loadWasmBackend();
const ready = failure === null && (await tf.setBackend('wasm'));
if (!ready)
  console.warn(`skipping the wasm training test: ${failure ?? 'wasm did not initialise'}`);

/** Loss of each of `steps` Adam steps of the cnn on one fixed batch, on `backend`. */
async function losses(backend: string, steps: number): Promise<number[]> {
  await tf.setBackend(backend);
  const { xs, ys } = randomBatch(4, 11);
  const x = tf.tensor4d(xs, [4, 28, 28, 1]);
  const y = tf.tensor2d(ys, [4, 10]);
  const model = createCnn({ seed: 5 });
  const out: number[] = [];
  for (let i = 0; i < steps; i++) out.push((await model.trainOnBatch(x, y)) as number);
  tf.dispose([x, y]);
  model.dispose();
  return out;
}

describe('wasm backend', () => {
  it.skipIf(!ready)(
    'trains the cnn with the same losses as the cpu backend',
    async () => {
      const onWasm = await losses('wasm', 3);
      const onCpu = await losses('cpu', 3);
      expect(onWasm[2]).toBeLessThan(onWasm[0]!);
      for (let i = 0; i < onCpu.length; i++) {
        expect(Math.abs(onWasm[i]! - onCpu[i]!)).toBeLessThan(1e-4 * Math.max(1, onCpu[i]!));
      }
    },
    60_000,
  );
});
