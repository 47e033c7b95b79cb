import { describe, expect, it } from 'vitest';
import { MlError } from '../errors.ts';
import { detectHeader, inferColumns, normalizeText } from './columns.ts';
import { decodeUtf8, parseDelimited } from './delimited.ts';
import { openDelimitedSource, recordsOf } from './table-source.ts';

async function* chunksOf(text: string | Uint8Array, size: number) {
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function records(text: string, size = 3, delimiter = ',') {
  const out: string[][] = [];
  for await (const r of parseDelimited(decodeUtf8(chunksOf(text, size)), delimiter)) {
    out.push(r.fields);
  }
  return out;
}

describe('parseDelimited', () => {
  it('reads quotes, doubled quotes, delimiters and line breaks inside quotes, CRLF, in any chunking', async () => {
    const csv = 'a,b,c\r\n"x, y","say ""hi""",3\r\n"multi\nline",,"é中文"\n\nlast,"",z';
    const expected = [
      ['a', 'b', 'c'],
      ['x, y', 'say "hi"', '3'],
      ['multi\nline', '', 'é中文'],
      ['last', '', 'z'],
    ];
    for (const size of [1, 2, 3, 7, 1000]) expect(await records(csv, size)).toEqual(expected);
  });

  it('reads tab-separated values', async () => {
    expect(await records('a\tb\n1\t2\n', 4, '\t')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('caps line length and field count in any chunking, quoted or not, at the limits exactly', async () => {
    const parse = async (text: string, size: number) => {
      const out: string[][] = [];
      const limits = { maxLineChars: 20, maxColumns: 4 };
      for await (const r of parseDelimited(decodeUtf8(chunksOf(text, size)), ',', 'f', limits)) {
        out.push(r.fields);
      }
      return out;
    };
    const long = 'x'.repeat(21);
    for (const size of [1, 3, 7, 1000]) {
      // Four fields and 20 characters are allowed; one more of either is refused.
      expect(await parse('a,b,c,d\n"1234567890123456789,"\n', size)).toEqual([
        ['a', 'b', 'c', 'd'],
        ['1234567890123456789,'],
      ]);
      for (const bad of ['a,b,c,d,e\n', 'a,"b",c,d,e\n', `${long}\n`, `"${long}"\n`]) {
        await expect(parse(bad, size)).rejects.toMatchObject({ code: 'too_large' });
      }
    }
  });

  it('refuses a file that ends inside a quoted field (truncated)', async () => {
    await expect(records('a,b\n1,"unfinished')).rejects.toMatchObject({ code: 'truncated' });
  });

  it('refuses bytes that are not UTF-8 (e.g. GBK-encoded Chinese)', async () => {
    const gbk = Uint8Array.from([0x61, 0x2c, 0x62, 0x0a, 0xd6, 0xd0, 0xce, 0xc4, 0x2c, 0x31, 0x0a]);
    const run = async () => {
      for await (const _ of decodeUtf8(chunksOf(gbk, 4))) void _;
    };
    await expect(run()).rejects.toBeInstanceOf(MlError);
    await expect(run()).rejects.toMatchObject({ code: 'bad_encoding' });
  });
});

describe('columns', () => {
  it('detects a header and infers number, boolean and string columns', () => {
    const rows = [
      ['1.5', 'yes', '你好', '3'],
      ['-2e3', 'no', 'world', ''],
    ];
    expect(detectHeader(['x', 'flag', 'text', 'n'], rows)).toBe(true);
    expect(detectHeader(['0.5', 'no', 'a', '1'], rows)).toBe(false);
    const columns = inferColumns(['x', 'flag', 'text', 'n'], rows);
    expect(columns.map((c) => c.type)).toEqual(['number', 'boolean', 'string', 'number']);
    expect(columns[3]!.blankShare).toBe(0.5);
  });

  it('normalises near-duplicate texts to the same string', () => {
    expect(normalizeText('Hello,  WORLD!!')).toBe(normalizeText('hello world'));
    expect(normalizeText('你好，世界')).toBe('你好 世界');
  });

  it('refuses a ragged row with its line number', async () => {
    const source = await openDelimitedSource(chunksOf('a,b\n1,2\n3\n', 5), { name: 'r.csv' });
    const run = async () => {
      for await (const _ of recordsOf(source)) void _;
    };
    await expect(run()).rejects.toMatchObject({
      code: 'ragged_row',
      message: expect.stringContaining('line 3 has 1 fields'),
    });
  });
});
