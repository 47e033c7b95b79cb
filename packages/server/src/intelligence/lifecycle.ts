import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { LoadedDataset } from '@qudao/ml';
import type { AppContext } from '../context.ts';
import { type DatasetVersionView, importLoadedDataset } from '../data/data.service.ts';
import type { ModelSignature, ModelVersionView } from '../registry/registry.schemas.ts';
import { artifactDir, listModels, registerVersion } from '../registry/registry.service.ts';
import { startRun } from '../training/training-runs.service.ts';
import type { ModelRef } from './intelligence.schemas.ts';

/** The file a non-TensorFlow.js intelligence model is stored in inside its registry version. */
export const CLASSIC_ARTIFACT = 'intelligence-model.json';

/**
 * Stores a data set the platform built from its own tables as a version of `name`. Versions are
 * content-hashed by the data domain: the same rows give back the same version. Every row is in
 * the stored `train` split; the models split by time themselves (the month column), so the
 * stored random split is not used and none is drawn.
 */
export async function datasetVersionOf(
  ctx: AppContext,
  name: string,
  dataset: LoadedDataset,
  source: string,
): Promise<DatasetVersionView> {
  const { version } = await importLoadedDataset(ctx, name, dataset, {
    testFraction: 0,
    seed: 0,
    source,
  });
  return version;
}

/** The months a version learned from and the held-out months it was scored on. */
export interface Period {
  trainedOn: { from: string; to: string };
  heldOut: { from: string; to: string };
}

export interface Trained {
  metrics: Record<string, unknown>;
  signature: ModelSignature;
  /** A JSON model (written to CLASSIC_ARTIFACT), or a saved TensorFlow.js folder. */
  artifact: { json: unknown } | { dir: string; hash: string };
}

/**
 * The registry version of `model` trained on `dataset` with `config`: the latest version when it
 * was trained on the same data set version with the same config (so an unchanged refresh gives
 * the same versions and trains nothing), otherwise a new one — a training run recorded by the
 * training domain, then a registry version with its lineage.
 */
export async function trainedVersion(
  ctx: AppContext,
  input: {
    model: string;
    template: string;
    dataset: DatasetVersionView;
    config: Record<string, unknown> & { period: Period };
    refreshId: string;
    train: () => Promise<Trained>;
  },
): Promise<{ version: ModelVersionView; reused: boolean }> {
  const versions = (await listModels(ctx)).find((m) => m.name === input.model)?.versions ?? [];
  const latest = versions.at(-1);
  const config = JSON.parse(JSON.stringify(input.config));
  if (
    latest &&
    latest.datasetVersionId === input.dataset.id &&
    JSON.stringify(latest.config) === JSON.stringify(config)
  ) {
    return { version: latest, reused: true };
  }
  const run = await startRun(ctx, {
    jobId: input.refreshId,
    kind: 'train',
    experiment: 'intelligence',
    datasetVersionId: input.dataset.id,
    template: input.template,
    config,
  });
  let staging: string | undefined;
  try {
    const trained = await input.train();
    let dir: string;
    let hash: string;
    if ('json' in trained.artifact) {
      await mkdir(ctx.paths.tmp, { recursive: true });
      staging = await mkdtemp(path.join(ctx.paths.tmp, 'intelligence-'));
      const text = JSON.stringify(trained.artifact.json);
      await writeFile(path.join(staging, CLASSIC_ARTIFACT), text);
      dir = staging;
      hash = createHash('sha256').update(text).digest('hex');
    } else {
      ({ dir, hash } = trained.artifact);
    }
    const version = await registerVersion(ctx, {
      model: input.model,
      template: input.template,
      datasetVersionId: input.dataset.id,
      jobId: input.refreshId,
      config,
      metrics: trained.metrics,
      signature: trained.signature,
      artifactDir: dir,
      artifactHash: hash,
      backend: 'js',
    });
    await run.succeed(trained.metrics, null, version.id);
    return { version, reused: false };
  } catch (error) {
    await run.fail(error, false);
    throw error;
  } finally {
    if (staging) await rm(staging, { recursive: true, force: true });
  }
}

/** The JSON model stored with a version by `trainedVersion`. */
export async function loadClassicModel<T>(ctx: AppContext, version: ModelVersionView): Promise<T> {
  const dir = await artifactDir(ctx, version.id);
  return JSON.parse(await readFile(path.join(dir!, CLASSIC_ARTIFACT), 'utf8')) as T;
}

/** How figures cite a version: `name@version`, its data set version and its period. */
export function modelRef(version: ModelVersionView): ModelRef {
  const period = (version.config as { period: Period }).period;
  return {
    modelVersionId: version.id,
    ref: `${version.model}@${version.version}`,
    dataset: `${version.dataset}@${version.datasetVersion}`,
    datasetHash: version.datasetHash,
    trainedOn: period.trainedOn,
    heldOut: period.heldOut,
  };
}
