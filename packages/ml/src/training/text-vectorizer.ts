import { type TokenizerKind, tokenizeText } from '../data/tokenize.ts';

/**
 * Tokens and vocabulary of the text templates. Texts are split by `data/tokenize.ts`: words of
 * letters and digits (lower-cased), and Chinese segmented into words by jieba, so 机器学习 is
 * 机器 / 学习 rather than four unrelated characters. The tokenizer is recorded in the model's
 * preprocessing with the vocabulary, so serving encodes texts exactly as training did.
 */

/** Id 0 pads, id 1 stands for any word not in the vocabulary. */
export const PAD_TOKEN = '<pad>';
export const UNKNOWN_TOKEN = '<unk>';

/**
 * How a text model splits text: `chinese` (jieba for Chinese runs, words for the rest: the
 * default), `chars` (one token per Chinese character), `word` (letters and digits only). A
 * model saved without one used `legacy`: one token per Han character, no segmentation.
 */
export type TextTokenizer = Exclude<TokenizerKind, 'auto'> | 'legacy';

/** The tokenizer new text models record. */
export const DEFAULT_TEXT_TOKENIZER: TextTokenizer = 'chinese';

const LEGACY_TOKEN = /\p{Script=Han}|[\p{L}\p{N}]+(?:['’]\p{L}+)?/gu;

function legacyTokens(text: string, limit: number): string[] {
  const out: string[] = [];
  for (const match of text.normalize('NFKC').toLowerCase().matchAll(LEGACY_TOKEN)) {
    out.push(match[0]);
    if (out.length >= limit) break;
  }
  return out;
}

/** Tokens of a text, at most `limit` of them (the first ones). */
export function tokenize(
  text: string,
  limit = Number.POSITIVE_INFINITY,
  tokenizer: TextTokenizer = 'legacy',
): string[] {
  if (tokenizer === 'legacy') return legacyTokens(text, limit);
  return tokenizeText(text, tokenizer, limit);
}

/**
 * The `maxTokens` most frequent words of `texts` (ties broken alphabetically, so the same texts
 * always give the same vocabulary), after `<pad>` and `<unk>`. Only the first `sequenceLength`
 * words of each text count, as only those reach the model.
 */
export function buildVocabulary(
  texts: string[],
  maxTokens: number,
  sequenceLength: number,
  tokenizer: TextTokenizer = DEFAULT_TEXT_TOKENIZER,
): string[] {
  const counts = new Map<string, number>();
  for (const text of texts) {
    for (const word of tokenize(text, sequenceLength, tokenizer))
      counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  const words = [...counts.entries()]
    .filter(([, n]) => n >= 2)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, Math.max(0, maxTokens - 2))
    .map(([w]) => w);
  return [PAD_TOKEN, UNKNOWN_TOKEN, ...words];
}

/**
 * Encodes texts as rows of `sequenceLength` ids, padded with 0 at the end, cut at the end.
 * `tokenizer` must be the one the vocabulary was built with (the preprocessing records it).
 */
export function encodeTexts(
  texts: string[],
  vocabulary: string[],
  sequenceLength: number,
  tokenizer: TextTokenizer = 'legacy',
): Float32Array {
  const index = new Map(vocabulary.map((w, i) => [w, i]));
  const out = new Float32Array(texts.length * sequenceLength);
  texts.forEach((text, row) => {
    tokenize(text, sequenceLength, tokenizer).forEach((word, t) => {
      out[row * sequenceLength + t] = index.get(word) ?? 1;
    });
  });
  return out;
}
