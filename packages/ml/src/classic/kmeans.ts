import { createRng } from '../data/random.ts';

/** A k-means clustering: its centroids in the space it was fitted in (JSON, for the registry). */
export interface KMeansModel {
  kind: 'kmeans';
  k: number;
  /** k × d, row-major. */
  centroids: number[][];
  /** Sum of squared distances of the points to their centroid. */
  inertia: number;
  iterations: number;
}

export interface KMeansOptions {
  seed?: number;
  /** Lloyd iterations at most per start (default 100). */
  maxIterations?: number;
  /** Seeded k-means++ starts; the one with the lowest inertia wins (default 4). */
  starts?: number;
}

const distance2 = (x: ArrayLike<number>, i: number, c: number[], d: number) => {
  let s = 0;
  for (let j = 0; j < d; j++) s += (x[i * d + j]! - c[j]!) ** 2;
  return s;
};

/** The nearest centroid of each point. */
export function assignClusters(model: KMeansModel, x: ArrayLike<number>, d: number): Uint16Array {
  const n = x.length / d;
  const out = new Uint16Array(n);
  for (let i = 0; i < n; i++) {
    let best = Number.POSITIVE_INFINITY;
    model.centroids.forEach((c, k) => {
      const dist = distance2(x, i, c, d);
      if (dist < best) {
        best = dist;
        out[i] = k;
      }
    });
  }
  return out;
}

/**
 * k-means (Lloyd's algorithm) from seeded k-means++ starts. Our own rather than ml-kmeans so
 * that it uses the platform's one RNG and gives the same clusters for the same seed everywhere.
 */
export function fitKMeans(
  x: ArrayLike<number>,
  d: number,
  k: number,
  options: KMeansOptions = {},
): KMeansModel {
  const n = x.length / d;
  if (k < 1 || k > n) throw new RangeError(`k must be between 1 and the ${n} points`);
  const rng = createRng(options.seed ?? 42);
  let best: KMeansModel | undefined;
  for (let s = 0; s < (options.starts ?? 4); s++) {
    // k-means++: each next centroid drawn with probability ∝ squared distance to the nearest.
    const centroids: number[][] = [];
    const first = Math.floor(rng() * n);
    centroids.push(Array.from({ length: d }, (_, j) => x[first * d + j]!));
    const nearest = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
    while (centroids.length < k) {
      let total = 0;
      for (let i = 0; i < n; i++) {
        nearest[i] = Math.min(nearest[i]!, distance2(x, i, centroids.at(-1)!, d));
        total += nearest[i]!;
      }
      let r = rng() * total;
      let pick = n - 1;
      for (let i = 0; i < n; i++) {
        r -= nearest[i]!;
        if (r <= 0) {
          pick = i;
          break;
        }
      }
      centroids.push(Array.from({ length: d }, (_, j) => x[pick * d + j]!));
    }
    const model: KMeansModel = { kind: 'kmeans', k, centroids, inertia: 0, iterations: 0 };
    let assignment = assignClusters(model, x, d);
    for (let it = 0; it < (options.maxIterations ?? 100); it++) {
      model.iterations = it + 1;
      const sums = Array.from({ length: k }, () => new Array<number>(d).fill(0));
      const counts = new Array<number>(k).fill(0);
      for (let i = 0; i < n; i++) {
        counts[assignment[i]!]!++;
        for (let j = 0; j < d; j++) sums[assignment[i]!]![j]! += x[i * d + j]!;
      }
      // An emptied cluster keeps its centroid rather than vanishing.
      model.centroids = sums.map((sum, c) =>
        counts[c] ? sum.map((v) => v / counts[c]!) : model.centroids[c]!,
      );
      const next = assignClusters(model, x, d);
      const changed = next.some((v, i) => v !== assignment[i]);
      assignment = next;
      if (!changed) break;
    }
    model.inertia = 0;
    for (let i = 0; i < n; i++)
      model.inertia += distance2(x, i, model.centroids[assignment[i]!]!, d);
    if (!best || model.inertia < best.inertia) best = model;
  }
  return best!;
}

/**
 * Mean silhouette of a clustering: for each point, (b − a) / max(a, b), a its mean distance to
 * its own cluster, b to the nearest other one. −1 to 1; higher is better separated. Exact,
 * O(n² d): callers sample large sets first.
 */
export function silhouette(x: ArrayLike<number>, d: number, assignment: ArrayLike<number>): number {
  const n = assignment.length;
  let k = 0;
  for (let i = 0; i < n; i++) k = Math.max(k, assignment[i]! + 1);
  if (k < 2) return 0;
  const sizes = new Array<number>(k).fill(0);
  for (let i = 0; i < n; i++) sizes[assignment[i]!]!++;
  let total = 0;
  const sums = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    sums.fill(0);
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      let s = 0;
      for (let t = 0; t < d; t++) s += (x[i * d + t]! - x[j * d + t]!) ** 2;
      sums[assignment[j]!]! += Math.sqrt(s);
    }
    const own = assignment[i]!;
    if (sizes[own]! <= 1) continue; // a singleton's silhouette is 0 by convention
    const a = sums[own]! / (sizes[own]! - 1);
    let b = Number.POSITIVE_INFINITY;
    for (let c = 0; c < k; c++) if (c !== own && sizes[c]) b = Math.min(b, sums[c]! / sizes[c]!);
    total += (b - a) / Math.max(a, b);
  }
  return total / n;
}

/** k-means for each k in `ks`, and the k with the highest silhouette. */
export function chooseK(
  x: ArrayLike<number>,
  d: number,
  ks: number[],
  options: KMeansOptions = {},
): { best: KMeansModel; silhouettes: { k: number; silhouette: number }[] } {
  let best: { model: KMeansModel; score: number } | undefined;
  const silhouettes = [];
  for (const k of ks) {
    const model = fitKMeans(x, d, k, options);
    const score = silhouette(x, d, assignClusters(model, x, d));
    silhouettes.push({ k, silhouette: score });
    if (!best || score > best.score) best = { model, score };
  }
  return { best: best!.model, silhouettes };
}
