import { type TextTokenizer, tokenize, UNKNOWN_TOKEN } from '../training/text-vectorizer.ts';

/**
 * What drift is measured on, per input: for images the pixel intensities (each image's mean,
 * spread and share of ink, and all pixels together as one distribution), for texts the tokens
 * (which ones, how many, how many the model's vocabulary does not know), for tables each
 * column. The training reference and the live window go through the same functions.
 */

/** Intensity levels of the pooled pixel histogram (0..255). */
export const INTENSITY_LEVELS = 256;

/** A pixel brighter than half scale counts as ink (MNIST: light strokes on black). */
const INK = 128;

export interface ImageFeatures {
  pixelMean: Float64Array;
  pixelStd: Float64Array;
  inkFraction: Float64Array;
  /** Pixels per intensity level 0..255, over every image. */
  intensityCounts: number[];
}

/** Per-image features of `count` images of `size` values each, 0..255. */
export function imageFeatures(pixels: ArrayLike<number>, size: number): ImageFeatures {
  const count = Math.floor(pixels.length / size);
  const pixelMean = new Float64Array(count);
  const pixelStd = new Float64Array(count);
  const inkFraction = new Float64Array(count);
  const intensityCounts = new Array<number>(INTENSITY_LEVELS).fill(0);
  for (let i = 0; i < count; i++) {
    let sum = 0;
    let squares = 0;
    let ink = 0;
    for (let p = i * size; p < (i + 1) * size; p++) {
      const v = Math.max(0, Math.min(255, Math.round(pixels[p]!)));
      sum += v;
      squares += v * v;
      if (v >= INK) ink++;
      intensityCounts[v]! += 1;
    }
    const mean = sum / size;
    pixelMean[i] = mean / 255;
    pixelStd[i] = Math.sqrt(Math.max(0, squares / size - mean * mean)) / 255;
    inkFraction[i] = ink / size;
  }
  return { pixelMean, pixelStd, inkFraction, intensityCounts };
}

/** Pooled intensity counts folded into `bins` equal-width bins over 0..255, as shares. */
export function intensityShares(counts: readonly number[], bins = 30): number[] {
  const out = new Array<number>(bins).fill(0);
  let total = 0;
  counts.forEach((c, level) => {
    out[Math.min(bins - 1, Math.floor((level / INTENSITY_LEVELS) * bins))]! += c;
    total += c;
  });
  return out.map((c) => c / (total || 1) || 0.0001);
}

export interface TextFeatures {
  /** Tokens per text (after the model's cut at `sequenceLength`). */
  length: Float64Array;
  /** Share of each text's tokens the vocabulary does not hold. */
  oovRate: Float64Array;
  /** How often each token occurs, over all texts. */
  tokenCounts: Map<string, number>;
}

/** Token features of texts as the model reads them (its tokenizer, vocabulary and cut). */
export function textFeatures(
  texts: readonly string[],
  vocabulary: readonly string[],
  sequenceLength: number,
  tokenizer: TextTokenizer,
): TextFeatures {
  const known = new Set(vocabulary.filter((w) => w !== UNKNOWN_TOKEN));
  const length = new Float64Array(texts.length);
  const oovRate = new Float64Array(texts.length);
  const tokenCounts = new Map<string, number>();
  texts.forEach((text, i) => {
    const tokens = tokenize(text, sequenceLength, tokenizer);
    let unknown = 0;
    for (const token of tokens) {
      if (!known.has(token)) unknown++;
      tokenCounts.set(token, (tokenCounts.get(token) ?? 0) + 1);
    }
    length[i] = tokens.length;
    oovRate[i] = tokens.length ? unknown / tokens.length : 0;
  });
  return { length, oovRate, tokenCounts };
}

/** The label tokens are compared under: the `top` reference tokens by name, the rest as one. */
export const OTHER_TOKEN = '<other>';

/** Folds token counts onto the reference's top tokens (others become `<other>`). */
export function foldTokens(counts: Map<string, number>, top: ReadonlySet<string>) {
  const out = new Map<string, number>();
  for (const [token, n] of counts) {
    const key = top.has(token) ? token : OTHER_TOKEN;
    out.set(key, (out.get(key) ?? 0) + n);
  }
  return out;
}

/** A sample of `counts` as a list of values (for the categorical tests), at most `limit` long. */
export function expandCounts(counts: Map<string, number> | Record<string, number>, limit = 20_000) {
  const entries = counts instanceof Map ? [...counts] : Object.entries(counts);
  const total = entries.reduce((s, [, n]) => s + n, 0);
  const factor = total > limit ? limit / total : 1;
  const out: string[] = [];
  for (const [key, n] of entries) {
    for (let i = 0; i < Math.round(n * factor); i++) out.push(key);
  }
  return out;
}
