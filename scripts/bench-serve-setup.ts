// The workspace of scripts/bench-serve.ts: the `cnn` template trained on MNIST digits and
// deployed as the endpoint `cnn`, sold on a plan whose rate limit does not bind, a partner's
// customer with an API key, and the model's weights exported for the PyTorch side so that both
// sides compute the same network on the same PNG.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  closeContext,
  createApiKey,
  createContext,
  createCustomer,
  createPartner,
  createPlan,
  createProduct,
  deploy,
  getModelVersion,
  importDataset,
  startTraining,
} from '@qudao/server';
import { digitRows, writeMnistSubset } from '@qudao/server/testing';
import { encode } from 'fast-png';
import { type ImagePreparation, imagePreparationOf, loadModel } from '../packages/ml/src/index.ts';
import { artifactDir } from '../packages/server/src/registry/registry.service.ts';

export interface ServeBenchWorkspace {
  /** The customer's API key (metered calls). */
  key: string;
  /** The owner's token (starts the training job of the second phase). */
  ownerToken: string;
  /** One MNIST digit as a 28x28 grayscale PNG: the body of every call. */
  png: Buffer;
  /** The exported weights and image preparation, read by scripts/bench_serve_torch.py. */
  weightsPath: string;
}

/** Images the model is trained on (and the training job of the second phase runs over). */
const IMAGES = 1000;

/** Builds the workspace in `home`; takes a few seconds (one epoch of the cnn template). */
export async function prepareServeBench(home: string): Promise<ServeBenchWorkspace> {
  const ctx = await createContext({ home, logLevel: 'silent' });
  try {
    const files = await writeMnistSubset(ctx.paths.tmp, IMAGES);
    await importDataset(ctx, { name: 'digits', idx: files });
    const job = await startTraining(ctx, {
      dataset: 'digits',
      model: 'cnn',
      epochs: 1,
      batchSize: 64,
    });
    const finished = await ctx.jobs.waitFor(job.id);
    if (finished.status !== 'succeeded') throw new Error(`training failed: ${finished.error}`);
    await deploy(ctx, { name: 'cnn', model: 'digits-cnn', version: 1 });
    // The token bucket is far wider than any round can drain: the rate limit never binds,
    // but every call still goes through admission, quota and the usage event.
    const plan = await createPlan(ctx, {
      name: 'Bench',
      currency: 'USD',
      ratePerSecond: 100_000,
      burst: 1_000_000,
    });
    await createProduct(ctx, { name: 'Digits', endpoint: 'cnn', plan: plan.id });
    const partner = await createPartner(ctx, { name: 'Bench Partner' });
    const customer = await createCustomer(ctx, { name: 'Bench Co', partnerId: partner.id });
    const { key } = await createApiKey(ctx, customer.id);
    const version = await getModelVersion(ctx, 'digits-cnn', 1);
    const weightsPath = path.join(home, 'cnn-weights.json');
    const prep = version.signature.image ?? imagePreparationOf(undefined, version.inputShape);
    await exportWeights((await artifactDir(ctx, version.id))!, prep, version.classes, weightsPath);
    const pixels = Uint8Array.from(digitRows(files.mnist.images, 0).flat());
    const png = Buffer.from(encode({ width: 28, height: 28, channels: 1, depth: 8, data: pixels }));
    return { key, ownerToken: ctx.ownerToken, png, weightsPath };
  } finally {
    await closeContext(ctx);
  }
}

/**
 * Writes every layer's weights as TensorFlow.js holds them (conv kernels HWIO, dense kernels
 * in x out, flatten in HWC order) with the classes and the image preparation; the Python side
 * transposes.
 */
async function exportWeights(
  dir: string,
  prep: ImagePreparation,
  classes: string[],
  out: string,
): Promise<void> {
  const model = await loadModel(dir);
  const layers = model.layers
    .filter((layer) => layer.getWeights().length > 0)
    .map((layer) => ({
      name: layer.name,
      kind: layer.getClassName(),
      weights: layer
        .getWeights()
        .map((w) => ({ shape: w.shape, values: Array.from(w.dataSync()) })),
    }));
  model.dispose();
  await writeFile(out, JSON.stringify({ prep, classes, layers }));
}
