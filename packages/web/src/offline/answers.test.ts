import { describe, expect, it } from 'vitest';
import { answerOf, compareAnswers, topClasses } from './answers.ts';

describe('the browser answer beside the server answer', () => {
  it('reads outputs as serving does: argmax, first of equals, one sigmoid output is two classes', () => {
    expect(answerOf([0.1, 0.7, 0.2], ['a', 'b', 'c']).label).toBe('b');
    expect(answerOf([0.4, 0.4, 0.2], ['a', 'b', 'c']).label).toBe('a');
    const binary = answerOf([0.75], ['no', 'yes']);
    expect(binary.label).toBe('yes');
    expect(binary.probabilities).toEqual([
      { label: 'no', probability: 0.25 },
      { label: 'yes', probability: 0.75 },
    ]);
  });

  it('gives the largest difference over the classes, matched by name, and whether labels agree', () => {
    const browser = answerOf([0.1, 0.9], ['cat', 'dog']);
    const server = {
      label: 'dog',
      probabilities: [
        { label: 'dog', probability: 0.8999 },
        { label: 'cat', probability: 0.1001 },
      ],
    };
    const c = compareAnswers(browser, server);
    expect(c.labelsAgree).toBe(true);
    expect(c.maxDifference).toBeCloseTo(1e-4, 10);
    expect(c.classes.map((x) => x.label)).toEqual(['cat', 'dog']);
    expect(compareAnswers(browser, { ...server, label: 'cat' }).labelsAgree).toBe(false);
  });

  it('calls classes that do not match an infinite difference', () => {
    const c = compareAnswers(answerOf([0.5, 0.5], ['a', 'b']), answerOf([0.5, 0.5], ['a', 'z']));
    expect(c.maxDifference).toBe(Number.POSITIVE_INFINITY);
    expect(c.classes[1]).toMatchObject({ label: 'b', server: null });
  });

  it('keeps the most probable classes first', () => {
    const top = topClasses(answerOf([0.1, 0.6, 0.3], ['a', 'b', 'c']), 2);
    expect(top.probabilities.map((p) => p.label)).toEqual(['b', 'c']);
  });
});
