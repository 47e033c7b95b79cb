import { describe, expect, it } from 'vitest';
import { createRng } from './random.ts';
import { augmentBatch, type RowBlock, streamBatches } from './stream-batches.ts';

const WIDTH = 2;

/** Row r is [r, -r] with label r % 7: every value says which row it came from. */
async function* rows(
  total: number,
  blockRows: number,
  pulled = { rows: 0 },
  kind: 'labels' | 'targets' = 'labels',
): AsyncGenerator<RowBlock> {
  for (let start = 0; start < total; start += blockRows) {
    const count = Math.min(blockRows, total - start);
    const features = new Float32Array(count * WIDTH);
    const ys = kind === 'labels' ? new Uint16Array(count) : new Float32Array(count);
    for (let i = 0; i < count; i++) {
      features[i * WIDTH] = start + i;
      features[i * WIDTH + 1] = -(start + i);
      ys[i] = kind === 'labels' ? (start + i) % 7 : (start + i) / 2;
    }
    pulled.rows += count;
    yield {
      count,
      features,
      ...(kind === 'labels' ? { labels: ys as Uint16Array } : { targets: ys as Float32Array }),
    };
  }
}

async function collect(batches: AsyncIterable<RowBlock>) {
  const out: { sizes: number[]; ids: number[]; ys: number[] } = { sizes: [], ids: [], ys: [] };
  for await (const batch of batches) {
    out.sizes.push(batch.count);
    const ys = batch.labels ?? batch.targets!;
    for (let i = 0; i < batch.count; i++) {
      const id = batch.features[i * WIDTH]!;
      // The pair and its label travel together.
      expect(batch.features[i * WIDTH + 1]).toBe(-id);
      out.ids.push(id);
      out.ys.push(ys[i]!);
    }
  }
  return out;
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('streamBatches', () => {
  it('keeps the order without a shuffle buffer, across block edges, ending with a partial batch', async () => {
    const got = await collect(streamBatches(rows(103, 10), WIDTH, { batchSize: 16 }));
    expect(got.sizes).toEqual([16, 16, 16, 16, 16, 16, 7]);
    expect(got.ids).toEqual(range(103));
    expect(got.ys).toEqual(range(103).map((r) => r % 7));
  });

  it('gives no empty last batch when the size divides the rows, and nothing for no rows', async () => {
    expect((await collect(streamBatches(rows(64, 7), WIDTH, { batchSize: 16 }))).sizes).toEqual([
      16, 16, 16, 16,
    ]);
    expect((await collect(streamBatches(rows(0, 7), WIDTH, { batchSize: 16 }))).sizes).toEqual([]);
  });

  it('carries regression targets as floats', async () => {
    const got = await collect(
      streamBatches(rows(9, 4, { rows: 0 }, 'targets'), WIDTH, { batchSize: 4 }),
    );
    expect(got.sizes).toEqual([4, 4, 1]);
    expect(got.ys).toEqual(range(9).map((r) => r / 2));
  });

  it('shuffles through its buffer: every row once, seeded, and never further ahead than the buffer', async () => {
    const options = { batchSize: 16, shuffleBuffer: 32, seed: 5 };
    const a = await collect(streamBatches(rows(500, 50), WIDTH, options));
    expect(a.sizes).toEqual([...Array(31).fill(16), 4]);
    expect([...a.ids].sort((x, y) => x - y)).toEqual(range(500));
    expect(a.ys).toEqual(a.ids.map((id) => id % 7));
    expect(a.ids).not.toEqual(range(500));
    // The k-th row out was read by then: at most `shuffleBuffer` rows ahead of k.
    expect(a.ids.slice(0, 500 - 32).every((id, k) => id <= k + 32)).toBe(true);
    const again = await collect(streamBatches(rows(500, 50), WIDTH, options));
    expect(again.ids).toEqual(a.ids);
    const other = await collect(streamBatches(rows(500, 50), WIDTH, { ...options, seed: 6 }));
    expect(other.ids).not.toEqual(a.ids);
  });

  it('streams data larger than it holds: the first batch comes after a block, not the whole input', async () => {
    const total = 200_000;
    const pulled = { rows: 0 };
    const batches = streamBatches(rows(total, 1000, pulled), WIDTH, {
      batchSize: 64,
      shuffleBuffer: 256,
      seed: 1,
    });
    const first = await batches.next();
    expect(first.done).toBe(false);
    expect((first.value as RowBlock).count).toBe(64);
    expect(pulled.rows).toBe(1000);
    let count = 64;
    let sum = 0;
    for (let i = 0; i < 64; i++) sum += (first.value as RowBlock).features[i * WIDTH]!;
    for await (const batch of batches) {
      count += batch.count;
      for (let i = 0; i < batch.count; i++) sum += batch.features[i * WIDTH]!;
    }
    expect(pulled.rows).toBe(total);
    expect(count).toBe(total);
    expect(sum).toBe((total * (total - 1)) / 2);
  });
});

/** An h×w×c image whose pixel (y, x, k) holds a value unique to it (never 0). */
function labelled(h: number, w: number, c: number): Float32Array {
  return Float32Array.from({ length: h * w * c }, (_, i) => i + 1);
}

function mirror(image: Float32Array, h: number, w: number, c: number): Float32Array {
  const out = new Float32Array(image.length);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      for (let k = 0; k < c; k++) out[(y * w + x) * c + k] = image[(y * w + (w - 1 - x)) * c + k]!;
  return out;
}

describe('augmentBatch', () => {
  const [h, w, c] = [5, 6, 3];
  const size = h * w * c;

  it('flips left-right about half the images and leaves the others as they were', () => {
    const n = 200;
    const original = labelled(h, w, c);
    const batch = new Float32Array(n * size);
    for (let i = 0; i < n; i++) batch.set(original, i * size);
    augmentBatch(batch, n, { shape: [h, w, c], flipHorizontal: true }, createRng(3));
    const mirrored = mirror(original, h, w, c);
    let flipped = 0;
    for (let i = 0; i < n; i++) {
      const image = Array.from(batch.subarray(i * size, (i + 1) * size));
      if (image.every((v, j) => v === mirrored[j])) flipped++;
      else expect(image).toEqual(Array.from(original));
    }
    expect(flipped).toBeGreaterThan(70);
    expect(flipped).toBeLessThan(130);
  });

  it('shifts by at most maxShift with zero fill, keeping each pixel whole (all channels)', () => {
    const n = 100;
    const original = labelled(h, w, c);
    const batch = new Float32Array(n * size);
    for (let i = 0; i < n; i++) batch.set(original, i * size);
    augmentBatch(batch, n, { shape: [h, w, c], maxShift: 1 }, createRng(4));
    const shifts = new Set<string>();
    for (let i = 0; i < n; i++) {
      const image = batch.subarray(i * size, (i + 1) * size);
      // Find where the source pixel (2, 2) went: its value 1 + (2*w+2)*c marks it.
      const at = image.indexOf(1 + (2 * w + 2) * c);
      expect(at).toBeGreaterThanOrEqual(0);
      const [dy, dx] = [Math.floor(at / c / w) - 2, ((at / c) % w) - 2];
      expect(Math.abs(dy)).toBeLessThanOrEqual(1);
      expect(Math.abs(dx)).toBeLessThanOrEqual(1);
      shifts.add(`${dy},${dx}`);
      const want = new Float32Array(size);
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          const [sy, sx] = [y - dy, x - dx];
          if (sy < 0 || sy >= h || sx < 0 || sx >= w) continue;
          for (let k = 0; k < c; k++) want[(y * w + x) * c + k] = original[(sy * w + sx) * c + k]!;
        }
      }
      expect(Array.from(image)).toEqual(Array.from(want));
    }
    // Every shift in [-1, 1]² is drawn.
    expect(shifts.size).toBe(9);
  });

  it('is seeded, and changes nothing when asked for nothing', () => {
    const run = (seed: number) => {
      const batch = new Float32Array(20 * size);
      for (let i = 0; i < 20; i++) batch.set(labelled(h, w, c), i * size);
      augmentBatch(
        batch,
        20,
        { shape: [h, w, c], flipHorizontal: true, maxShift: 2 },
        createRng(seed),
      );
      return Array.from(batch);
    };
    expect(run(9)).toEqual(run(9));
    expect(run(9)).not.toEqual(run(10));
    const still = labelled(h, w, c);
    augmentBatch(still, 1, { shape: [h, w, c] }, createRng(1));
    expect(Array.from(still)).toEqual(Array.from(labelled(h, w, c)));
  });

  it('augments the features of streamed batches and leaves their labels alone', async () => {
    const n = 40;
    async function* images(): AsyncGenerator<RowBlock> {
      const features = new Float32Array(n * size);
      for (let i = 0; i < n; i++) features.set(labelled(h, w, c), i * size);
      yield { count: n, features, labels: Uint16Array.from(range(n), (i) => i % 3) };
    }
    const labels: number[] = [];
    let changed = 0;
    const original = labelled(h, w, c);
    for await (const batch of streamBatches(images(), size, {
      batchSize: 16,
      augment: { shape: [h, w, c], flipHorizontal: true },
      seed: 2,
    })) {
      labels.push(...batch.labels!);
      for (let i = 0; i < batch.count; i++) {
        const image = batch.features.subarray(i * size, (i + 1) * size);
        if (image.some((v, j) => v !== original[j])) changed++;
      }
    }
    expect(labels).toEqual(range(n).map((i) => i % 3));
    expect(changed).toBeGreaterThan(5);
    expect(changed).toBeLessThan(n - 5);
  });
});
