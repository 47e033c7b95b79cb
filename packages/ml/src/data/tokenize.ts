import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * How text becomes tokens: `word` (English words and numbers, lower-cased), `chinese` (jieba
 * word segmentation for Chinese runs, words for the rest), `chars` (each Chinese character a
 * token, words for the rest), `auto` (chinese when the text has Chinese, else word).
 */
export type TokenizerKind = 'word' | 'chinese' | 'chars' | 'auto';

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/u;
const WORDS = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;
/** A token worth keeping has a letter or a digit (Han characters are letters). */
const WORD_CHAR = /[\p{L}\p{N}]/u;
const CJK_RUNS = /[\u3400-\u9fff\uf900-\ufaff]+|[^\u3400-\u9fff\uf900-\ufaff]+/gu;

interface Jieba {
  cut(text: string, hmm?: boolean): string[];
}
let jieba: Jieba | undefined;

/** The jieba segmenter (@node-rs/jieba with its bundled dictionary), loaded on first use. */
function segmenter(): Jieba {
  if (!jieba) {
    const { Jieba } = require('@node-rs/jieba') as { Jieba: { withDict(d: Uint8Array): Jieba } };
    const { dict } = require('@node-rs/jieba/dict') as { dict: Uint8Array };
    jieba = Jieba.withDict(dict);
  }
  return jieba;
}

function words(text: string): string[] {
  return text.toLowerCase().match(WORDS) ?? [];
}

/**
 * Splits a text into tokens, at most `limit` (the first ones: a long text is segmented only as
 * far as the model reads it).
 */
export function tokenizeText(
  text: string,
  kind: TokenizerKind = 'auto',
  limit = Number.POSITIVE_INFINITY,
): string[] {
  const normalized = text.normalize('NFKC');
  const mode = kind === 'auto' ? (CJK.test(normalized) ? 'chinese' : 'word') : kind;
  if (mode === 'word') return words(normalized).slice(0, limit);
  const out: string[] = [];
  for (const run of normalized.match(CJK_RUNS) ?? []) {
    if (!CJK.test(run)) out.push(...words(run));
    else if (mode === 'chars') out.push(...run);
    // jieba's words, without the blanks and punctuation it keeps as tokens of their own.
    else
      out.push(
        ...segmenter()
          .cut(run, true)
          .filter((t) => WORD_CHAR.test(t)),
      );
    if (out.length >= limit) return out.slice(0, limit);
  }
  return out;
}

export const PAD = '<pad>';
export const UNK = '<unk>';

/** Tokens by id: 0 is padding, 1 the unknown token, then the most frequent tokens. */
export interface Vocabulary {
  tokens: string[];
  index: Map<string, number>;
}

/**
 * Builds a vocabulary from tokenised texts: the `maxSize - 2` most frequent tokens seen at
 * least `minCount` times (ties in first-seen order), after `<pad>` and `<unk>`.
 */
export function buildTokenVocabulary(
  tokenLists: Iterable<string[]>,
  options: { maxSize: number; minCount?: number },
): Vocabulary {
  const counts = new Map<string, number>();
  for (const tokens of tokenLists) for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
  const ranked = [...counts.entries()]
    .filter(([, n]) => n >= (options.minCount ?? 1))
    .sort((a, b) => b[1] - a[1])
    .slice(0, Math.max(0, options.maxSize - 2))
    .map(([t]) => t);
  const tokens = [PAD, UNK, ...ranked];
  return { tokens, index: new Map(tokens.map((t, i) => [t, i])) };
}

/** Token ids, unknown tokens as 1. */
export function encodeTokens(tokens: string[], vocabulary: Vocabulary): number[] {
  return tokens.map((t) => vocabulary.index.get(t) ?? 1);
}

/**
 * Pads with 0 or truncates to `length`. `truncate: 'end'` keeps the beginning (default),
 * 'start' keeps the end; padding goes after the ids (`pad: 'end'`) or before them.
 */
export function padSequence(
  ids: number[],
  length: number,
  options: { truncate?: 'start' | 'end'; pad?: 'start' | 'end' } = {},
): Int32Array {
  const kept =
    ids.length <= length
      ? ids
      : options.truncate === 'start'
        ? ids.slice(-length)
        : ids.slice(0, length);
  const out = new Int32Array(length);
  out.set(kept, options.pad === 'start' ? length - kept.length : 0);
  return out;
}

/** Texts as a [count, length] matrix of padded token ids. */
export function textsToSequences(
  texts: string[],
  options: {
    vocabulary: Vocabulary;
    length: number;
    tokenizer?: TokenizerKind | ((text: string) => string[]);
  },
): Int32Array {
  const out = new Int32Array(texts.length * options.length);
  const split =
    typeof options.tokenizer === 'function'
      ? options.tokenizer
      : (t: string) => tokenizeText(t, options.tokenizer as TokenizerKind);
  texts.forEach((text, i) => {
    out.set(
      padSequence(encodeTokens(split(text), options.vocabulary), options.length),
      i * options.length,
    );
  });
  return out;
}
