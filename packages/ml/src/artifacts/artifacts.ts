import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';

/** Files of a saved model: TensorFlow.js Layers format, loadable by `tf.loadLayersModel`. */
export const MODEL_JSON = 'model.json';
export const WEIGHTS_BIN = 'weights.bin';
/** How raw inputs become model inputs (vocabulary, feature scaling), beside the model. */
export const PREPROCESSING_JSON = 'preprocessing.json';

export interface SavedModel {
  dir: string;
  /** sha256 over model.json and weights.bin. */
  hash: string;
  bytes: number;
}

/**
 * Saves a model to `dir` as model.json + weights.bin (the layout `tf.io.browserFiles` reads),
 * plus preprocessing.json when given; the hash covers all of them.
 */
export async function saveModel(
  model: tf.LayersModel,
  dir: string,
  preprocessing?: unknown,
): Promise<SavedModel> {
  await mkdir(dir, { recursive: true });
  let saved: SavedModel | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weightData = concatWeightData(artifacts.weightData);
      const modelJson = JSON.stringify({
        format: artifacts.format ?? 'layers-model',
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy ?? null,
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: [`./${WEIGHTS_BIN}`], weights: artifacts.weightSpecs ?? [] }],
      });
      await replaceFile(path.join(dir, WEIGHTS_BIN), weightData);
      await replaceFile(path.join(dir, MODEL_JSON), modelJson);
      const digest = createHash('sha256').update(modelJson).update(weightData);
      let bytes = modelJson.length + weightData.byteLength;
      if (preprocessing !== undefined) {
        const json = JSON.stringify(preprocessing);
        await replaceFile(path.join(dir, PREPROCESSING_JSON), json);
        digest.update(json);
        bytes += json.length;
      }
      saved = { dir, hash: digest.digest('hex'), bytes };
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }),
  );
  return saved!;
}

/**
 * Writes a file beside its final name and renames it into place. A checkpoint is saved over the
 * last one every epoch: a process killed mid-write must leave the previous file, not a cut one.
 */
async function replaceFile(file: string, data: string | Uint8Array): Promise<void> {
  const partial = `${file}.${process.pid}.partial`;
  await writeFile(partial, data);
  await rename(partial, file);
}

/** Loads a model saved by `saveModel`. */
export async function loadModel(dir: string): Promise<tf.LayersModel> {
  const modelJson = JSON.parse(await readFile(path.join(dir, MODEL_JSON), 'utf8'));
  const weights = await readFile(path.join(dir, WEIGHTS_BIN));
  const weightData = weights.buffer.slice(
    weights.byteOffset,
    weights.byteOffset + weights.byteLength,
  );
  return tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: modelJson.modelTopology,
      weightSpecs: modelJson.weightsManifest[0].weights,
      weightData,
    }),
  );
}

function concatWeightData(data: tf.io.WeightData | undefined): Uint8Array {
  if (!data) return new Uint8Array();
  if (Array.isArray(data)) {
    const total = data.reduce((s, b) => s + b.byteLength, 0);
    const out = new Uint8Array(total);
    let offset = 0;
    for (const b of data) {
      out.set(new Uint8Array(b), offset);
      offset += b.byteLength;
    }
    return out;
  }
  return new Uint8Array(data);
}

/** The preprocessing saved beside a model, or undefined for models saved without one. */
export async function loadPreprocessing<T = unknown>(dir: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(path.join(dir, PREPROCESSING_JSON), 'utf8')) as T;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
