import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

/** First bytes of a model bundle file (`.qudao-model`). */
const MAGIC = Buffer.from('QUDAOMV1');

export interface BundleHeader {
  /** Whatever the registry stores about the version (lineage, metrics, signature, card). */
  metadata: unknown;
  files: { name: string; bytes: number; sha256: string }[];
}

/** Most files a bundle may hold: an artifact folder has four at most today. */
const MAX_FILES = 64;

/**
 * The header as read from a file: plain names only (never `.`, `..` or a path), each once,
 * with a size and a sha256, so nothing in a crafted bundle can reach outside the folder.
 */
const HeaderSchema = z.object({
  metadata: z.unknown(),
  files: z
    .array(
      z.object({
        name: z
          .string()
          .max(100)
          .regex(/^[\w-][\w.-]*$/, 'a plain file name'),
        bytes: z.number().int().nonnegative(),
        sha256: z.string().regex(/^[0-9a-f]{64}$/, 'a sha256 in hex'),
      }),
    )
    .max(MAX_FILES),
});

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
  let json: unknown;
  try {
    json = JSON.parse(buf.subarray(12, 12 + length).toString('utf8'));
  } catch {
    throw new BundleError('the bundle header is not valid JSON');
  }
  const parsed = HeaderSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new BundleError(
      `the bundle header is malformed (${issue.path.join('.') || 'header'}: ${issue.message})`,
    );
  }
  const header = parsed.data;
  const names = new Set(header.files.map((f) => f.name));
  if (names.size !== header.files.length) {
    throw new BundleError('the bundle holds a file name twice');
  }
  const expected = 12 + length + header.files.reduce((n, f) => n + f.bytes, 0);
  if (expected !== buf.byteLength) {
    throw new BundleError(
      expected > buf.byteLength
        ? 'the bundle is cut short in its files'
        : 'the bundle holds bytes after its last file',
    );
  }
  await mkdir(dir, { recursive: true });
  let offset = 12 + length;
  for (const file of header.files) {
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
