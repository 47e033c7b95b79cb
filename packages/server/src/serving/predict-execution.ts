import { type ImagePreparation, imageFromJson, imagePreparationOf, readPngHeader } from '@qudao/ml';
import type { AppContext } from '../context.ts';
import type { ServableVersion } from '../registry/registry.service.ts';
import { fromMlError } from '../shared/ml-errors.ts';
import type { RuntimeInput } from './runtime/runtime.types.ts';
import { runtimeModelOf } from './runtime/runtime-model.ts';
import { servingErrors } from './serving.errors.ts';
import type { PredictionView } from './serving.schemas.ts';
import {
  assertFiniteInputs,
  assertFiniteOutputs,
  classify,
  type PredictTarget,
  predictWithVersion,
} from './version-predict.service.ts';

/** An image (JSON rows or PNG bytes), or rows/texts for tabular and text models. */
export type PredictInput =
  | { kind: 'json'; image: unknown }
  | { kind: 'png'; bytes: Uint8Array }
  | { kind: 'inputs'; inputs: unknown[] };

/** Rows in a call, as metering counts them (an image is one). */
export function rowsOf(input: PredictInput): number {
  return input.kind === 'inputs' ? input.inputs.length : 1;
}

/** What one execution answered, and a PNG's pixels as the model saw them (for the log). */
export interface Execution {
  answer: Omit<PredictionView, 'predictionId'>;
  /** Decoded on the worker (0..255); null for other inputs. */
  pixels: Uint8Array | null;
}

/**
 * The execution step of a prediction: checks the input against the version's signature on the
 * event loop (a PNG's header against the image size the version takes, before anything is
 * inflated), runs it on the serving runtime (worker threads, batched with the target's other
 * calls; PNGs decoded there) and shapes the answer. Any refusal is an AppError thrown before a
 * usage event exists, so it is never billed. The caller names the answer (`predictionId`): the
 * traffic router chose the version before this runs.
 */
export async function executePrediction(
  ctx: AppContext,
  target: PredictTarget,
  version: ServableVersion,
  input: PredictInput,
  started: number,
  billed: boolean,
): Promise<Execution> {
  const name = target.endpoint;
  const kind = version.signature.kind ?? 'image';
  if (kind !== 'image' || input.kind === 'inputs') {
    if (input.kind !== 'inputs') {
      throw servingErrors.badInput(
        'wrong_kind',
        `endpoint "${name}" serves a ${kind} model: send {"inputs": [...]} (texts, or rows of ${version.signature.columns?.join(', ') ?? 'features'})`,
      );
    }
    if (kind === 'image') {
      throw servingErrors.badInput(
        'wrong_kind',
        `endpoint "${name}" serves an image model: send {"image": rows} or a PNG`,
      );
    }
    const predictions = await predictWithVersion(ctx, version, input.inputs, target);
    const first = predictions[0]!;
    const answer = {
      endpoint: name,
      model: version.model,
      version: version.version,
      ...('label' in first
        ? { label: first.label, probabilities: first.probabilities }
        : { value: first.value }),
      predictions,
      latencyMs: performance.now() - started,
      billed,
    };
    return { answer, pixels: null };
  }
  const prep = await imagePreparationFor(ctx, version);
  const runtimeInput = prepareImage(input, prep);
  const model = runtimeModelOf({
    ...version,
    inputShape: [prep.height, prep.width, prep.channels],
  });
  const out = await ctx.runtime.run(name, model, runtimeInput, target.settings);
  assertFiniteOutputs(out);
  const { label, probabilities } = classify(Array.from(out.values), version.classes);
  const answer = {
    endpoint: name,
    model: version.model,
    version: version.version,
    label,
    probabilities,
    latencyMs: performance.now() - started,
    billed,
  };
  return { answer, pixels: out.pixels ?? null };
}

/**
 * A JSON image becomes the model's input here (bounded by the body limit); a PNG only has its
 * header read here: a size other than the version's (a decompression bomb declares a huge one)
 * is refused before any inflating, and the decode itself runs on a worker.
 */
function prepareImage(
  input: Exclude<PredictInput, { kind: 'inputs' }>,
  prep: ImagePreparation,
): RuntimeInput {
  try {
    if (input.kind === 'json') {
      const data = imageFromJson(input.image, prep);
      assertFiniteInputs(data, data.length);
      return { kind: 'tensor', rows: 1, data };
    }
    const header = readPngHeader(input.bytes);
    if (header.height !== prep.height || header.width !== prep.width) {
      throw servingErrors.badInput(
        'shape',
        `expected a ${prep.height}x${prep.width} image; the PNG is ${header.height}x${header.width}`,
      );
    }
    return { kind: 'png', bytes: input.bytes, prep };
  } catch (error) {
    throw fromMlError(error);
  }
}

/** The version's recorded image preparation, or for older versions the one of its files. */
async function imagePreparationFor(
  ctx: AppContext,
  version: ServableVersion,
): Promise<ImagePreparation> {
  if (version.signature.image) return version.signature.image;
  const saved = await ctx.modelCache.preprocessing(version.id, version.artifactPath);
  return imagePreparationOf(saved?.kind === 'image' ? saved : undefined, version.inputShape);
}
