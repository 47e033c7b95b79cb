import { describe, expect, it } from 'vitest';
import { readCsv } from './csv.ts';

describe('readCsv', () => {
  it('reads quoted fields, doubled quotes, line breaks in quotes, CRLF and a BOM', async () => {
    const text = '\uFEFF name , region\r\n"Lotus, Ltd","say ""hi""\nthere"\r\n\r\n , \nMaple,NA';
    expect(await readCsv(text)).toEqual({
      header: ['name', 'region'],
      rows: [
        ['Lotus, Ltd', 'say "hi"\nthere'],
        ['Maple', 'NA'],
      ],
    });
  });

  it('refuses a file that ends inside a quoted field', async () => {
    await expect(readCsv('name\n"Lotus')).rejects.toMatchObject({
      code: 'imports.bad_csv',
      status: 400,
    });
  });
});
