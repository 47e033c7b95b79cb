import { isMlError, parseDelimited } from '@qudao/ml';
import { importErrors } from './imports.errors.ts';

async function* once(text: string): AsyncGenerator<string> {
  yield text;
}

/**
 * Reads a CRM export (RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF) with ml's
 * delimited parser, the platform's one CSV reader. The first row is the header (trimmed);
 * rows whose fields are all blank are skipped. An unclosed quote is `imports.bad_csv`.
 */
export async function readCsv(text: string): Promise<{ header: string[]; rows: string[][] }> {
  const records: string[][] = [];
  try {
    for await (const { fields } of parseDelimited(
      once(text.replace(/^\uFEFF/, '')),
      ',',
      'the CSV',
    )) {
      if (fields.some((f) => f.trim() !== '')) records.push(fields);
    }
  } catch (error) {
    if (isMlError(error)) throw importErrors.badCsv(error.message);
    throw error;
  }
  const [header = [], ...rows] = records;
  return { header: header.map((h) => h.trim()), rows };
}
