import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { OnnxSignature } from './runtime.types.ts';

/** The file an ONNX version keeps beside model.onnx: how its input is fed. */
export const ONNX_MODEL_FILE = 'model.onnx';
export const ONNX_LAYOUT_FILE = 'onnx.json';

/** How rows are fed to an ONNX model: its input and output names, and the image layout it reads. */
export interface OnnxLayout {
  input: string;
  output: string;
  /** `nchw`: images are transposed from the served NHWC; `nhwc` and `flat` take rows as they are. */
  layout: 'nchw' | 'nhwc' | 'flat';
}

type Ort = typeof import('onnxruntime-node');
type Session = Awaited<ReturnType<Ort['InferenceSession']['create']>>;

/** Why onnxruntime-node cannot be used here, or null when it loads. */
let ort: Ort | null = null;
let ortFailure: string | null = null;

/** onnxruntime-node, an optional dependency: a clear reason when it is missing. */
export async function loadOrt(): Promise<Ort> {
  if (ort) return ort;
  if (ortFailure) throw new OnnxUnavailableError(ortFailure);
  try {
    const loaded = (await import('onnxruntime-node')) as Ort & { default?: Ort };
    ort = loaded.InferenceSession ? loaded : loaded.default!;
    return ort;
  } catch (error) {
    ortFailure = `onnxruntime-node is not installed or does not load here (${(error as Error).message}); install it with \`npm install onnxruntime-node\` (an optional dependency)`;
    throw new OnnxUnavailableError(ortFailure);
  }
}

export class OnnxUnavailableError extends Error {}

/** What an ONNX operator (or opset) onnxruntime lacks looks like in its error messages. */
const UNSUPPORTED =
  /not a registered function\/op|could not find an implementation|unsupported|opset/i;

/** Reads an ONNX file's inputs and outputs; an operator onnxruntime lacks is `unsupported`. */
export async function inspectOnnx(file: string): Promise<OnnxSignature> {
  const runtime = await loadOrt();
  let session: Session;
  try {
    session = await runtime.InferenceSession.create(file, { executionProviders: ['cpu'] });
  } catch (error) {
    throw classifyLoadError(error);
  }
  try {
    const meta = session.inputMetadata as unknown as {
      name: string;
      isTensor: boolean;
      type?: string;
      shape?: (number | string)[];
    }[];
    return {
      inputs: session.inputNames.map((name, i) => ({
        name,
        type: meta[i]?.type ?? 'unknown',
        shape: meta[i]?.shape ?? [],
      })),
      outputs: [...session.outputNames],
    };
  } finally {
    await session.release();
  }
}

/** A load failure, marked `unsupported` when onnxruntime says an operator is missing. */
export function classifyLoadError(error: unknown): Error {
  const message = (error as Error).message ?? String(error);
  return Object.assign(new Error(message), {
    kind: UNSUPPORTED.test(message) ? 'unsupported' : 'load_failed',
  });
}

/** A loaded ONNX model: one session, fed rows in the layout its sidecar records. */
export class OnnxModel {
  private constructor(
    private readonly runtime: Ort,
    private readonly session: Session,
    readonly layout: OnnxLayout,
  ) {}

  static async load(dir: string, threads: number): Promise<OnnxModel> {
    const runtime = await loadOrt();
    const layout = JSON.parse(
      await readFile(path.join(dir, ONNX_LAYOUT_FILE), 'utf8'),
    ) as OnnxLayout;
    let session: Session;
    try {
      session = await runtime.InferenceSession.create(path.join(dir, ONNX_MODEL_FILE), {
        intraOpNumThreads: threads,
        interOpNumThreads: 1,
        executionProviders: ['cpu'],
        graphOptimizationLevel: 'all',
      });
    } catch (error) {
      throw classifyLoadError(error);
    }
    return new OnnxModel(runtime, session, layout);
  }

  /** Runs `rows` rows of `rowShape` (NHWC images, or flat rows); returns the outputs row after row. */
  async run(x: Float32Array, rows: number, rowShape: number[]): Promise<Float32Array> {
    let data = x;
    let dims = [rows, ...rowShape];
    if (this.layout.layout === 'nchw' && rowShape.length === 3) {
      const [h, w, c] = rowShape as [number, number, number];
      data = nhwcToNchw(x, rows, h, w, c);
      dims = [rows, c, h, w];
    }
    const feeds = { [this.layout.input]: new this.runtime.Tensor('float32', data, dims) };
    const result = await this.session.run(feeds);
    const out = result[this.layout.output]!;
    return out.data as Float32Array;
  }

  async dispose(): Promise<void> {
    await this.session.release();
  }
}

function nhwcToNchw(x: Float32Array, n: number, h: number, w: number, c: number): Float32Array {
  if (c === 1) return x;
  const out = new Float32Array(x.length);
  const plane = h * w;
  for (let i = 0; i < n; i++) {
    const base = i * plane * c;
    for (let p = 0; p < plane; p++) {
      for (let k = 0; k < c; k++) out[base + k * plane + p] = x[base + p * c + k]!;
    }
  }
  return out;
}
