import type { AppContext } from '@qudao/server';
import { deploy, importDataset, startTraining } from '@qudao/server';
import { digitRows, writeMnistSubset } from '@qudao/server/testing';

/** A tiny real model (the mlp template, 1 epoch on 300 MNIST images) deployed as `digits`. */
export async function deployTinyModel(ctx: AppContext, endpoint = 'digits') {
  const files = await writeMnistSubset(ctx.paths.tmp, 300);
  await importDataset(ctx, { name: 'digits', idx: files });
  const job = await startTraining(ctx, {
    dataset: 'digits',
    model: 'mlp',
    epochs: 1,
    batchSize: 64,
  });
  const finished = await ctx.jobs.waitFor(job.id);
  if (finished.status !== 'succeeded') throw new Error(`training failed: ${finished.error}`);
  await deploy(ctx, { name: endpoint, model: 'digits-mlp', version: 1 });
  const images = files.mnist.images;
  return { image: (i: number) => digitRows(images, i) };
}
