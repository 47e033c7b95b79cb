import { describe, expect, it } from 'vitest';
import { BpeTokenizer, charactersPerToken, preTokenize } from './bpe-tokenizer.ts';
import { loadBuiltinCorpus, splitCorpus } from './corpora.ts';

const texts = ['low lower lowest', 'new newer newest', 'wide wider widest', 'low low low'];

describe('BpeTokenizer', () => {
  it('splits text GPT-2 style: words with their leading space, numbers, punctuation', () => {
    expect(preTokenize("It's 42 whales, Ahab!")).toEqual([
      'It',
      "'s",
      ' 42',
      ' whales',
      ',',
      ' Ahab',
      '!',
    ]);
    expect(preTokenize('床前明月光，疑是地上霜。')).toEqual([
      '床前明月光',
      '，',
      '疑是地上霜',
      '。',
    ]);
  });

  it('learns the most frequent pairs first and stops at the vocabulary size', () => {
    const tok = BpeTokenizer.train(texts, { vocabSize: 256 + 1 + 6 });
    expect(tok.vocabSize).toBe(263);
    expect(tok.merges).toHaveLength(6);
    // ' l' + 'o' ... 'w' is the most frequent pair (7 'low'-words).
    const bytes = (id: number) => tok.decode([id]);
    expect(bytes(256)).toBe('lo');
    expect(tok.encode(' lowest').length).toBeLessThan(' lowest'.length);
  });

  it('round-trips any text, including characters never seen and invalid surrogates', () => {
    const tok = BpeTokenizer.train(texts, { vocabSize: 300 });
    for (const s of ['lowest newer', '鲸鱼 🐋 Ahab', '\u0000\t\n  x', 'é and e\u0301', '']) {
      expect(tok.decode(tok.encode(s))).toBe(s);
    }
    expect(tok.decode(tok.encode('\ud800'))).toBe('\ufffd');
  });

  it('treats special tokens as text unless allowed, and decodes them', () => {
    const tok = BpeTokenizer.train(texts, { vocabSize: 300 });
    const eot = tok.endOfText!;
    expect(eot).toBe(tok.vocabSize - 1);
    expect(tok.encode('a<|endoftext|>b')).not.toContain(eot);
    expect(tok.encode('a<|endoftext|>b', { allowSpecial: true })).toEqual([97, eot, 98]);
    expect(tok.decode([97, eot, 98])).toBe('a<|endoftext|>b');
  });

  it('saves and loads: the same ids, the same fingerprint; broken files are refused', () => {
    const tok = BpeTokenizer.train(texts, { vocabSize: 280 });
    const copy = BpeTokenizer.fromJSON(JSON.parse(JSON.stringify(tok.toJSON())));
    expect(copy.encode('lowest widest')).toEqual(tok.encode('lowest widest'));
    expect(copy.fingerprint()).toBe(tok.fingerprint());
    expect(copy.fingerprint()).toMatch(/^[0-9a-f]{64}$/);
    expect(() => BpeTokenizer.fromJSON({ kind: 'other' })).toThrow(/not a Qudao byte-level BPE/);
    const forward = { ...tok.toJSON(), merges: [[300, 1]] };
    expect(() => BpeTokenizer.fromJSON(forward)).toThrow(/made later/);
    expect(() => tok.decode([tok.vocabSize])).toThrow(/outside the vocabulary/);
  });

  it('streams: a Chinese character split over tokens comes out whole', () => {
    const tok = BpeTokenizer.train(['鲸'], { vocabSize: 258, minFrequency: 1 });
    const ids = tok.encode('鲸鱼');
    expect(ids.length).toBeGreaterThan(2);
    const stream = tok.streamDecoder();
    const pieces = ids.map((id) => stream.push(id));
    expect(pieces.join('') + stream.flush()).toBe('鲸鱼');
    expect(pieces.every((p) => !p.includes('\ufffd'))).toBe(true);
  });

  it('refuses a vocabulary smaller than the bytes and special tokens', () => {
    expect(() => BpeTokenizer.train(texts, { vocabSize: 200 })).toThrow(/at least 257/);
  });

  it('on the real corpora: > 3 characters per token in English, > 1 in Chinese', async () => {
    for (const [name, least] of [
      ['moby-dick', 3],
      ['tang-poems', 1],
    ] as const) {
      const { train, validation } = splitCorpus(await loadBuiltinCorpus(name), {
        validationFraction: 0.1,
        seed: 1,
      });
      const tok = BpeTokenizer.train(
        train.documents.map((d) => d.text),
        { vocabSize: 4096 },
      );
      const held = validation.documents.map((d) => d.text);
      expect(charactersPerToken(tok, held), name).toBeGreaterThan(least);
      for (const d of held.slice(0, 5)) expect(tok.decode(tok.encode(d))).toBe(d);
    }
  });
});
