import { describe, expect, it } from 'vitest';
import { loadBuiltinDataset, mailSubjectAndBody } from './builtins.ts';
import { classDistribution, rowCountOf, selectDatasetRows } from './dataset-ops.ts';

describe('built-in data sets', () => {
  it('spam: the 6,046 SpamAssassin mails, 1,896 spam and 4,150 ham', async () => {
    const spam = await loadBuiltinDataset('spam');
    expect(spam.kind).toBe('text');
    expect(rowCountOf(spam)).toBe(6046);
    expect(classDistribution(spam)).toEqual({ ham: 4150, spam: 1896 });
    if (spam.kind !== 'text') throw new Error('kind');
    expect(spam.texts.filter((t) => t.startsWith('Return-Path:'))).toHaveLength(0);
  });

  it('boston: 506 rows, 13 features, regression of medv', async () => {
    const boston = await loadBuiltinDataset('boston');
    if (boston.kind !== 'tabular') throw new Error('kind');
    expect(boston.rowCount).toBe(506);
    expect(boston.columns).toHaveLength(13);
    expect(boston.task).toBe('regression');
    expect(boston.target![0]).toBeCloseTo(24);
    expect(boston.features[0]).toBeCloseTo(0.00632);
  });

  it('iris: 150 rows, 4 features, 3 species of 50', async () => {
    const iris = await loadBuiltinDataset('iris');
    expect(classDistribution(iris)).toEqual({ setosa: 50, versicolor: 50, virginica: 50 });
    const two = selectDatasetRows(iris, [0, 149]);
    if (two.kind !== 'tabular') throw new Error('kind');
    expect(Array.from(two.features.subarray(0, 4))).toEqual([
      5.099999904632568, 3.5, 1.399999976158142, 0.20000000298023224,
    ]);
    expect(two.classes![two.labels![1]!]).toBe('virginica');
  });

  it('keeps a mail subject and its body, not the other headers', () => {
    const raw = 'From: a@b\r\nSubject: Win\r\n big\r\nX-Spam: yes\r\n\r\nBuy now';
    expect(mailSubjectAndBody(raw)).toBe('Subject: Win big\n\nBuy now');
  });
});
