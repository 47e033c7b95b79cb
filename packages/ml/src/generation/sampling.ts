import { z } from 'zod';

/** How the next token is chosen from the model's logits (OpenAI's parameters and names). */
export const samplingSchema = z.object({
  /** 0: always the most likely token (greedy); higher: flatter (default 1). */
  temperature: z.number().min(0).max(10).default(1),
  /** Keep only the k most likely tokens (0: all). */
  topK: z.number().int().min(0).default(0),
  /** Keep the most likely tokens whose probabilities add up to p (nucleus; 1: all). */
  topP: z.number().gt(0).max(1).default(1),
});
export type SamplingOptions = z.input<typeof samplingSchema>;
export type Sampling = z.output<typeof samplingSchema>;

/**
 * Picks a token from one row of logits: temperature, then top-k, then top-p (nucleus), then a
 * draw from `random` (a seeded generator: the same seed gives the same tokens). Ties in
 * probability go to the smaller token id, so the choice does not depend on sort stability.
 */
export function sampleToken(
  logits: Float32Array,
  sampling: Sampling,
  random: () => number,
): number {
  const n = logits.length;
  if (sampling.temperature === 0) return argmax(logits);
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) if (logits[i]! > max) max = logits[i]!;
  const p = new Float64Array(n);
  for (let i = 0; i < n; i++) p[i] = Math.exp((logits[i]! - max) / sampling.temperature);
  return drawToken(p, sampling, random);
}

/** The most likely token (the first of equals). */
export function argmax(logits: Float32Array): number {
  let best = 0;
  for (let i = 1; i < logits.length; i++) if (logits[i]! > logits[best]!) best = i;
  return best;
}

/**
 * Draws a token from weights proportional to its probabilities (a softmax row at the
 * sampling's temperature, or its unnormalised exponentials): top-k, then top-p, then one
 * `random()` draw. The batched decoder computes the rows of a step in one native softmax and
 * draws here; `sampleToken` does both for one row.
 */
export function drawToken(
  p: Float32Array | Float64Array,
  sampling: Sampling,
  random: () => number,
): number {
  const n = p.length;
  let ids: number[] | null = null;
  let sum = 0;
  const k = sampling.topK > 0 && sampling.topK < n ? sampling.topK : n;
  if (k < n || sampling.topP < 1) {
    ids = Array.from({ length: n }, (_, i) => i).sort((a, b) => p[b]! - p[a]! || a - b);
    ids.length = k;
    if (sampling.topP < 1) {
      // The nucleus of what top-k kept, renormalised.
      const total = ids.reduce((s, i) => s + p[i]!, 0);
      let kept = 0;
      let mass = 0;
      while (kept < ids.length && mass < sampling.topP * total) mass += p[ids[kept++]!]!;
      ids.length = Math.max(1, kept);
    }
    sum = ids.reduce((s, i) => s + p[i]!, 0);
  } else {
    for (let i = 0; i < n; i++) sum += p[i]!;
  }
  let u = random() * sum;
  if (ids) {
    for (const i of ids) {
      u -= p[i]!;
      if (u < 0) return i;
    }
    return ids[ids.length - 1]!;
  }
  for (let i = 0; i < n; i++) {
    u -= p[i]!;
    if (u < 0) return i;
  }
  return n - 1;
}
