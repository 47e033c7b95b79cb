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
        labels: joinBytes(texts.map((p) => p.labels)),
      };
    }
    case 'image': {
      const images = parts as (typeof first)[];
      return {
        ...first,
        images: joinBytes(images.map((p) => p.images)),
        labels: joinBytes(images.map((p) => p.labels)),
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
        ...(first.labels ? { labels: joinBytes(tables.map((t) => t.labels!)) } : {}),
        ...(first.target
          ? { target: Float32Array.from(tables.flatMap((t) => Array.from(t.target!))) }
          : {}),
      };
    }
  }
}

function joinBytes(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
