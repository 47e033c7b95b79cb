// The decode engine's native operations against their TypeScript versions, and the argument
// checks of the language-model entry points.
import { expect, it } from 'vitest';
import { decoderOps, typescriptOps } from './decoder-ops.ts';
import { loadAddon } from './native.ts';
import { describeNative, randomArray, refusal } from './test-utils.ts';

function worst(a: Float32Array, b: Float32Array): number {
  let w = 0;
  for (let i = 0; i < a.length; i++)
    w = Math.max(w, Math.abs(a[i]! - b[i]!) / (1e-3 + Math.abs(b[i]!)));
  return w;
}

describeNative('decoder operations: native = TypeScript', () => {
  const native = decoderOps('native');

  it('layer norm, matmul with bias, GELU', () => {
    const x = randomArray(5 * 24, 1, -3, 3);
    const g = randomArray(24, 2);
    const b = randomArray(24, 3);
    const [y1, y2] = [new Float32Array(120), new Float32Array(120)];
    native.layerNorm(x, g, b, y1, 5, 24, 1e-5);
    typescriptOps.layerNorm(x, g, b, y2, 5, 24, 1e-5);
    expect(worst(y1, y2)).toBeLessThan(1e-4);
    const w = randomArray(24 * 48, 4);
    const bias = randomArray(48, 5);
    const [m1, m2] = [new Float32Array(5 * 48), new Float32Array(5 * 48)];
    native.matmul(x, w, m1, bias, 5, 48, 24);
    typescriptOps.matmul(x, w, m2, bias, 5, 48, 24);
    expect(worst(m1, m2)).toBeLessThan(1e-4);
    const [g1, g2] = [new Float32Array(120), new Float32Array(120)];
    native.gelu(x, g1);
    typescriptOps.gelu(x, g2);
    expect(worst(g1, g2)).toBeLessThan(1e-4);
  });

  it('softmax over rows of a vocabulary (the probabilities a decode step samples from)', () => {
    const x = randomArray(7 * 2048, 6, -12, 12);
    const [p1, p2] = [new Float32Array(x.length), new Float32Array(x.length)];
    native.softmax(x, p1, 7, 2048);
    typescriptOps.softmax(x, p2, 7, 2048);
    expect(worst(p1, p2)).toBeLessThan(1e-4);
    let total = 0;
    for (let c = 0; c < 2048; c++) total += p1[3 * 2048 + c]!;
    expect(total).toBeCloseTo(1, 5);
  });

  for (const rotary of [0, 10_000]) {
    it(`cached attention over slots and positions (rotary ${rotary})`, () => {
      const [H, D, maxT, slots] = [2, 8, 12, 3];
      const W = H * D;
      const run = (ops: typeof native) => {
        const kc = new Float32Array(slots * maxT * W);
        const vc = new Float32Array(slots * maxT * W);
        // A prompt of 7 rows in slot 1, then a step of three streams at different positions.
        const prompt = randomArray(7 * 3 * W, 10);
        const out1 = new Float32Array(7 * W);
        ops.cachedAttention(
          prompt,
          kc,
          vc,
          new Int32Array(7).fill(1),
          Int32Array.from([0, 1, 2, 3, 4, 5, 6]),
          out1,
          Int32Array.of(7, H, D, maxT, slots),
          0.35,
          rotary,
        );
        const step = randomArray(3 * 3 * W, 11);
        const out2 = new Float32Array(3 * W);
        ops.cachedAttention(
          step,
          kc,
          vc,
          Int32Array.of(1, 0, 2),
          Int32Array.of(7, 0, 0),
          out2,
          Int32Array.of(3, H, D, maxT, slots),
          0.35,
          rotary,
        );
        return [out1, out2, kc, vc];
      };
      const a = run(native);
      const b = run(typescriptOps);
      for (let i = 0; i < a.length; i++)
        expect(worst(a[i]!, b[i]!), `output ${i}`).toBeLessThan(1e-4);
    });
  }

  it('refuses slots, positions and labels out of range', () => {
    const addon = (loadAddon() as { ok: true; addon: import('./native.ts').NativeAddon }).addon;
    const f = new Float32Array(3 * 16);
    const cache = new Float32Array(2 * 4 * 16);
    const dims = Int32Array.of(1, 2, 8, 4, 2);
    expect(
      refusal(() =>
        addon.cachedAttention(f, cache, cache, Int32Array.of(2), Int32Array.of(0), f, dims, 1, 0),
      ).message,
    ).toMatch(/slots\[0\] = 2 is not in \[0, 2\)/);
    expect(
      refusal(() =>
        addon.cachedAttention(f, cache, cache, Int32Array.of(0), Int32Array.of(4), f, dims, 1, 0),
      ).message,
    ).toMatch(/positions\[0\] = 4/);
    expect(
      refusal(() =>
        addon.cachedAttention(f, cache, cache, Int32Array.of(0), Int32Array.of(0), f, dims, 1, 0.5),
      ).message,
    ).toMatch(/rotaryBase/);
    expect(
      refusal(() =>
        addon.cachedAttention(
          f,
          cache.subarray(1),
          cache,
          Int32Array.of(0),
          Int32Array.of(0),
          f,
          dims,
          1,
          0,
        ),
      ).message,
    ).toMatch(/kCache/);
    const logits = new Float32Array(6);
    expect(
      refusal(() =>
        addon.softmaxCrossEntropy(logits, Int32Array.of(0, 3), new Float32Array(2), null, 2, 3, 1),
      ).message,
    ).toMatch(/labels\[1\] = 3/);
  });
});
