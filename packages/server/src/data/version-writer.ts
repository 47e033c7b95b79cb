import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { type ClassLabels, MAX_CLASSES, tooManyClasses, UNLABELED } from '@qudao/ml';
import { fromMlError } from '../shared/ml-errors.ts';
import { BufferedFile, encodeLabels, FILES } from './dataset-files.ts';

/** What a version holds besides its rows: the kind and the meaning of its columns. */
export type VersionSchema =
  | { kind: 'image'; shape: [number, number, number]; classes: string[]; sources?: string[] }
  | {
      kind: 'tabular';
      columns: string[];
      task: 'regression' | 'classification';
      targetName: string;
      classes: string[];
      sources?: string[];
    }
  | { kind: 'text'; classes: string[]; sources?: string[] };

/** One row on its way into a version: features (tabular) or text, and its label or target. */
export interface RowInput {
  features?: ArrayLike<number>;
  text?: string;
  /** Class name (classification); null for a row still to be labelled. */
  label?: string | null;
  /** Numeric target (regression). */
  target?: number;
  /** Index into the version's sources, and the row number there (provenance). */
  source?: number;
  sourceRow?: number;
}

class Growable<T extends Uint8Array | Uint16Array | Uint32Array | Float32Array> {
  length = 0;
  constructor(private data: T) {}
  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = new (this.data.constructor as new (n: number) => T)(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }
  values(): T {
    return this.data.subarray(0, this.length) as T;
  }
  /** Keeps the values whose index passes `keep`, in order. */
  filter(keep: (index: number) => boolean): void {
    let j = 0;
    for (let i = 0; i < this.length; i++) if (keep(i)) this.data[j++] = this.data[i]!;
    this.length = j;
  }
}

/**
 * Streams the rows of a tabular or text version into a staging folder: the large payload
 * (features, texts) goes to disk as it comes; labels, targets and provenance (a few bytes a
 * row) stay in memory until `finish`, which sorts the classes and writes the rest.
 */
export class VersionWriter {
  private readonly payload: BufferedFile;
  private readonly labels = new Growable(new Uint16Array(1024));
  private readonly targets = new Growable(new Float32Array(1024));
  private readonly sources = new Growable(new Uint16Array(1024));
  private readonly sourceRows = new Growable(new Uint32Array(1024));
  private readonly classIndex = new Map<string, number>();
  private width = -1;
  rowCount = 0;

  constructor(
    readonly staging: string,
    readonly kind: 'tabular' | 'text',
  ) {
    this.payload = new BufferedFile(
      path.join(staging, kind === 'tabular' ? FILES.features : FILES.texts),
    );
  }

  async append(row: RowInput): Promise<void> {
    if (this.kind === 'tabular') {
      const values = row.features!;
      if (this.width < 0) this.width = values.length;
      if (values.length !== this.width) {
        throw new RangeError(`row has ${values.length} features; expected ${this.width}`);
      }
      const bytes = Float32Array.from(values);
      await this.payload.write(new Uint8Array(bytes.buffer));
    } else {
      await this.payload.writeString(`${JSON.stringify(row.text ?? '')}\n`);
    }
    if (row.label === null) this.labels.push(UNLABELED);
    else if (row.label !== undefined) {
      let index = this.classIndex.get(row.label);
      if (index === undefined) {
        index = this.classIndex.size;
        // A class past the limit is refused with its code (never a wrapped or reused index).
        if (index >= MAX_CLASSES) throw fromMlError(tooManyClasses(index + 1, 'the table'));
        this.classIndex.set(row.label, index);
      }
      this.labels.push(index);
    }
    if (row.target !== undefined) this.targets.push(row.target);
    if (row.source !== undefined) this.sources.push(row.source);
    if (row.sourceRow !== undefined) this.sourceRows.push(row.sourceRow);
    this.rowCount++;
  }

  /**
   * Closes the payload, writes labels (classes in natural order) or targets and provenance,
   * and returns the content hash over the schema and every file.
   */
  async finish(
    schema: VersionSchema,
    remove?: { rows: Set<number>; onRemoved: (row: RemovedRow) => Promise<void> },
  ): Promise<{ hash: string; labels?: ClassLabels; target?: Float32Array; schema: VersionSchema }> {
    let payloadHash = await this.payload.close();
    if (remove && remove.rows.size > 0)
      payloadHash = await this.removeRows(remove.rows, remove.onRemoved);
    const hash = createHash('sha256');
    let labels: ClassLabels | undefined;
    let labelBytes: Uint8Array | undefined;
    let finalSchema = schema;
    if (this.labels.length > 0) {
      const raw0 = this.labels.values();
      const used = new Set<number>();
      for (const l of raw0) used.add(l);
      const classes = sortClasses([...this.classIndex.keys()].filter((_, i) => used.has(i)));
      const remap = [...this.classIndex.keys()].map((c) => classes.indexOf(c));
      labels = new Uint16Array(this.labels.length);
      const raw = this.labels.values();
      for (let i = 0; i < raw.length; i++) {
        labels[i] = raw[i] === UNLABELED ? UNLABELED : remap[raw[i]!]!;
      }
      finalSchema = { ...schema, classes };
      const stored = encodeLabels(labels, classes.length);
      labelBytes = stored.bytes;
      await writeFile(path.join(this.staging, stored.file), stored.bytes);
    }
    hash.update(JSON.stringify(finalSchema)).update(payloadHash);
    if (labelBytes) hash.update(labelBytes);
    let target: Float32Array | undefined;
    if (this.targets.length > 0) {
      target = this.targets.values();
      const bytes = new Uint8Array(target.buffer, target.byteOffset, target.byteLength);
      hash.update(bytes);
      await writeFile(path.join(this.staging, FILES.target), bytes);
    }
    for (const [file, values] of [
      [FILES.sources, this.sources.values()],
      [FILES.sourceRows, this.sourceRows.values()],
    ] as const) {
      if (values.length === 0) continue;
      const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
      hash.update(bytes);
      await writeFile(path.join(this.staging, file), bytes);
    }
    return { hash: hash.digest('hex'), labels, target, schema: finalSchema };
  }

  async abort(): Promise<void> {
    await this.payload.abort();
  }

  private className(index: number): string | null {
    if (index === UNLABELED) return null;
    return [...this.classIndex.keys()][index] ?? null;
  }

  /** Rewrites the payload and the per-row arrays without `rows`; returns the new payload hash. */
  private async removeRows(
    rows: Set<number>,
    onRemoved: (row: RemovedRow) => Promise<void>,
  ): Promise<string> {
    const file = this.payload.file;
    const old = `${file}.old`;
    await rename(file, old);
    const out = new BufferedFile(file);
    const labels = this.labels.values();
    const targets = this.targets.values();
    const sources = this.sources.values();
    const sourceRows = this.sourceRows.values();
    const keep = (i: number) => !rows.has(i);
    let kept = 0;
    const describe = (i: number, content: unknown): RemovedRow => ({
      row: i,
      content,
      label: labels.length ? this.className(labels[i]!) : undefined,
      target: targets.length ? targets[i] : undefined,
      source: sources.length ? sources[i] : undefined,
      sourceRow: sourceRows.length ? sourceRows[i] : undefined,
    });
    let i = 0;
    if (this.kind === 'tabular') {
      const rowBytes = this.width * 4;
      const stream = createReadStream(old, { highWaterMark: rowBytes * 4096 });
      let carry = Buffer.alloc(0);
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        const buf = carry.length ? Buffer.concat([carry, chunk]) : chunk;
        let off = 0;
        for (; off + rowBytes <= buf.length; off += rowBytes, i++) {
          const bytes = buf.subarray(off, off + rowBytes);
          if (keep(i)) await out.write(bytes);
          else {
            const copy = new Uint8Array(bytes);
            await onRemoved(describe(i, Array.from(new Float32Array(copy.buffer))));
          }
        }
        carry = Buffer.from(buf.subarray(off));
      }
    } else {
      const lines = createInterface({ input: createReadStream(old), crlfDelay: Infinity });
      for await (const line of lines) {
        if (keep(i)) await out.writeString(`${line}\n`);
        else await onRemoved(describe(i, JSON.parse(line)));
        i++;
      }
    }
    const hash = await out.close();
    await rm(old);
    const compact = <T extends Uint8Array | Uint16Array | Uint32Array | Float32Array>(
      g: Growable<T>,
    ) => g.filter(keep);
    compact(this.labels);
    compact(this.targets);
    compact(this.sources);
    compact(this.sourceRows);
    for (let r = 0; r < this.rowCount; r++) if (keep(r)) kept++;
    this.rowCount = kept;
    return hash;
  }
}

/** A row taken out of a staged version (a later row contradicted its label). */
export interface RemovedRow {
  row: number;
  content: unknown;
  label?: string | null;
  target?: number;
  source?: number;
  sourceRow?: number;
}

/** Numeric class names in numeric order, others alphabetically. */
export function sortClasses(classes: string[]): string[] {
  const numeric = classes.every((c) => c.trim() !== '' && Number.isFinite(Number(c)));
  return [...classes].sort(
    numeric ? (a, b) => Number(a) - Number(b) : (a, b) => (a < b ? -1 : a > b ? 1 : 0),
  );
}
