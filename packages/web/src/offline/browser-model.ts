import type { QudaoClient } from '@qudao/client';
import type { ImagePreparation } from '@qudao/ml/browser';
import type * as Tf from '@tensorflow/tfjs';
import { answerOf, type ClassAnswer } from './answers.ts';

/** A registry version loaded into this page with TensorFlow.js. */
export interface BrowserModel {
  tf: typeof Tf;
  model: Tf.LayersModel;
  /** `imageFromJson` of `@qudao/ml/browser`: the preparation serving applies to a JSON image. */
  imageFromJson: (image: unknown, prep: ImagePreparation) => Float32Array;
  /** The TensorFlow.js backend it runs on (webgl, or cpu). */
  backend: string;
  /** Bytes of weights.bin. */
  weightBytes: number;
  params: number;
  /** Milliseconds to import TensorFlow.js and the custom layers and start the backend. */
  libraryMs: number;
  /** Milliseconds to download model.json and weights.bin, build the model and warm it up. */
  loadMs: number;
}

/**
 * Imports TensorFlow.js and `@qudao/ml/browser` (which registers the platform's custom layers)
 * on demand, so they stay out of the console's main bundle.
 */
async function loadLibrary(): Promise<{
  tf: typeof Tf;
  imageFromJson: BrowserModel['imageFromJson'];
}> {
  const [tf, ml] = await Promise.all([import('@tensorflow/tfjs'), import('@qudao/ml/browser')]);
  await tf.ready();
  // WebGL without 32-bit float textures computes in half precision: its answers would differ
  // from the server's by more than rounding, so such a browser runs on the CPU backend.
  if (tf.getBackend() === 'webgl' && !tf.env().getBool('WEBGL_RENDER_FLOAT32_ENABLED')) {
    await tf.setBackend('cpu');
  }
  return { tf, imageFromJson: ml.imageFromJson };
}

/** The one weights file a registry model.json names (`./weights.bin`, served beside it). */
function assertOneWeightsFile(manifest: Tf.io.WeightsManifestConfig): void {
  const paths = manifest.flatMap((group) => group.paths);
  if (paths.length !== 1 || paths[0]!.replace(/^\.\//, '') !== 'weights.bin') {
    throw new Error(
      `model.json names weights files ${JSON.stringify(paths)}; expected weights.bin`,
    );
  }
}

/**
 * Downloads a version's model.json and weights.bin through the client (the console's session
 * and the API's error codes, e.g. `registry.no_tfjs_files` for an ONNX version), builds the
 * Layers model and runs it once on zeros so the first timed prediction is not a warm-up.
 */
export async function loadBrowserModel(
  client: QudaoClient,
  name: string,
  version: number,
): Promise<BrowserModel> {
  const libraryStarted = performance.now();
  const { tf, imageFromJson } = await loadLibrary();
  const started = performance.now();
  const params = { name, version };
  let weightBytes = 0;
  const json = JSON.parse(
    new TextDecoder().decode(await client.registry.tfjsModel({ params })),
  ) as Tf.io.ModelJSON;
  const artifacts = await tf.io.getModelArtifactsForJSON(json, async (manifest) => {
    assertOneWeightsFile(manifest);
    const bytes = await client.registry.tfjsWeights({ params });
    weightBytes = bytes.byteLength;
    const data = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    return [manifest.flatMap((group) => group.weights), data as ArrayBuffer];
  });
  const model = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
  tf.tidy(() => {
    const shape = model.inputs[0]!.shape.map((d) => d ?? 1);
    (model.predict(tf.zeros(shape)) as Tf.Tensor).dataSync();
  });
  return {
    tf,
    model,
    imageFromJson,
    backend: tf.getBackend(),
    weightBytes,
    params: model.countParams(),
    libraryMs: started - libraryStarted,
    loadMs: performance.now() - started,
  };
}

/** The browser's answer for one image, and how long `model.predict` and the read-back took. */
export interface BrowserAnswer extends ClassAnswer {
  ms: number;
}

/**
 * Prepares a JSON image (28x28 rows, or a data set row's flat pixels) exactly as serving does
 * and predicts it in the browser.
 */
export async function predictInBrowser(
  loaded: BrowserModel,
  image: unknown,
  prep: ImagePreparation,
  classes: readonly string[],
): Promise<BrowserAnswer> {
  const { tf, model } = loaded;
  const input = loaded.imageFromJson(image, prep);
  const started = performance.now();
  const output = tf.tidy(() => {
    const shape = [1, ...model.inputs[0]!.shape.slice(1).map((d) => d ?? 1)];
    return model.predict(tf.tensor(input, shape)) as Tf.Tensor;
  });
  const values = await output.data();
  output.dispose();
  return { ...answerOf(values, classes), ms: performance.now() - started };
}
