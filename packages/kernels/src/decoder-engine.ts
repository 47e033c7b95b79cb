// The forward pass of a decoder-only Transformer (GPT) for generation, on plain arrays with a
// key/value cache: no tfjs engine in between (no tensors, tape or scopes per step), so a
// decode step at batch 1 costs its arithmetic and a few dozen native calls. The cache has a
// fixed number of slots; a stream holds one slot while it generates, so streams join and
// leave a running batch between steps (continuous batching) without copying anyone's cache.
import { type DecoderOps, decoderOps } from './decoder-ops.ts';

/** One block's weights, row-major, as the `gpt` template stores them. */
export interface GptBlockWeights {
  ln1Gamma: Float32Array;
  ln1Beta: Float32Array;
  /** [width, 3·width]: queries, keys, values side by side. */
  qkvKernel: Float32Array;
  qkvBias: Float32Array;
  outKernel: Float32Array;
  outBias: Float32Array;
  ln2Gamma: Float32Array;
  ln2Beta: Float32Array;
  ffInKernel: Float32Array;
  ffInBias: Float32Array;
  ffOutKernel: Float32Array;
  ffOutBias: Float32Array;
}

export interface GptWeights {
  vocabSize: number;
  width: number;
  heads: number;
  ffDim: number;
  /** Longest sequence (positions) the model was built for. */
  context: number;
  epsilon: number;
  /** Rotary base when positions are rotary, 0 when they are learned. */
  rotaryBase: number;
  /** [vocabSize, width], also the output projection (tied). */
  tokenEmbedding: Float32Array;
  /** [context, width] learned positions, or null (rotary). */
  positionEmbedding: Float32Array | null;
  blocks: GptBlockWeights[];
  finalGamma: Float32Array;
  finalBeta: Float32Array;
}

export interface DecoderRun {
  /** [logitRows.length, vocabSize]: next-token logits of the rows asked for. */
  logits: Float32Array;
  /** [rows, width]: the final layer norm's output of every row (valid until the next run). */
  hidden: Float32Array;
}

/**
 * A GPT forward pass over rows (token, slot, position) that writes each row's keys and values
 * into its slot's cache and attends to that slot's positions up to its own. A prompt is rows
 * of one slot at positions 0..n-1; a decode step is one row per active slot.
 */
export class DecoderEngine {
  readonly native: boolean;
  private readonly ops: DecoderOps;
  private readonly kCache: Float32Array[];
  private readonly vCache: Float32Array[];
  /** The tied output projection as [width, vocabSize], so the GEMM reads it in place. */
  private readonly outputKernel: Float32Array;
  private buffers = new Map<number, Record<string, Float32Array>>();

  constructor(
    readonly weights: GptWeights,
    readonly slots: number,
    readonly maxContext: number = weights.context,
    prefer: 'native' | 'typescript' = 'native',
  ) {
    const { width: W, vocabSize: V, heads } = weights;
    if (W % heads !== 0) throw new RangeError(`width ${W} does not split into ${heads} heads`);
    if (!weights.rotaryBase && maxContext > weights.context) {
      throw new RangeError(
        `maxContext ${maxContext} passes the ${weights.context} learned positions of the model`,
      );
    }
    this.ops = decoderOps(prefer);
    this.native = this.ops.native;
    const cacheFloats = slots * maxContext * W;
    this.kCache = weights.blocks.map(() => new Float32Array(cacheFloats));
    this.vCache = weights.blocks.map(() => new Float32Array(cacheFloats));
    this.outputKernel = new Float32Array(W * V);
    for (let v = 0; v < V; v++)
      for (let c = 0; c < W; c++) this.outputKernel[c * V + v] = weights.tokenEmbedding[v * W + c]!;
  }

  private buffersFor(rows: number): Record<string, Float32Array> {
    let b = this.buffers.get(rows);
    if (!b) {
      const { width: W, ffDim: F } = this.weights;
      b = {
        x: new Float32Array(rows * W),
        h: new Float32Array(rows * W),
        qkv: new Float32Array(rows * 3 * W),
        ctx: new Float32Array(rows * W),
        proj: new Float32Array(rows * W),
        ff: new Float32Array(rows * F),
        ffAct: new Float32Array(rows * F),
      };
      if (this.buffers.size >= 4) this.buffers.delete(this.buffers.keys().next().value!);
      this.buffers.set(rows, b);
    }
    return b;
  }

  /**
   * Runs the rows; `logitRows` lists the rows whose next-token logits are wanted (a prompt
   * needs only its last row's).
   */
  run(
    tokens: Int32Array,
    slots: Int32Array,
    positions: Int32Array,
    logitRows: ArrayLike<number>,
  ): DecoderRun {
    const R = tokens.length;
    const w = this.weights;
    const { width: W, vocabSize: V, ffDim: F, heads: H } = w;
    const D = W / H;
    for (let r = 0; r < R; r++) {
      if (!(tokens[r]! >= 0 && tokens[r]! < V))
        throw new RangeError(`token ${tokens[r]} is outside the vocabulary`);
      if (!(slots[r]! >= 0 && slots[r]! < this.slots))
        throw new RangeError(`slot ${slots[r]} does not exist`);
      if (!(positions[r]! >= 0 && positions[r]! < this.maxContext)) {
        throw new RangeError(
          `position ${positions[r]} is outside the context of ${this.maxContext}`,
        );
      }
    }
    const b = this.buffersFor(R);
    const { x, h, qkv, ctx, proj, ff, ffAct } = b as Record<string, Float32Array> & {
      x: Float32Array;
    };
    for (let r = 0; r < R; r++) {
      const e = tokens[r]! * W;
      const p = positions[r]! * W;
      for (let c = 0; c < W; c++) {
        x[r * W + c] =
          w.tokenEmbedding[e + c]! + (w.positionEmbedding ? w.positionEmbedding[p + c]! : 0);
      }
    }
    const dims = new Int32Array([R, H, D, this.maxContext, this.slots]);
    const scale = 1 / Math.sqrt(D);
    const ops = this.ops;
    w.blocks.forEach((blk, l) => {
      ops.layerNorm(x, blk.ln1Gamma, blk.ln1Beta, h!, R, W, w.epsilon);
      ops.matmul(h!, blk.qkvKernel, qkv!, blk.qkvBias, R, 3 * W, W);
      ops.cachedAttention(
        qkv!,
        this.kCache[l]!,
        this.vCache[l]!,
        slots,
        positions,
        ctx!,
        dims,
        scale,
        w.rotaryBase,
      );
      ops.matmul(ctx!, blk.outKernel, proj!, blk.outBias, R, W, W);
      for (let i = 0; i < R * W; i++) x[i] += proj![i]!;
      ops.layerNorm(x, blk.ln2Gamma, blk.ln2Beta, h!, R, W, w.epsilon);
      ops.matmul(h!, blk.ffInKernel, ff!, blk.ffInBias, R, F, W);
      ops.gelu(ff!, ffAct!);
      ops.matmul(ffAct!, blk.ffOutKernel, proj!, blk.ffOutBias, R, W, F);
      for (let i = 0; i < R * W; i++) x[i] += proj![i]!;
    });
    ops.layerNorm(x, w.finalGamma, w.finalBeta, h!, R, W, w.epsilon);
    const n = logitRows.length;
    const picked = n === R && isIdentity(logitRows) ? h! : new Float32Array(n * W);
    if (picked !== h) {
      for (let i = 0; i < n; i++)
        picked.set(h!.subarray(logitRows[i]! * W, (logitRows[i]! + 1) * W), i * W);
    }
    const logits = new Float32Array(n * V);
    if (n > 0) ops.matmul(picked, this.outputKernel, logits, null, n, V, W);
    return { logits, hidden: h! };
  }

  /**
   * Next-token probabilities of rows of logits (`temperatures.length` rows of the vocabulary)
   * at each row's temperature (above 0): softmax(logits / temperature), one native call for
   * the whole batch.
   */
  probabilities(logits: Float32Array, temperatures: ArrayLike<number>): Float32Array {
    const V = this.weights.vocabSize;
    const rows = temperatures.length;
    const scaled = new Float32Array(rows * V);
    for (let r = 0; r < rows; r++) {
      const inv = 1 / temperatures[r]!;
      const at = r * V;
      if (inv === 1) scaled.set(logits.subarray(at, at + V), at);
      else for (let c = 0; c < V; c++) scaled[at + c] = logits[at + c]! * inv;
    }
    const out = new Float32Array(rows * V);
    this.ops.softmax(scaled, out, rows, V);
    return out;
  }
}

function isIdentity(rows: ArrayLike<number>): boolean {
  for (let i = 0; i < rows.length; i++) if (rows[i] !== i) return false;
  return true;
}
