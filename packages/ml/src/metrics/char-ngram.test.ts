import { describe, expect, it } from 'vitest';
import { bestNgramBitsPerCharacter, CharNgramModel } from './char-ngram.ts';

const train = ['the cat sat on the mat.', 'the dog sat on the log.', 'a cat and a dog.'];

describe('CharNgramModel (interpolated Kneser-Ney)', () => {
  it('is a distribution: the next-symbol probabilities add up to 1 in any context', () => {
    const model = new CharNgramModel(train, 4);
    for (const before of ['the c', 'zzq', '', 'on the m']) {
      for (const order of [1, 2, 4]) {
        const sum = model
          .symbols()
          .reduce((s, c) => s + model.probabilityAfter(before, c, order), 0);
        expect(sum, `${before} order ${order}`).toBeCloseTo(1, 10);
      }
    }
    // Seen continuations beat unseen ones.
    expect(model.probabilityAfter('the c', 'a')).toBeGreaterThan(
      model.probabilityAfter('the c', 'o'),
    );
  });

  it('gives every string a finite cost; an unseen character costs 8 bits per UTF-8 byte or more', () => {
    const model = new CharNgramModel(train, 4);
    for (const text of ['the cat', 'zzz', '鲸', '']) {
      const { bits, characters } = model.bits([text]);
      expect(Number.isFinite(bits)).toBe(true);
      expect(characters).toBe([...text].length);
    }
    expect(model.bits(['鲸']).bits).toBeGreaterThan(24);
  });

  it('higher orders model seen text better, and the best order is reported', () => {
    const held = ['the cat sat on the log.'];
    const r = bestNgramBitsPerCharacter(train, held, 5);
    expect(r.byOrder).toHaveLength(5);
    expect(r.byOrder[3]!).toBeLessThan(r.byOrder[0]!);
    expect(r.bitsPerCharacter).toBe(Math.min(...r.byOrder));
    expect(r.order).toBe(r.byOrder.indexOf(r.bitsPerCharacter) + 1);
  });
});
