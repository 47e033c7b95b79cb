import { describe, expect, it } from 'vitest';
import { kFoldAssignments, kFoldIndices, splitCodes } from './split-codes.ts';
import {
  buildTokenVocabulary,
  encodeTokens,
  padSequence,
  textsToSequences,
  tokenizeText,
} from './tokenize.ts';

describe('tokenisation', () => {
  it('splits English into lower-case words', () => {
    expect(tokenizeText("Don't PANIC: it's 42!", 'word')).toEqual(["don't", 'panic', "it's", '42']);
  });

  it('segments Chinese with jieba, or into characters, and keeps English words in it', () => {
    expect(tokenizeText('我们的产品质量很好 OK', 'chinese')).toEqual([
      '我们',
      '的',
      '产品质量',
      '很',
      '好',
      'ok',
    ]);
    expect(tokenizeText('退款慢', 'chars')).toEqual(['退', '款', '慢']);
    expect(tokenizeText('客户很满意')).toEqual(['客户', '很', '满意']);
  });

  it('builds a capped vocabulary with padding and unknown tokens, and pads or truncates', () => {
    const vocab = buildTokenVocabulary(
      [
        ['a', 'b', 'a'],
        ['c', 'a', 'b'],
      ],
      { maxSize: 4 },
    );
    expect(vocab.tokens).toEqual(['<pad>', '<unk>', 'a', 'b']);
    expect(encodeTokens(['a', 'c', 'b'], vocab)).toEqual([2, 1, 3]);
    expect(Array.from(padSequence([2, 1, 3], 5))).toEqual([2, 1, 3, 0, 0]);
    expect(Array.from(padSequence([2, 1, 3], 2))).toEqual([2, 1]);
    expect(Array.from(padSequence([2, 1, 3], 2, { truncate: 'start' }))).toEqual([1, 3]);
    expect(
      Array.from(
        textsToSequences(['a b', 'b c a x'], { vocabulary: vocab, length: 3, tokenizer: 'word' }),
      ),
    ).toEqual([2, 3, 0, 3, 1, 2]);
  });
});

describe('splits and folds', () => {
  const labels = Uint8Array.from({ length: 103 }, (_, i) => (i % 10 === 0 ? 1 : 0));

  it('split codes are seeded, exact and stratified', () => {
    const codes = splitCodes(103, labels, { testFraction: 0.2, validationFraction: 0.1, seed: 3 });
    expect(codes).toEqual(
      splitCodes(103, labels, { testFraction: 0.2, validationFraction: 0.1, seed: 3 }),
    );
    expect(codes.filter((c) => c === 1)).toHaveLength(21);
    expect(codes.filter((c) => c === 2)).toHaveLength(10);
    const minorityInTest = [...codes.entries()].filter(
      ([i, c]) => c === 1 && labels[i] === 1,
    ).length;
    expect(Math.abs(minorityInTest - 11 * 0.2)).toBeLessThanOrEqual(1);
  });

  it('k-fold indices cover every row once, folds balanced by class', () => {
    const folds = kFoldAssignments(103, labels, 5, 9);
    const seen = new Set<number>();
    for (let f = 0; f < 5; f++) {
      const { train, validation } = kFoldIndices(folds, f);
      expect(train.length + validation.length).toBe(103);
      for (const i of validation) seen.add(i);
      expect(validation.length).toBeGreaterThanOrEqual(20);
      const minority = validation.filter((i) => labels[i] === 1).length;
      expect(minority).toBeGreaterThanOrEqual(2);
      expect(minority).toBeLessThanOrEqual(3);
    }
    expect(seen.size).toBe(103);
  });
});
