import { createHash, type Hash } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type ClassLabels, type ImageDataset, UNLABELED } from '@qudao/ml';
import { newId } from '../shared/ids.ts';

/** The files of one immutable dataset version on disk. */
export const FILES = {
  images: 'images.u8',
  features: 'features.f32',
  texts: 'texts.jsonl',
  /** One byte a row while a version has at most 255 classes (255: unlabelled)… */
  labels: 'labels.u8',
  /** …two bytes a row (little-endian; 65,535: unlabelled) beyond that. */
  wideLabels: 'labels.u16',
  target: 'target.f32',
  split: 'split.u8',
  sources: 'sources.u16',
  sourceRows: 'source-rows.u32',
  report: 'cleaning-report.json',
  dropped: 'dropped.jsonl',
} as const;

/** The byte form's marker of an unlabelled row. */
const UNLABELED_BYTE = 255;

/**
 * The stored form of a version's labels: a byte a row (`labels.u8`, the format of every version
 * with at most 255 classes, so their files and content hashes are what they always were), or
 * two bytes a row (`labels.u16`) for more classes.
 */
export function encodeLabels(
  labels: ClassLabels,
  classCount: number,
): { file: string; bytes: Uint8Array } {
  if (classCount <= UNLABELED_BYTE) {
    const bytes = new Uint8Array(labels.length);
    for (let i = 0; i < labels.length; i++) {
      bytes[i] = labels[i] === UNLABELED ? UNLABELED_BYTE : labels[i]!;
    }
    return { file: FILES.labels, bytes };
  }
  const wide = new Uint16Array(labels);
  return {
    file: FILES.wideLabels,
    bytes: new Uint8Array(wide.buffer, wide.byteOffset, wide.byteLength),
  };
}

/** Labels read back from either stored form. */
export function decodeLabels(bytes: Uint8Array, file: string): ClassLabels {
  if (file === FILES.wideLabels) return new Uint16Array(toUint16(bytes));
  return Uint16Array.from(bytes, (b) => (b === UNLABELED_BYTE ? UNLABELED : b));
}

/** Content hash of an image dataset: sha256 over shape, classes, pixels and stored labels. */
export function hashImageDataset(dataset: ImageDataset): string {
  return createHash('sha256')
    .update(JSON.stringify({ shape: dataset.shape, classes: dataset.classes }))
    .update(dataset.images)
    .update(encodeLabels(dataset.labels, dataset.classes.length).bytes)
    .digest('hex');
}

/** A fresh staging folder under the workspace's tmp; versions are built there, then renamed. */
export async function createStaging(stagingRoot: string): Promise<string> {
  const staging = path.join(stagingRoot, `dataset-${newId('stg')}`);
  await mkdir(staging, { recursive: true });
  return staging;
}

/** Moves a finished staging folder into place as the version's folder. */
export async function publishStaging(staging: string, finalDir: string): Promise<void> {
  await mkdir(path.dirname(finalDir), { recursive: true });
  await rm(finalDir, { recursive: true, force: true });
  await rename(staging, finalDir);
}

/** Writes an in-memory image dataset's files into a staging folder. */
export async function writeImageFiles(staging: string, dataset: ImageDataset): Promise<void> {
  await writeFile(path.join(staging, FILES.images), dataset.images);
  const labels = encodeLabels(dataset.labels, dataset.classes.length);
  await writeFile(path.join(staging, labels.file), labels.bytes);
}

/**
 * An append-only file with a write buffer and a running sha256, so millions of small rows
 * stream to disk in large writes and honour the stream's back-pressure.
 */
export class BufferedFile {
  private readonly stream: WriteStream;
  private buffer: Buffer;
  private used = 0;
  private readonly hash: Hash = createHash('sha256');
  bytes = 0;

  constructor(
    readonly file: string,
    capacity = 1 << 20,
  ) {
    // A deep queue lets parsing go on while the disk writes; back-pressure only past 16 MB.
    this.stream = createWriteStream(file, { highWaterMark: 16 << 20 });
    this.buffer = Buffer.allocUnsafe(capacity);
  }

  /** Appends bytes; resolves at once unless the buffer had to be flushed. */
  async write(bytes: Uint8Array): Promise<void> {
    if (this.used + bytes.length > this.buffer.length) await this.flush();
    if (bytes.length > this.buffer.length) {
      await this.push(Buffer.from(bytes));
      return;
    }
    this.buffer.set(bytes, this.used);
    this.used += bytes.length;
  }

  /** True when the next `size` bytes would not fit without a flush. */
  wouldFlush(size: number): boolean {
    return this.used + size > this.buffer.length;
  }

  async writeString(text: string): Promise<void> {
    await this.write(Buffer.from(text, 'utf8'));
  }

  async flush(): Promise<void> {
    if (this.used === 0) return;
    const chunk = Buffer.from(this.buffer.subarray(0, this.used));
    this.used = 0;
    await this.push(chunk);
  }

  private async push(chunk: Buffer): Promise<void> {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }

  /** Flushes, closes, and returns the sha256 of everything written. */
  async close(): Promise<string> {
    await this.flush();
    await new Promise<void>((resolve, reject) => {
      this.stream.once('error', reject);
      this.stream.end(resolve);
    });
    return this.hash.digest('hex');
  }

  /** Closes without caring about the content (on failure). */
  async abort(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.stream.once('error', () => resolve());
      this.stream.end(resolve);
    });
  }
}

async function readBytes(dir: string, file: string): Promise<Uint8Array | undefined> {
  try {
    const bytes = await readFile(path.join(dir, file));
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Reads whatever files a version folder has; missing optional files are undefined. */
export async function readVersionFiles(dir: string) {
  const [images, features, texts, labels, wideLabels, target, split, sources] = await Promise.all([
    readBytes(dir, FILES.images),
    readBytes(dir, FILES.features),
    readBytes(dir, FILES.texts),
    readBytes(dir, FILES.labels),
    readBytes(dir, FILES.wideLabels),
    readBytes(dir, FILES.target),
    readBytes(dir, FILES.split),
    readBytes(dir, FILES.sources),
  ]);
  return {
    images,
    features: features ? toFloat32(features) : undefined,
    texts: texts ? parseTexts(texts) : undefined,
    labels: wideLabels
      ? decodeLabels(wideLabels, FILES.wideLabels)
      : labels
        ? decodeLabels(labels, FILES.labels)
        : undefined,
    target: target ? toFloat32(target) : undefined,
    split: split ?? new Uint8Array(0),
    sources: sources ? toUint16(sources) : undefined,
  };
}

function copy(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset % 4 === 0 ? bytes : new Uint8Array(bytes);
}

function toUint16(bytes: Uint8Array): Uint16Array {
  const aligned = copy(bytes);
  return new Uint16Array(aligned.buffer, aligned.byteOffset, aligned.byteLength / 2);
}

function toFloat32(bytes: Uint8Array): Float32Array {
  const aligned = copy(bytes);
  return new Float32Array(aligned.buffer, aligned.byteOffset, aligned.byteLength / 4);
}

function parseTexts(bytes: Uint8Array): string[] {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  if (text.length === 0) return [];
  return text
    .slice(0, text.endsWith('\n') ? -1 : undefined)
    .split('\n')
    .map((line) => JSON.parse(line) as string);
}
