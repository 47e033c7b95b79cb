import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** First bytes of a model bundle file (`.qudao-model`). */
const MAGIC = Buffer.from('QUDAOMV1');

export interface BundleHeader {
  /** Whatever the registry stores about the version (lineage, metrics, signature, card). */
  metadata: unknown;
  files: { name: string; bytes: number; sha256: string }[];
}

/** A bundle that is not one, is cut short or whose files do not match their hashes. */
export class BundleError extends Error {
  readonly code = 'registry.bad_bundle';
  constructor(message: string) {
    super(message);
    this.name = 'BundleError';
  }
}

/**
 * Packs every file of an artifact folder and the version's metadata into one file:
 * magic, header length (uint32 LE), header JSON, then the files' bytes in header order.
 */
export async function packBundle(dir: string, metadata: unknown): Promise<Buffer> {
  const names = (await readdir(dir, { withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => e.name)
    .sort();
  const contents = await Promise.all(names.map((n) => readFile(path.join(dir, n))));
  const header: BundleHeader = {
    metadata,
    files: names.map((name, i) => ({
      name,
      bytes: contents[i]!.byteLength,
      sha256: createHash('sha256').update(contents[i]!).digest('hex'),
    })),
  };
  const json = Buffer.from(JSON.stringify(header));
  const length = Buffer.alloc(4);
  length.writeUInt32LE(json.byteLength);
  return Buffer.concat([MAGIC, length, json, ...contents]);
}

/** Unpacks a bundle into `dir` (created), checking every file's hash; returns the header. */
export async function unpackBundle(bundle: Uint8Array, dir: string): Promise<BundleHeader> {
  const buf = Buffer.from(bundle.buffer, bundle.byteOffset, bundle.byteLength);
  if (buf.byteLength < 12 || !buf.subarray(0, 8).equals(MAGIC)) {
    throw new BundleError('not a Qudao model bundle (it does not start with QUDAOMV1)');
  }
  const length = buf.readUInt32LE(8);
  if (12 + length > buf.byteLength) throw new BundleError('the bundle is cut short in its header');
  let header: BundleHeader;
  try {
    header = JSON.parse(buf.subarray(12, 12 + length).toString('utf8')) as BundleHeader;
  } catch {
    throw new BundleError('the bundle header is not valid JSON');
  }
  await mkdir(dir, { recursive: true });
  let offset = 12 + length;
  for (const file of header.files ?? []) {
    if (!/^[\w.-]+$/.test(file.name))
      throw new BundleError(`the bundle holds a bad file name "${file.name}"`);
    const bytes = buf.subarray(offset, offset + file.bytes);
    if (bytes.byteLength !== file.bytes)
      throw new BundleError(`the bundle is cut short in ${file.name}`);
    if (createHash('sha256').update(bytes).digest('hex') !== file.sha256) {
      throw new BundleError(`${file.name} in the bundle does not match its hash`);
    }
    await writeFile(path.join(dir, file.name), bytes);
    offset += file.bytes;
  }
  return header;
}
