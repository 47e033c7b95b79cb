import { createRng } from './random.ts';

/** A block of rows as typed arrays: `count` rows of `width` values, with labels or targets. */
export interface RowBlock {
  count: number;
  features: Float32Array;
  labels?: Uint16Array;
  targets?: Float32Array;
}

export interface ImageAugmentation {
  /** [height, width, channels] of each row. */
  shape: [number, number, number];
  /** Mirror left-right with probability 0.5. */
  flipHorizontal?: boolean;
  /** Shift by up to this many pixels in each direction (zero fill). */
  maxShift?: number;
}

export interface StreamBatchOptions {
  batchSize: number;
  /** Rows held for shuffling (0: keep the order); memory is bufferSize * width floats. */
  shuffleBuffer?: number;
  seed?: number;
  augment?: ImageAugmentation;
}

/**
 * Turns a stream of row blocks (read from disk piece by piece) into shuffled batches of a fixed
 * size. Shuffling uses a buffer: each incoming row takes the place of a random buffered row,
 * which goes out. So memory stays at `shuffleBuffer + batchSize` rows, whatever the data size.
 */
export async function* streamBatches(
  blocks: AsyncIterable<RowBlock>,
  width: number,
  options: StreamBatchOptions,
): AsyncGenerator<RowBlock> {
  const { batchSize, shuffleBuffer = 0, seed = 1, augment } = options;
  const rng = createRng(seed);
  const buffer = new Float32Array(shuffleBuffer * width);
  const bufferY = new Float32Array(shuffleBuffer);
  let buffered = 0;
  let hasLabels: boolean | undefined;
  let batch = newBatch();
  function newBatch() {
    return {
      features: new Float32Array(batchSize * width),
      y: new Float32Array(batchSize),
      count: 0,
    };
  }
  function emit(): RowBlock {
    const out = batch;
    batch = newBatch();
    const features = out.features.subarray(0, out.count * width);
    if (augment) augmentBatch(features, out.count, augment, rng);
    return {
      count: out.count,
      features,
      ...(hasLabels
        ? { labels: Uint16Array.from(out.y.subarray(0, out.count)) }
        : { targets: out.y.subarray(0, out.count) }),
    };
  }
  const take = (src: Float32Array, offset: number, y: number) => {
    batch.features.set(src.subarray(offset, offset + width), batch.count * width);
    batch.y[batch.count++] = y;
  };
  for await (const block of blocks) {
    hasLabels ??= block.labels !== undefined;
    const ys = block.labels ?? block.targets!;
    for (let r = 0; r < block.count; r++) {
      if (shuffleBuffer === 0) {
        take(block.features, r * width, ys[r]!);
      } else if (buffered < shuffleBuffer) {
        buffer.set(block.features.subarray(r * width, (r + 1) * width), buffered * width);
        bufferY[buffered++] = ys[r]!;
        continue;
      } else {
        const j = Math.floor(rng() * shuffleBuffer);
        take(buffer, j * width, bufferY[j]!);
        buffer.set(block.features.subarray(r * width, (r + 1) * width), j * width);
        bufferY[j] = ys[r]!;
      }
      if (batch.count === batchSize) yield emit();
    }
  }
  // Drain the buffer in random order.
  for (let left = buffered; left > 0; left--) {
    const j = Math.floor(rng() * left);
    take(buffer, j * width, bufferY[j]!);
    buffer.copyWithin(j * width, (left - 1) * width, left * width);
    bufferY[j] = bufferY[left - 1]!;
    if (batch.count === batchSize) yield emit();
  }
  if (batch.count > 0) yield emit();
}

/** Random horizontal flips and shifts, in place, for image rows. */
export function augmentBatch(
  features: Float32Array,
  count: number,
  augment: ImageAugmentation,
  rng: () => number,
): void {
  const [h, w, c] = augment.shape;
  const size = h * w * c;
  const scratch = new Float32Array(size);
  for (let n = 0; n < count; n++) {
    const image = features.subarray(n * size, (n + 1) * size);
    const flip = augment.flipHorizontal === true && rng() < 0.5;
    const max = augment.maxShift ?? 0;
    const dy = max ? Math.floor(rng() * (2 * max + 1)) - max : 0;
    const dx = max ? Math.floor(rng() * (2 * max + 1)) - max : 0;
    if (!flip && dx === 0 && dy === 0) continue;
    scratch.fill(0);
    for (let y = 0; y < h; y++) {
      const sy = y - dy;
      if (sy < 0 || sy >= h) continue;
      for (let x = 0; x < w; x++) {
        let sx = x - dx;
        if (sx < 0 || sx >= w) continue;
        if (flip) sx = w - 1 - sx;
        for (let k = 0; k < c; k++) scratch[(y * w + x) * c + k] = image[(sy * w + sx) * c + k]!;
      }
    }
    image.set(scratch);
  }
}
