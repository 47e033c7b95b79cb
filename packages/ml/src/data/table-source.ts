import { MlError } from '../errors.ts';
import { type ColumnInfo, detectHeader, inferColumns } from './columns.ts';
import {
  DEFAULT_MAX_LINE_CHARS,
  decodeUtf8,
  type LineLimits,
  lineTooLong,
  parseDelimitedBatches,
  readLines,
  sniffDelimiter,
} from './delimited.ts';

export type CellValue = string | number | boolean | null;

/** Records of a CSV, TSV or JSONL file, streamed, with the columns inferred from a sample. */
export interface TableSource {
  name: string;
  columns: ColumnInfo[];
  /** Whether a header row was found (delimited files). */
  header: boolean;
  /** Average bytes a row in the first chunk read (to size tables ahead). */
  bytesPerRow?: number;
  /** The records in batches (one batch per chunk read), each with its 1-based line. */
  batches: AsyncIterable<TableRecord[]>;
}

export interface TableRecord {
  /** Values in the order of the source's columns. */
  fields: CellValue[];
  line: number;
}

/** Every record of a source, one at a time. */
export async function* recordsOf(source: TableSource): AsyncGenerator<TableRecord> {
  for await (const batch of source.batches) yield* batch;
}

export interface DelimitedOptions extends LineLimits {
  /** Source name used in errors and provenance. */
  name: string;
  /** Field delimiter; guessed from the first line when absent. */
  delimiter?: string;
  /** true, false, or 'auto' (default): detect whether the first row names the columns. */
  header?: boolean | 'auto';
  /** Rows read ahead to detect the header and infer column types (default 1000). */
  sampleRows?: number;
}

/** Opens a CSV/TSV byte stream: strict UTF-8, RFC 4180 quoting, typed columns. */
export async function openDelimitedSource(
  chunks: AsyncIterable<Uint8Array>,
  options: DelimitedOptions,
): Promise<TableSource> {
  const text = decodeUtf8(chunks, options.name);
  const peeked = await peekFirstChunk(text, options);
  const firstLine = peeked.first.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = options.delimiter ?? sniffDelimiter(firstLine);
  const batches = parseDelimitedBatches(peeked.stream, delimiter, options.name, options)[
    Symbol.asyncIterator
  ]();
  const sample: { fields: string[]; line: number }[] = [];
  const sampleRows = options.sampleRows ?? 1000;
  // Wide tables sample fewer rows: at most about a million cells are held to infer the types.
  const sampleSize = () =>
    1 + Math.min(sampleRows, Math.max(20, Math.floor(1_000_000 / (sample[0]?.fields.length ?? 1))));
  while (sample.length < sampleSize()) {
    const next = await batches.next();
    if (next.done) break;
    sample.push(...next.value);
  }
  if (sample.length === 0) throw new MlError('empty', `${options.name} has no rows`);
  const first = sample[0]!.fields;
  const header =
    options.header === 'auto' || options.header === undefined
      ? detectHeader(
          first,
          sample.slice(1).map((r) => r.fields),
        )
      : options.header;
  const names = header
    ? first.map((n, i) => n.trim() || `column_${i + 1}`)
    : first.map((_, i) => `column_${i + 1}`);
  const body = header ? sample.slice(1) : sample;
  const columns = inferColumns(
    names,
    body.map((r) => r.fields),
  );
  const width = names.length;
  async function* all() {
    const check = (r: { fields: string[]; line: number }) => {
      if (r.fields.length !== width) {
        throw new MlError(
          'ragged_row',
          `${options.name} line ${r.line} has ${r.fields.length} fields; the header has ${width}. Fix that row (a missing delimiter or an unquoted "${delimiter}") and import again`,
        );
      }
      return r as TableRecord;
    };
    if (body.length > 0) yield body.map(check);
    for (let next = await batches.next(); !next.done; next = await batches.next()) {
      yield next.value.map(check);
    }
  }
  const lines = peeked.first.split('\n').length - 1;
  const bytesPerRow = lines > 1 ? Buffer.byteLength(peeked.first) / lines : undefined;
  return { name: options.name, columns, header, batches: all(), bytesPerRow };
}

/** Opens a JSONL byte stream: one JSON object a line, columns from the sample's keys. */
export async function openJsonlSource(
  chunks: AsyncIterable<Uint8Array>,
  options: { name: string; sampleRows?: number; maxLineChars?: number },
): Promise<TableSource> {
  const lines = readLines(decodeUtf8(chunks, options.name), options)[Symbol.asyncIterator]();
  const parse = (l: { text: string; line: number }) => {
    let value: unknown;
    try {
      value = JSON.parse(l.text);
    } catch {
      throw new MlError(
        'bad_json',
        `${options.name} line ${l.line} is not valid JSON${l.text.length > 0 ? '' : ' (empty)'}; the file may be truncated`,
      );
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      throw new MlError('bad_json', `${options.name} line ${l.line} is not a JSON object`);
    }
    const values: Record<string, CellValue> = {};
    for (const [k, v] of Object.entries(value)) {
      values[k] =
        v === null || ['string', 'number', 'boolean'].includes(typeof v)
          ? (v as CellValue)
          : JSON.stringify(v);
    }
    return { values, line: l.line };
  };
  const sample: { values: Record<string, CellValue>; line: number }[] = [];
  while (sample.length < (options.sampleRows ?? 1000)) {
    const next = await lines.next();
    if (next.done) break;
    if (next.value.text.trim() === '') continue;
    sample.push(parse(next.value));
  }
  if (sample.length === 0) throw new MlError('empty', `${options.name} has no rows`);
  const names = [...new Set(sample.flatMap((r) => Object.keys(r.values)))];
  const columns = inferColumns(
    names,
    sample.map((r) =>
      names.map((n) =>
        r.values[n] === null || r.values[n] === undefined ? '' : String(r.values[n]),
      ),
    ),
  );
  // Keys that the sample did not show are not columns of this source.
  const toRecord = (r: { values: Record<string, CellValue>; line: number }): TableRecord => ({
    fields: names.map((n) => r.values[n] ?? null),
    line: r.line,
  });
  async function* all() {
    yield sample.map(toRecord);
    let batch: TableRecord[] = [];
    for (let next = await lines.next(); !next.done; next = await lines.next()) {
      if (next.value.text.trim() !== '') batch.push(toRecord(parse(next.value)));
      if (batch.length >= 1000) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  }
  return { name: options.name, columns, header: true, batches: all() };
}

/** Reads up to the first line break (never past the line limit) to sniff the delimiter. */
async function peekFirstChunk(
  text: AsyncIterable<string>,
  options: { name: string; maxLineChars?: number },
) {
  const maxLine = options.maxLineChars ?? DEFAULT_MAX_LINE_CHARS;
  const it = text[Symbol.asyncIterator]();
  let first = '';
  const buffered: string[] = [];
  for (;;) {
    const next = await it.next();
    if (next.done) break;
    buffered.push(next.value);
    first += next.value;
    if (next.value.includes('\n')) break;
    if (first.length > maxLine) {
      // Close the file (and its gunzip) now rather than when the stream is collected.
      await it.return?.();
      throw lineTooLong(options.name, 1, maxLine);
    }
  }
  async function* stream() {
    yield* buffered;
    for (let next = await it.next(); !next.done; next = await it.next()) yield next.value;
  }
  return { first, stream: stream() };
}
