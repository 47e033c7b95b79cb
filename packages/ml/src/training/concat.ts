import type { LoadedDataset } from '../data/dataset-types.ts';

/** Rows of several splits of one dataset as one dataset (e.g. for k-fold cross-validation). */
export function concatDatasets(parts: LoadedDataset[]): LoadedDataset {
  const first = parts[0]!;
  switch (first.kind) {
    case 'text': {
      const texts = parts as (typeof first)[];
      return {
        ...first,
        texts: texts.flatMap((p) => p.texts),
        labels: join(
          Uint16Array,
          texts.map((p) => p.labels),
        ),
      };
    }
    case 'image': {
      const images = parts as (typeof first)[];
      return {
        ...first,
        images: join(
          Uint8Array,
          images.map((p) => p.images),
        ),
        labels: join(
          Uint16Array,
          images.map((p) => p.labels),
        ),
      };
    }
    case 'tabular': {
      const tables = parts as (typeof first)[];
      const features = new Float32Array(tables.reduce((n, t) => n + t.features.length, 0));
      let offset = 0;
      for (const t of tables) {
        features.set(t.features, offset);
        offset += t.features.length;
      }
      return {
        ...first,
        features,
        rowCount: tables.reduce((n, t) => n + t.rowCount, 0),
        ...(first.labels
          ? {
              labels: join(
                Uint16Array,
                tables.map((t) => t.labels!),
              ),
            }
          : {}),
        ...(first.target
          ? { target: Float32Array.from(tables.flatMap((t) => Array.from(t.target!))) }
          : {}),
      };
    }
  }
}

function join<T extends Uint8Array | Uint16Array>(Type: new (length: number) => T, parts: T[]): T {
  const out = new Type(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
