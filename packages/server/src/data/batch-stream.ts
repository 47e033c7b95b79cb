import { open, readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  type ImageAugmentation,
  type RowBlock,
  SPLIT_CODES,
  type StreamBatchOptions,
  streamBatches,
  UNLABELED,
} from '@qudao/ml';
import type { AppContext } from '../context.ts';
import { dataErrors } from './data.errors.ts';
import { parseSchema } from './data.views.ts';
import { decodeLabels, FILES } from './dataset-files.ts';
import { findVersionRow } from './version-load.ts';

/** A version's labels, from whichever of the two stored forms it has. */
async function readLabels(dir: string) {
  for (const file of [FILES.wideLabels, FILES.labels]) {
    try {
      const bytes = await readFile(path.join(dir, file));
      return decodeLabels(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return undefined;
}

export interface BatchStreamOptions extends Omit<StreamBatchOptions, 'augment'> {
  version?: number;
  split?: 'train' | 'test' | 'validation' | 'all';
  /** Rows read from disk at a time (default 8192). */
  blockRows?: number;
  /** For image versions: random flips and shifts. */
  augment?: Omit<ImageAugmentation, 'shape'>;
}

/**
 * Streams a tabular or image version from disk in shuffled batches, reading `blockRows` rows
 * at a time, so data larger than memory can feed training. Pixels come as 0..1 floats.
 */
export async function* streamDatasetBatches(
  ctx: AppContext,
  name: string,
  options: BatchStreamOptions,
): AsyncGenerator<RowBlock> {
  const row = await findVersionRow(ctx, name, options.version);
  const schema = parseSchema(row);
  if (schema.kind === 'text') {
    throw dataErrors.badMapping(
      'batches of a text version come from its tokenised form; load it with loadSplitDataset',
    );
  }
  const width =
    schema.kind === 'image'
      ? schema.shape[0] * schema.shape[1] * schema.shape[2]
      : schema.columns.length;
  const bytesPerValue = schema.kind === 'image' ? 1 : 4;
  const classification = schema.kind === 'image' || schema.task === 'classification';
  const [split, labels, targets] = await Promise.all([
    readFile(path.join(row.path, FILES.split)),
    classification ? readLabels(row.path) : undefined,
    classification ? undefined : readFile(path.join(row.path, FILES.target)),
  ]);
  const targetValues = targets
    ? new Float32Array(
        targets.buffer.slice(targets.byteOffset, targets.byteOffset + targets.byteLength),
      )
    : undefined;
  const wanted = options.split === 'all' ? -1 : SPLIT_CODES[options.split ?? 'train'];
  const blockRows = options.blockRows ?? 8192;
  const file = await open(
    path.join(row.path, schema.kind === 'image' ? FILES.images : FILES.features),
  );
  async function* blocks(): AsyncGenerator<RowBlock> {
    const raw = Buffer.allocUnsafe(blockRows * width * bytesPerValue);
    for (let start = 0; start < row.row_count; start += blockRows) {
      const count = Math.min(blockRows, row.row_count - start);
      const { bytesRead } = await file.read(
        raw,
        0,
        count * width * bytesPerValue,
        start * width * bytesPerValue,
      );
      if (bytesRead !== count * width * bytesPerValue) {
        throw dataErrors.corruptVersion(
          name,
          row.version,
          'payload file is shorter than its row count',
        );
      }
      const values =
        bytesPerValue === 4
          ? new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + bytesRead))
          : Float32Array.from(raw.subarray(0, bytesRead), (v) => v / 255);
      const features = new Float32Array(count * width);
      const ys = classification ? new Uint16Array(count) : new Float32Array(count);
      let kept = 0;
      for (let r = 0; r < count; r++) {
        const i = start + r;
        if (wanted >= 0 && split[i] !== wanted) continue;
        if (labels && labels[i] === UNLABELED) continue;
        features.set(values.subarray(r * width, (r + 1) * width), kept * width);
        ys[kept++] = labels ? labels[i]! : targetValues![i]!;
      }
      yield {
        count: kept,
        features: features.subarray(0, kept * width),
        ...(classification
          ? { labels: (ys as Uint16Array).subarray(0, kept) }
          : { targets: (ys as Float32Array).subarray(0, kept) }),
      };
    }
  }
  try {
    yield* streamBatches(blocks(), width, {
      ...options,
      augment:
        options.augment && schema.kind === 'image'
          ? { ...options.augment, shape: schema.shape }
          : undefined,
    });
  } finally {
    await file.close();
  }
}
