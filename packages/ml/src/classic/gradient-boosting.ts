import { createRng } from '../data/random.ts';

/** One regression tree: internal nodes split on `feature <= threshold`; leaves hold a value. */
type TreeNode =
  | { leaf: true; value: number }
  | { leaf: false; feature: number; threshold: number; left: TreeNode; right: TreeNode };

/** A fitted gradient-boosted tree ensemble for a binary outcome (JSON, for the registry). */
export interface BoostedModel {
  kind: 'gradient-boosting';
  columns: string[];
  /** Log-odds of the training rate: the prediction before any tree. */
  base: number;
  learningRate: number;
  trees: TreeNode[];
  /** Summed split gain per column, normalised to 1: what the ensemble relies on. */
  importance: number[];
}

export interface BoostingOptions {
  /** Trees (default 150). */
  trees?: number;
  /** Depth of each tree (default 3). */
  depth?: number;
  /** Shrinkage of each tree's contribution (default 0.1). */
  learningRate?: number;
  /** Fewest rows in a leaf (default 20). */
  minLeaf?: number;
  /** Share of rows each tree sees, drawn with `seed` (default 0.8). */
  subsample?: number;
  /** L2 penalty on leaf values (default 1). */
  l2?: number;
  /** Candidate thresholds per column: its quantiles (default 32). */
  bins?: number;
  seed?: number;
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** Up to `bins` distinct quantiles of one column: the thresholds a split may use. */
function thresholdsOf(x: ArrayLike<number>, d: number, c: number, bins: number): number[] {
  const n = x.length / d;
  const values = Float64Array.from({ length: n }, (_, i) => x[i * d + c]!).sort();
  const out: number[] = [];
  for (let b = 1; b < bins; b++) {
    const v = values[Math.min(n - 1, Math.floor((b * n) / bins))]!;
    if (out.at(-1) !== v) out.push(v);
  }
  // The largest value sends every row left; it cannot split.
  return out.filter((v) => v < values[n - 1]!);
}

/**
 * Fits a gradient-boosted ensemble of shallow regression trees on the log loss (second-order
 * leaf values, as XGBoost does), splitting on column quantiles. Seeded: the same data and seed
 * give the same trees.
 */
export function fitBoosted(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  columns: string[],
  options: BoostingOptions = {},
): BoostedModel {
  const d = columns.length;
  const n = y.length;
  const o = {
    trees: 150,
    depth: 3,
    learningRate: 0.1,
    minLeaf: 20,
    subsample: 0.8,
    l2: 1,
    bins: 32,
    seed: 42,
    ...options,
  };
  const rng = createRng(o.seed);
  const thresholds = columns.map((_, c) => thresholdsOf(x, d, c, o.bins));
  // Bin index of every value: the first threshold it does not exceed (thresholds.length: none).
  const binned = new Uint8Array(n * d);
  for (let c = 0; c < d; c++) {
    const t = thresholds[c]!;
    for (let i = 0; i < n; i++) {
      const v = x[i * d + c]!;
      let lo = 0;
      let hi = t.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (v <= t[mid]!) hi = mid;
        else lo = mid + 1;
      }
      binned[i * d + c] = lo;
    }
  }
  let positives = 0;
  for (let i = 0; i < n; i++) positives += y[i]!;
  const rate = Math.min(Math.max(positives / Math.max(n, 1), 1e-4), 1 - 1e-4);
  const base = Math.log(rate / (1 - rate));
  const raw = new Float64Array(n).fill(base);
  const g = new Float64Array(n);
  const h = new Float64Array(n);
  const importance = new Array<number>(d).fill(0);
  const trees: TreeNode[] = [];

  const grow = (rows: Uint32Array, depth: number): TreeNode => {
    let G = 0;
    let H = 0;
    for (const i of rows) {
      G += g[i]!;
      H += h[i]!;
    }
    const leaf = (): TreeNode => ({ leaf: true, value: (-G / (H + o.l2)) * o.learningRate });
    if (depth >= o.depth || rows.length < 2 * o.minLeaf) return leaf();
    const parent = (G * G) / (H + o.l2);
    let best = { gain: 1e-9, feature: -1, bin: -1 };
    for (let c = 0; c < d; c++) {
      const k = thresholds[c]!.length;
      if (k === 0) continue;
      const hg = new Float64Array(k + 1);
      const hh = new Float64Array(k + 1);
      const hn = new Uint32Array(k + 1);
      for (const i of rows) {
        const b = binned[i * d + c]!;
        hg[b]! += g[i]!;
        hh[b]! += h[i]!;
        hn[b]!++;
      }
      let gl = 0;
      let hl = 0;
      let nl = 0;
      for (let b = 0; b < k; b++) {
        gl += hg[b]!;
        hl += hh[b]!;
        nl += hn[b]!;
        const nr = rows.length - nl;
        if (nl < o.minLeaf || nr < o.minLeaf) continue;
        const gr = G - gl;
        const hr = H - hl;
        const gain = (gl * gl) / (hl + o.l2) + (gr * gr) / (hr + o.l2) - parent;
        if (gain > best.gain) best = { gain, feature: c, bin: b };
      }
    }
    if (best.feature < 0) return leaf();
    importance[best.feature]! += best.gain;
    const left: number[] = [];
    const right: number[] = [];
    for (const i of rows) (binned[i * d + best.feature]! <= best.bin ? left : right).push(i);
    return {
      leaf: false,
      feature: best.feature,
      threshold: thresholds[best.feature]![best.bin]!,
      left: grow(Uint32Array.from(left), depth + 1),
      right: grow(Uint32Array.from(right), depth + 1),
    };
  };

  for (let t = 0; t < o.trees; t++) {
    for (let i = 0; i < n; i++) {
      const p = sigmoid(raw[i]!);
      g[i] = p - y[i]!;
      h[i] = Math.max(p * (1 - p), 1e-9);
    }
    const sample: number[] = [];
    for (let i = 0; i < n; i++) if (rng() < o.subsample) sample.push(i);
    const tree = grow(Uint32Array.from(sample), 0);
    trees.push(tree);
    for (let i = 0; i < n; i++) raw[i]! += treeValue(tree, x, i * d);
  }
  const total = importance.reduce((a, b) => a + b, 0) || 1;
  return {
    kind: 'gradient-boosting',
    columns: [...columns],
    base,
    learningRate: o.learningRate,
    trees,
    importance: importance.map((v) => v / total),
  };
}

function treeValue(node: TreeNode, x: ArrayLike<number>, offset: number): number {
  let at = node;
  while (!at.leaf) at = x[offset + at.feature]! <= at.threshold ? at.left : at.right;
  return at.value;
}

/** P(y = 1) of each row of `x` (n × columns, row-major). */
export function predictBoosted(model: BoostedModel, x: ArrayLike<number>): Float64Array {
  const d = model.columns.length;
  const n = x.length / d;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let raw = model.base;
    for (const tree of model.trees) raw += treeValue(tree, x, i * d);
    out[i] = sigmoid(raw);
  }
  return out;
}
