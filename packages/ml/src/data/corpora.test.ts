import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CorpusMissingError,
  corpusCharacters,
  loadBuiltinCorpus,
  parseFortunes,
  splitCorpus,
} from './corpora.ts';

describe('built-in text corpora', () => {
  const saved = process.env.QUDAO_FORTUNES_DIR;
  afterEach(() => {
    if (saved === undefined) delete process.env.QUDAO_FORTUNES_DIR;
    else process.env.QUDAO_FORTUNES_DIR = saved;
  });

  it('moby-dick: 138 documents (135 chapters, epilogue, etymology, extracts), 1.2 M characters', async () => {
    const c = await loadBuiltinCorpus('moby-dick');
    expect(c.documents).toHaveLength(138);
    expect(corpusCharacters(c)).toBeGreaterThan(1_200_000);
    const first = c.documents.find((d) => d.id === 'chapter_1')!;
    expect(first.text.startsWith('CHAPTER 1. Loomings.\n\nCall me Ishmael.')).toBe(true);
  });

  it('tang-poems: 5,000 poems in Simplified characters', async () => {
    const c = await loadBuiltinCorpus('tang-poems');
    expect(c.documents).toHaveLength(5000);
    expect(c.language).toBe('zh-Hans');
    // 帝京篇 by 太宗皇帝: the source's 壯皇居 (Traditional) comes out as 壮皇居.
    expect(c.documents[0]!.text).toContain('秦川雄帝宅，函谷壮皇居。');
    expect(c.documents[0]!.text).not.toContain('壯');
  });

  it('fortunes-zh: tang300 and song100 from Debian, colour codes stripped', async () => {
    const c = await loadBuiltinCorpus('fortunes-zh');
    expect(c.documents.length).toBeGreaterThan(400);
    expect(c.documents[0]!.text).toBe(
      '《感遇・其一》\n作者：张九龄\n兰叶春葳蕤，桂华秋皎洁。\n欣欣此生意，自尔为佳节。\n谁知林栖者，闻风坐相悦。\n草木有本心，何求美人折？\n',
    );
    expect(c.documents.some((d) => d.text.includes('\u001b'))).toBe(false);
  });

  it('says which Debian package to install when fortunes-zh is missing', async () => {
    process.env.QUDAO_FORTUNES_DIR = mkdtempSync(path.join(tmpdir(), 'no-fortunes-'));
    const error = await loadBuiltinCorpus('fortunes-zh').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CorpusMissingError);
    expect((error as CorpusMissingError).code).toBe('data.corpus_missing');
    expect((error as Error).message).toMatch(/apt-get install fortunes-zh/);
  });

  it('parses fortune entries separated by % lines', () => {
    expect(parseFortunes('a\n%\n\u001b[32mb\u001b[m\nc\n%\n', 'x')).toEqual([
      { id: 'x-1', text: 'a\n' },
      { id: 'x-2', text: 'b\nc\n' },
    ]);
  });

  it('splits by document, seeded: disjoint, complete, reproducible', async () => {
    const c = await loadBuiltinCorpus('moby-dick');
    const a = splitCorpus(c, { validationFraction: 0.1, seed: 3 });
    const b = splitCorpus(c, { validationFraction: 0.1, seed: 3 });
    const other = splitCorpus(c, { validationFraction: 0.1, seed: 4 });
    expect(a.validation.documents).toHaveLength(14);
    expect(a.train.documents).toHaveLength(124);
    const ids = (x: typeof a.train) => x.documents.map((d) => d.id);
    expect(ids(a.validation)).toEqual(ids(b.validation));
    expect(ids(a.validation)).not.toEqual(ids(other.validation));
    const train = new Set(ids(a.train));
    expect(ids(a.validation).some((id) => train.has(id))).toBe(false);
    expect(train.size + a.validation.documents.length).toBe(138);
  });
});
