import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import { dataErrors } from './data.errors.ts';
import { EXPANSION_GRACE, type ImportLimits, MAX_EXPANSION } from './file-source.ts';

export function isZip(file: string): boolean {
  return file.toLowerCase().endsWith('.zip');
}

const bad = (file: string, why: string) => dataErrors.badArchive(path.basename(file), why);
const tooLarge = (file: string, why: string) =>
  dataErrors.tooLarge(`${path.basename(file)} ${why}; refusing it as a possible zip bomb`);

/**
 * Unpacks a ZIP archive into a new folder under `tmpDir`, streaming each entry to disk. Refused
 * (`data.bad_archive`): entries whose path leaves the folder (`../`, absolute), links, encrypted
 * or damaged entries. Refused (`data.too_large`): more than `QUDAO_MAX_IMPORT_ENTRIES` entries,
 * more than `QUDAO_MAX_IMPORT_BYTES` unpacked, or more than 200 times the archive's size — the
 * bytes actually inflated are counted, not the sizes the archive claims. On any error the
 * folder is removed. Returns the folder; the caller removes it when done.
 */
export async function unpackZip(
  file: string,
  tmpDir: string,
  limits: Pick<ImportLimits, 'maxImportBytes' | 'maxImportEntries'>,
): Promise<string> {
  const limit = limits.maxImportBytes;
  const maxEntries = limits.maxImportEntries;
  const size = (await stat(file)).size;
  await mkdir(tmpDir, { recursive: true });
  const dest = await mkdtemp(path.join(tmpDir, 'unzip-'));
  let zip: yauzl.ZipFile | undefined;
  try {
    zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
      yauzl.open(file, { lazyEntries: true, autoClose: false, strictFileNames: true }, (e, z) =>
        e ? reject(bad(file, `not a readable ZIP archive (${e.message})`)) : resolve(z!),
      ),
    );
    if (zip.entryCount > maxEntries) {
      throw tooLarge(file, `holds ${zip.entryCount} entries, more than ${maxEntries}`);
    }
    let total = 0;
    const count = (n: number) => {
      total += n;
      if (total > limit)
        throw tooLarge(file, `unpacks to more than ${limit} bytes (QUDAO_MAX_IMPORT_BYTES)`);
      if (total > EXPANSION_GRACE && total > size * MAX_EXPANSION) {
        throw tooLarge(file, `unpacks to more than ${MAX_EXPANSION} times its size`);
      }
    };
    for (;;) {
      const entry = await nextEntry(zip, file);
      if (!entry) break;
      const name = entry.fileName;
      if (name.startsWith('__MACOSX/') || path.posix.basename(name) === '.DS_Store') continue;
      const target = path.resolve(dest, name);
      if (
        path.isAbsolute(name) ||
        name.split(/[\\/]/).includes('..') ||
        !target.startsWith(dest + path.sep)
      ) {
        throw bad(file, `entry "${name}" points outside the archive's folder`);
      }
      // Unix mode in the high bits of the external attributes: refuse symbolic links.
      if (((entry.externalFileAttributes >>> 16) & 0o170000) === 0o120000) {
        throw bad(file, `entry "${name}" is a symbolic link`);
      }
      if (name.endsWith('/')) {
        await mkdir(target, { recursive: true });
        continue;
      }
      if (entry.isEncrypted()) throw bad(file, `entry "${name}" is encrypted`);
      if (entry.uncompressedSize > limit) {
        throw tooLarge(file, `declares an entry of ${entry.uncompressedSize} bytes`);
      }
      await mkdir(path.dirname(target), { recursive: true });
      const input = await openEntry(zip, entry, file);
      const meter = new Transform({
        transform(chunk: Buffer, _enc, done) {
          try {
            count(chunk.length);
            done(null, chunk);
          } catch (error) {
            done(error as Error);
          }
        },
      });
      try {
        await pipeline(input, meter, createWriteStream(target));
      } catch (error) {
        if ((error as { code?: string }).code?.startsWith('data.')) throw error;
        throw bad(file, `entry "${name}" is damaged (${(error as Error).message})`);
      }
    }
    return dest;
  } catch (error) {
    await rm(dest, { recursive: true, force: true });
    throw error;
  } finally {
    zip?.close();
  }
}

function nextEntry(zip: yauzl.ZipFile, file: string): Promise<yauzl.Entry | null> {
  return new Promise((resolve, reject) => {
    const settle = (fn: () => void) => {
      zip.off('entry', onEntry);
      zip.off('end', onEnd);
      zip.off('error', onError);
      fn();
    };
    const onEntry = (entry: yauzl.Entry) => settle(() => resolve(entry));
    const onEnd = () => settle(() => resolve(null));
    const onError = (e: Error) => settle(() => reject(bad(file, `damaged (${e.message})`)));
    zip.on('entry', onEntry);
    zip.on('end', onEnd);
    zip.on('error', onError);
    zip.readEntry();
  });
}

function openEntry(zip: yauzl.ZipFile, entry: yauzl.Entry, file: string) {
  return new Promise<NodeJS.ReadableStream>((resolve, reject) =>
    zip.openReadStream(entry, (e, stream) =>
      e
        ? reject(bad(file, `entry "${entry.fileName}" cannot be read (${e.message})`))
        : resolve(stream!),
    ),
  );
}

/** The folder that holds the data: the unpacked root, or its only sub-folder. */
export async function archiveRoot(dir: string): Promise<string> {
  const entries = await readdir(dir, { withFileTypes: true });
  if (entries.length === 1 && entries[0]!.isDirectory()) {
    const inner = path.join(dir, entries[0]!.name);
    const below = await readdir(inner, { withFileTypes: true });
    // One folder holding only folders is the class folders' parent; holding files, a class.
    if (below.length > 0 && below.every((e) => e.isDirectory())) return inner;
  }
  return dir;
}

/** The one table file (CSV, TSV, JSONL, optionally .gz) anywhere in an unpacked archive. */
export async function archiveTableFile(dir: string, file: string): Promise<string> {
  const found = (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile() && /\.(csv|tsv|tab|jsonl|ndjson|txt)(\.gz)?$/i.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
  if (found.length !== 1) {
    throw bad(
      file,
      found.length === 0
        ? 'holds no .csv, .tsv or .jsonl file'
        : `holds ${found.length} table files; zip one per source`,
    );
  }
  return found[0]!;
}
