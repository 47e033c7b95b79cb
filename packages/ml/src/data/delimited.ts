import { MlError } from '../errors.ts';

/** Decodes a byte stream as strict UTF-8 (a BOM is dropped), failing on the first bad byte. */
export async function* decodeUtf8(
  chunks: AsyncIterable<Uint8Array>,
  name = 'the file',
): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  let offset = 0;
  for await (const chunk of chunks) {
    try {
      yield decoder.decode(chunk, { stream: true });
    } catch {
      throw new MlError(
        'bad_encoding',
        `${name} is not valid UTF-8 (near byte ${offset}); save it as UTF-8 and import it again`,
      );
    }
    offset += chunk.length;
  }
  try {
    const tail = decoder.decode();
    if (tail) yield tail;
  } catch {
    throw new MlError('bad_encoding', `${name} ends inside a UTF-8 character`);
  }
}

/**
 * Caps on one record, checked while streaming: without them one line of 150 million commas
 * holds a core for minutes and gigabytes of memory before any row is seen.
 */
export interface LineLimits {
  /** The longest line (record) in characters (default 8 Mi; the server's QUDAO_MAX_LINE_CHARS). */
  maxLineChars?: number;
  /** The most fields a record may have (default 20,000; the server's QUDAO_MAX_COLUMNS). */
  maxColumns?: number;
}

export const DEFAULT_MAX_LINE_CHARS = 8 * 1024 * 1024;
export const DEFAULT_MAX_COLUMNS = 20_000;

export function lineTooLong(name: string, line: number, max: number): MlError {
  return new MlError(
    'too_large',
    `${name} line ${line} is longer than ${max} characters, the most a line may have (QUDAO_MAX_LINE_CHARS); check the file (a missing line break?) or raise the limit`,
  );
}

function tooManyFields(name: string, line: number, max: number): MlError {
  return new MlError(
    'too_large',
    `${name} line ${line} has more than ${max} fields, the most a row may have (QUDAO_MAX_COLUMNS); check the delimiter or raise the limit`,
  );
}

/** Whether s[from, to) holds more than `max` delimiters; stops counting past max. */
function moreDelimitersThan(s: string, delimiter: string, from: number, to: number, max: number) {
  let count = 0;
  for (let i = s.indexOf(delimiter, from); i >= 0 && i < to; i = s.indexOf(delimiter, i + 1)) {
    if (++count > max) return true;
  }
  return false;
}

export interface DelimitedRecord {
  fields: string[];
  /** 1-based line on which the record starts. */
  line: number;
}

/**
 * Streams RFC 4180 records out of text chunks: quoted fields with doubled quotes, delimiters
 * and line breaks inside quotes, LF or CRLF endings. Blank lines are skipped. A quote left
 * open at the end of the input means the file is truncated.
 */
export async function* parseDelimited(
  text: AsyncIterable<string>,
  delimiter: string,
  name = 'the file',
  limits: LineLimits = {},
): AsyncGenerator<DelimitedRecord> {
  for await (const batch of parseDelimitedBatches(text, delimiter, name, limits)) yield* batch;
}

/** `parseDelimited` in batches (one per input chunk): far fewer async steps for big files. */
export async function* parseDelimitedBatches(
  text: AsyncIterable<string>,
  delimiter: string,
  name = 'the file',
  limits: LineLimits = {},
): AsyncGenerator<DelimitedRecord[]> {
  const maxLine = limits.maxLineChars ?? DEFAULT_MAX_LINE_CHARS;
  const maxColumns = limits.maxColumns ?? DEFAULT_MAX_COLUMNS;
  const d = delimiter.charCodeAt(0);
  let fields: string[] = [];
  let field = '';
  let inQuotes = false;
  let afterQuote = false;
  let line = 1;
  let start = 1;
  let pending = '';
  // Characters of the record being read outside `field` (its finished fields).
  let recordChars = 0;
  /** `fieldsAtLeast`: how many fields the record has for sure (one more after a delimiter). */
  const checkRecord = (fieldsAtLeast = fields.length + 1) => {
    if (fieldsAtLeast > maxColumns) throw tooManyFields(name, start, maxColumns);
    if (recordChars + field.length > maxLine) throw lineTooLong(name, start, maxLine);
  };
  for await (const chunk of text) {
    const batch: DelimitedRecord[] = [];
    const s = pending + chunk;
    pending = '';
    let i = 0;
    const n = s.length;
    let nextQuote = s.indexOf('"');
    while (i < n) {
      // Fast path: a whole line without quotes at the start of a record is split natively.
      if (!inQuotes && fields.length === 0 && field === '' && !afterQuote) {
        const nl = s.indexOf('\n', i);
        if (nl >= 0) {
          if (nextQuote >= 0 && nextQuote < i) nextQuote = s.indexOf('"', i);
          if (nextQuote < 0 || nextQuote > nl) {
            const end = nl > i && s.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
            if (end - i > maxLine) throw lineTooLong(name, start, maxLine);
            if (moreDelimitersThan(s, delimiter, i, end, maxColumns - 1)) {
              throw tooManyFields(name, start, maxColumns);
            }
            if (end > i) batch.push({ fields: s.slice(i, end).split(delimiter), line: start });
            i = nl + 1;
            line++;
            start = line;
            continue;
          }
        }
      }
      if (inQuotes) {
        const q = s.indexOf('"', i);
        if (q < 0) {
          field += s.slice(i);
          checkRecord();
          line += countNewlines(s, i, n);
          i = n;
          break;
        }
        line += countNewlines(s, i, q);
        field += s.slice(i, q);
        checkRecord();
        if (q + 1 >= n) {
          // A quote at the end of a chunk: decide once the next chunk shows what follows.
          pending = '"';
          i = n;
          break;
        }
        if (s.charCodeAt(q + 1) === 34) {
          field += '"';
          i = q + 2;
        } else {
          inQuotes = false;
          afterQuote = true;
          i = q + 1;
        }
        continue;
      }
      const c = s.charCodeAt(i);
      if (c === d) {
        checkRecord(fields.length + 2);
        recordChars += field.length + 1;
        fields.push(field);
        field = '';
        afterQuote = false;
        i++;
      } else if (c === 10 || c === 13) {
        if (c === 13 && i + 1 < n && s.charCodeAt(i + 1) === 10) i++;
        else if (c === 13 && i + 1 >= n) {
          pending = '\r';
          i = n;
          break;
        }
        i++;
        if (fields.length > 0 || field !== '' || afterQuote) {
          fields.push(field);
          batch.push({ fields, line: start });
        }
        fields = [];
        field = '';
        recordChars = 0;
        afterQuote = false;
        line++;
        start = line;
      } else if (c === 34 && field === '' && !afterQuote) {
        inQuotes = true;
        i++;
      } else {
        // Unquoted run up to the next delimiter or line break.
        let j = i + 1;
        while (j < n) {
          const cj = s.charCodeAt(j);
          if (cj === d || cj === 10 || cj === 13) break;
          j++;
        }
        field += s.slice(i, j);
        checkRecord();
        i = j;
      }
    }
    if (batch.length > 0) yield batch;
  }
  if (pending === '"') {
    inQuotes = false;
    afterQuote = true;
  }
  if (inQuotes) {
    throw new MlError(
      'truncated',
      `${name} ends inside a quoted field that starts on line ${start}: the file is truncated or a quote is not closed`,
    );
  }
  if (fields.length > 0 || field !== '' || afterQuote) {
    fields.push(field);
    yield [{ fields, line: start }];
  }
}

function countNewlines(s: string, from: number, to: number): number {
  let count = 0;
  for (let i = s.indexOf('\n', from); i >= 0 && i < to; i = s.indexOf('\n', i + 1)) count++;
  return count;
}

/** Splits a text stream into lines (LF or CRLF), with 1-based line numbers. */
export async function* readLines(
  text: AsyncIterable<string>,
  options: { name?: string; maxLineChars?: number } = {},
): AsyncGenerator<{ text: string; line: number }> {
  const maxLine = options.maxLineChars ?? DEFAULT_MAX_LINE_CHARS;
  let rest = '';
  let line = 0;
  for await (const chunk of text) {
    const s = rest + chunk;
    let from = 0;
    for (let nl = s.indexOf('\n', from); nl >= 0; nl = s.indexOf('\n', from)) {
      line++;
      if (nl - from > maxLine) throw lineTooLong(options.name ?? 'the file', line, maxLine);
      const end = nl > from && s.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      yield { text: s.slice(from, end), line };
      from = nl + 1;
    }
    rest = s.slice(from);
    if (rest.length > maxLine) throw lineTooLong(options.name ?? 'the file', line + 1, maxLine);
  }
  if (rest !== '') yield { text: rest.endsWith('\r') ? rest.slice(0, -1) : rest, line: line + 1 };
}

/** Guesses the delimiter from the first line: tab, semicolon or comma, whichever is most common. */
export function sniffDelimiter(firstLine: string): string {
  // The start of the line tells: a line of millions of fields need not be split four times.
  const head = firstLine.slice(0, 65_536);
  const counts = ['\t', ';', ',', '|'].map((d) => ({ d, n: head.split(d).length - 1 }));
  counts.sort((a, b) => b.n - a.n);
  return counts[0]!.n > 0 ? counts[0]!.d : ',';
}
