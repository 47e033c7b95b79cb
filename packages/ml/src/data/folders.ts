import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { MlError } from '../errors.ts';
import { checkClassCount } from './class-labels.ts';
import { Cleaner, type CleaningOptions, type CleaningReport, type DroppedRow } from './clean.ts';
import { normalizeText } from './columns.ts';
import type { TextDataset } from './dataset-types.ts';
import type { ImageDataset } from './image-dataset.ts';

export interface FolderImport<T> {
  dataset: T;
  report: CleaningReport;
  dropped: DroppedRow[];
}

const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg', '.webp', '.gif', '.tif', '.tiff']);

/** Class folders of `root` (sorted) with their files (sorted), skipping hidden entries. */
async function classFiles(root: string, accept: (file: string) => boolean) {
  const entries = (await readdir(root, { withFileTypes: true }))
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort();
  if (entries.length === 0) {
    throw new MlError('empty', `${root} has no class folders (one folder per class, files inside)`);
  }
  checkClassCount(entries.length, root);
  const out: { cls: string; file: string }[] = [];
  for (const cls of entries) {
    const files = (await readdir(path.join(root, cls)))
      .filter((f) => !f.startsWith('.') && accept(f))
      .sort();
    for (const f of files) out.push({ cls, file: path.join(cls, f) });
  }
  return { classes: entries, files: out };
}

/**
 * A folder of images per class: PNG/JPEG/WebP decoded with sharp, resized to `height`x`width`,
 * grayscale (channels 1) or RGB (channels 3). Unreadable images, duplicates and the same image
 * under two classes are dropped by the cleaning rules and reported.
 */
export async function loadImageFolder(
  root: string,
  options: {
    height: number;
    width: number;
    channels: 1 | 3;
    maxFileBytes?: number;
  } & CleaningOptions,
): Promise<FolderImport<ImageDataset>> {
  const { classes, files } = await classFiles(root, (f) =>
    IMAGE_EXTENSIONS.has(path.extname(f).toLowerCase()),
  );
  // sharp (libvips) loads only when an image folder is imported.
  const { default: sharp } = await import('sharp');
  const cleaner = new Cleaner(options);
  const size = options.height * options.width * options.channels;
  const pixels: Uint8Array[] = [];
  const labels: number[] = [];
  const dropped: DroppedRow[] = [];
  for (const [i, { cls, file }] of files.entries()) {
    cleaner.countInput();
    let raw: Buffer;
    try {
      const full = path.join(root, file);
      if ((await stat(full)).size > (options.maxFileBytes ?? 50 * 1024 ** 2))
        throw new Error('file too large');
      let image = sharp(await readFile(full), { limitInputPixels: 50_000_000 })
        .resize(options.width, options.height, { fit: 'fill' })
        .removeAlpha();
      image = options.channels === 1 ? image.grayscale() : image.toColourspace('srgb');
      raw = await image.raw().toBuffer();
      if (raw.length !== size) throw new Error(`decoded to ${raw.length} bytes, expected ${size}`);
    } catch (error) {
      const reason = `cannot decode the image: ${(error as Error).message}`;
      if (!cleaner.on('unreadable')) throw new MlError('bad_image', `${file}: ${reason}`);
      dropped.push(cleaner.reject('unreadable', reason, file, i + 1, { file, class: cls }));
      continue;
    }
    const digest = createHash('sha1').update(raw).digest('hex');
    const verdict = cleaner.check(
      { input: digest, label: cls, isClass: true },
      pixels.length,
      file,
      i + 1,
      () => ({ file, class: cls }),
    );
    if (verdict) {
      dropped.push(verdict);
      continue;
    }
    pixels.push(new Uint8Array(raw));
    labels.push(classes.indexOf(cls));
  }
  const removed = cleaner.rowsToRemove();
  const images = new Uint8Array((pixels.length - removed.size) * size);
  const kept: number[] = [];
  let n = 0;
  pixels.forEach((p, r) => {
    if (removed.has(r)) return;
    images.set(p, n++ * size);
    kept.push(labels[r]!);
  });
  for (const entry of removed.values()) dropped.push(entry);
  return {
    dataset: {
      images,
      labels: Uint16Array.from(kept),
      shape: [options.height, options.width, options.channels],
      classes,
    },
    report: cleaner.report,
    dropped,
  };
}

/** A folder of UTF-8 text files per class; unreadable files and duplicates are dropped. */
export async function loadTextFolder(
  root: string,
  options: CleaningOptions & { maxFileBytes?: number } = {},
): Promise<FolderImport<TextDataset>> {
  const { classes, files } = await classFiles(
    root,
    (f) => !IMAGE_EXTENSIONS.has(path.extname(f).toLowerCase()),
  );
  const cleaner = new Cleaner(options);
  const texts: string[] = [];
  const labels: number[] = [];
  const dropped: DroppedRow[] = [];
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for (const [i, { cls, file }] of files.entries()) {
    cleaner.countInput();
    let text: string;
    try {
      const full = path.join(root, file);
      if ((await stat(full)).size > (options.maxFileBytes ?? 10 * 1024 ** 2))
        throw new Error('file too large');
      text = decoder.decode(await readFile(full)).trim();
    } catch (error) {
      const reason = error instanceof TypeError ? 'not valid UTF-8' : (error as Error).message;
      dropped.push(cleaner.reject('unreadable', reason, file, i + 1, { file, class: cls }));
      continue;
    }
    if (text === '' && cleaner.on('missing_fields')) {
      dropped.push(
        cleaner.reject('missing_fields', 'empty text', file, i + 1, { file, class: cls }),
      );
      continue;
    }
    const verdict = cleaner.check(
      {
        input: text,
        nearInput: cleaner.on('near_duplicates') ? normalizeText(text) : undefined,
        label: cls,
        isClass: true,
      },
      texts.length,
      file,
      i + 1,
      () => ({ file, class: cls }),
    );
    if (verdict) {
      dropped.push(verdict);
      continue;
    }
    texts.push(text);
    labels.push(classes.indexOf(cls));
  }
  const removed = cleaner.rowsToRemove();
  for (const entry of removed.values()) dropped.push(entry);
  const keep = texts.map((_, r) => !removed.has(r));
  return {
    dataset: {
      kind: 'text',
      texts: texts.filter((_, r) => keep[r]),
      labels: Uint16Array.from(labels.filter((_, r) => keep[r])),
      classes,
    },
    report: cleaner.report,
    dropped,
  };
}
