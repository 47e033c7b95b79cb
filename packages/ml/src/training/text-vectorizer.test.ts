import { describe, expect, it } from 'vitest';
import { encodeRawInputs } from './inputs.ts';
import { applyPreprocessing, fitPreprocessing } from './prepare.ts';
import { buildVocabulary, encodeTexts, tokenize } from './text-vectorizer.ts';

const texts = ['我喜欢机器学习', '机器学习很有趣', '深度学习和机器学习', '我用iPhone学习机器学习'];

describe('text vectorizer', () => {
  it('segments Chinese into words with jieba, and keeps English words in mixed text', () => {
    expect(tokenize('我喜欢机器学习', 10, 'chinese')).toEqual(['我', '喜欢', '机器', '学习']);
    expect(tokenize('我用iPhone上网，客服说OK', 10, 'chinese')).toEqual([
      '我用',
      'iphone',
      '上网',
      '客服',
      '说',
      'ok',
    ]);
    expect(tokenize('机器学习很有趣', 2, 'chinese')).toEqual(['机器', '学习']);
  });

  it('builds a vocabulary of multi-character words (机器, 学习), not single characters', () => {
    const vocabulary = buildVocabulary(texts, 100, 32);
    expect(vocabulary.slice(0, 4)).toEqual(['<pad>', '<unk>', '学习', '机器']);
    expect(vocabulary).not.toContain('机');
    expect(vocabulary).not.toContain('习');
  });

  it('records the tokenizer in the preprocessing and encodes new inputs the same way', () => {
    const train = {
      kind: 'text' as const,
      texts,
      labels: Uint16Array.from([0, 1, 0, 1]),
      classes: ['a', 'b'],
    };
    const p = fitPreprocessing(train, { sequenceLength: 8 });
    if (p.kind !== 'text') throw new Error('text preprocessing');
    expect(p.tokenizer).toBe('chinese');
    const prepared = applyPreprocessing(p, train);
    const served = encodeRawInputs(p, texts);
    expect(Array.from(served.x)).toEqual(Array.from(prepared.x));
    const learning = p.vocabulary.indexOf('学习');
    expect(Array.from(prepared.x.subarray(0, 4))).toContain(learning);
  });

  it('encodes a model saved before tokenizers were recorded as it did then (a token per Han character)', () => {
    const legacy = {
      kind: 'text' as const,
      vocabulary: ['<pad>', '<unk>', '机', '器'],
      sequenceLength: 4,
    };
    expect(Array.from(encodeRawInputs(legacy, ['机器学习']).x)).toEqual([2, 3, 1, 1]);
    expect(Array.from(encodeTexts(['机器学习'], legacy.vocabulary, 4))).toEqual([2, 3, 1, 1]);
  });
});
