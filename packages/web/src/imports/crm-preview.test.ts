import { describe, expect, it } from 'vitest';
import { guessMapping, mappedCsv, mappedRows, readCsv, rowErrors } from './crm-preview.ts';

describe('the CRM import preview', () => {
  const text =
    '\uFEFFAccount Name,Lead Source,Amount,Notes\r\n"Jade, River",Partner,"1,200",x\r\n,,,\r\nOak,Direct,90,"said ""hi"""\r\n';

  it('reads quoted fields, doubled quotes and CRLF, and drops blank rows', () => {
    const { header, rows } = readCsv(text);
    expect(header).toEqual(['Account Name', 'Lead Source', 'Amount', 'Notes']);
    expect(rows).toEqual([
      ['Jade, River', 'Partner', '1,200', 'x'],
      ['Oak', 'Direct', '90', 'said "hi"'],
    ]);
  });

  it("guesses each field's column by its name or a CRM's name for it, one column per field", () => {
    const { header } = readCsv(text);
    expect(guessMapping('deals', header)).toEqual({ company: 0, source: 1, value: 2 });
    expect(guessMapping('partners', header)).toEqual({ name: 0 });
    // "Account Name" is both the company and the customer of a deal: the first field takes it.
    expect(guessMapping('deals', ['account name'])).toEqual({ company: 0 });
  });

  it('sends only the mapped columns, under the fields own names', () => {
    const { rows } = readCsv(text);
    const mapping = { name: 0, industries: 3 };
    expect(mappedRows('partners', mapping, rows)).toEqual({
      fields: ['name', 'industries'],
      rows: [
        ['Jade, River', 'x'],
        ['Oak', 'said "hi"'],
      ],
    });
    expect(mappedCsv('partners', mapping, rows)).toBe(
      'name,industries\n"Jade, River",x\nOak,"said ""hi"""',
    );
  });

  it("reads a refusal's rows, ignoring what is not one", () => {
    expect(rowErrors({ errors: [{ row: 3, message: 'tier: bad' }, { row: 'x' }] })).toEqual([
      { row: 3, message: 'tier: bad' },
    ]);
    expect(rowErrors(undefined)).toEqual([]);
  });
});
