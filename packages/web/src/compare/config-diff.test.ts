import { describe, expect, it } from 'vitest';
import { configDiff, flatten, showValue } from './config-diff.ts';

describe('config diff of several runs', () => {
  it('flattens nested settings and keeps lists whole', () => {
    expect(flatten({ a: { b: 1, c: [1, 2] }, d: 'x' })).toEqual({
      'a.b': 1,
      'a.c': [1, 2],
      d: 'x',
    });
    expect(flatten(null)).toEqual({});
  });

  it('lists only the keys that differ in at least one run, sorted', () => {
    const rows = configDiff([
      { epochs: 5, learningRate: 0.1, optimizer: { name: 'adam' }, seed: 1 },
      { epochs: 5, learningRate: 0.01, optimizer: { name: 'adam' }, seed: 1 },
      { epochs: 8, learningRate: 0.1, optimizer: { name: 'sgd' }, seed: 1 },
    ]);
    expect(rows).toEqual([
      { key: 'epochs', values: [5, 5, 8] },
      { key: 'learningRate', values: [0.1, 0.01, 0.1] },
      { key: 'optimizer.name', values: ['adam', 'adam', 'sgd'] },
    ]);
  });

  it('counts a key one run lacks as a difference, and skips the keys asked to', () => {
    const rows = configDiff(
      [
        { a: 1, modelName: 'x' },
        { a: 1, b: [1], modelName: 'y' },
      ],
      ['modelName'],
    );
    expect(rows).toEqual([{ key: 'b', values: [undefined, [1]] }]);
    expect(configDiff([{ a: [1, 2] }, { a: [1, 2] }])).toEqual([]);
  });

  it('shows words as they are and the rest as JSON', () => {
    expect(showValue('adam')).toBe('adam');
    expect(showValue(0.1)).toBe('0.1');
    expect(showValue([28, 28])).toBe('[28,28]');
    expect(showValue(undefined)).toBe('');
  });
});
