import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { BundleError, packBundle, unpackBundle } from '@qudao/ml';
import type { AppContext } from '../context.ts';
import { getDatasetVersion } from '../data/data.service.ts';
import { isAppError } from '../shared/app-error.ts';
import { registryErrors } from './registry.errors.ts';
import type { ModelVersionView } from './registry.schemas.ts';
import { externalDatasetId, getModelVersion, registerVersion } from './registry.service.ts';
import * as store from './registry.store.ts';
import { type BundleMetadata, BundleMetadataSchema } from './registry-bundle.schemas.ts';
import { recordRegistryEvent } from './registry-lifecycle.service.ts';
import * as meta from './registry-meta.store.ts';

/**
 * Exports a version as one file (`.qudao-model`): model.json, weights.bin, preprocessing.json
 * and the metadata (lineage, config, metrics, signature, card), each file with its sha256.
 */
export async function exportVersion(ctx: AppContext, name: string, version: number) {
  const v = await getModelVersion(ctx, name, version);
  const row = (await store.findVersionById(ctx.db, v.id))!;
  const metadata: BundleMetadata = {
    format: 'qudao-model-version/1',
    model: v.model,
    version: v.version,
    template: v.template,
    dataset: { name: v.dataset, version: v.datasetVersion, hash: v.datasetHash },
    config: v.config,
    metrics: v.metrics,
    signature: v.signature,
    card: row.card_json ? JSON.parse(row.card_json) : null,
    artifactHash: v.artifactHash,
    backend: v.backend,
    createdAt: v.createdAt,
  };
  return {
    fileName: `${v.model}@${v.version}.qudao-model`,
    bytes: await packBundle(row.artifact_path, metadata),
  };
}

/**
 * Imports a bundle as the next version of its model (or of `as`). The lineage points at the
 * local data set version when one with the same name, version and hash exists, else it is kept
 * as an external reference.
 */
export async function importVersion(
  ctx: AppContext,
  bundle: unknown,
  options: { as?: string; actor: string },
): Promise<ModelVersionView> {
  if (!(bundle instanceof Uint8Array) || bundle.byteLength === 0) {
    throw registryErrors.badBundle(
      'the request carries no file (send it as application/octet-stream)',
    );
  }
  const staging = await mkdtemp(path.join(ctx.paths.tmp, 'import-'));
  try {
    let header: Awaited<ReturnType<typeof unpackBundle>>;
    try {
      header = await unpackBundle(bundle, staging);
    } catch (error) {
      if (error instanceof BundleError) throw registryErrors.badBundle(error.message);
      throw error;
    }
    const m = metadataOf(header.metadata);
    const card = m.card ?? null;
    await checkArtifact(
      ctx,
      staging,
      header.files.map((f) => f.name),
      m,
    );
    const name = options.as ?? m.model;
    if (!/^[a-z0-9][a-z0-9._-]{0,63}$/.test(name))
      throw registryErrors.badBundle(`"${name}" is not a model name`);
    let datasetVersionId = externalDatasetId(m.dataset.name, m.dataset.version, m.dataset.hash);
    const local = await getDatasetVersion(ctx, m.dataset.name, m.dataset.version).catch(() => null);
    if (local && local.hash === m.dataset.hash) datasetVersionId = local.id;
    const registered = await registerVersion(ctx, {
      model: name,
      template: m.template,
      datasetVersionId,
      jobId: null,
      config: m.config,
      metrics: m.metrics,
      signature: m.signature,
      artifactDir: staging,
      artifactHash: m.artifactHash,
      backend: m.backend,
      actor: options.actor,
    });
    if (card) await meta.setCard(ctx.db, registered.id, JSON.stringify(card));
    const model = (await store.findModel(ctx.db, name))!;
    await recordRegistryEvent(
      ctx,
      model.id,
      registered.id,
      'version.imported',
      { from: `${m.model}@${m.version}`, version: registered.version },
      options.actor,
    );
    return registered;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** The bundle's metadata, checked field by field: the first problem is named. */
function metadataOf(metadata: unknown): BundleMetadata {
  const parsed = BundleMetadataSchema.safeParse(metadata);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const where = issue.path.length ? `metadata.${issue.path.join('.')}` : 'the metadata';
  throw registryErrors.badBundle(`the bundle's ${where} is malformed (${issue.message})`);
}

/** The files of a TensorFlow.js version and of an ONNX one; preprocessing.json beside either. */
const ARTIFACT_FILES = {
  tfjs: ['model.json', 'weights.bin'],
  onnx: ['model.onnx'],
} as const;
const OPTIONAL_FILES = ['preprocessing.json'];

/**
 * Refuses a bundle whose files are not a model that loads: unknown or missing files, or a
 * model the inference runtime cannot load and run one row through, with as many outputs as
 * its signature says. What imports is what deploys.
 */
async function checkArtifact(
  ctx: AppContext,
  dir: string,
  names: string[],
  m: BundleMetadata,
): Promise<void> {
  const format = names.includes('model.onnx') ? 'onnx' : 'tfjs';
  const known = [...ARTIFACT_FILES[format], ...OPTIONAL_FILES];
  const missing = ARTIFACT_FILES[format].filter((n) => !names.includes(n));
  if (missing.length > 0) {
    throw registryErrors.badBundle(`the bundle lacks the model's ${missing.join(' and ')}`);
  }
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length > 0) {
    throw registryErrors.badBundle(
      `the bundle holds files a model has not (${unknown.join(', ')})`,
    );
  }
  let units: number;
  try {
    ({ units } = await ctx.runtime.check({
      key: `bundle:${m.artifactHash}`,
      label: { model: m.model, version: m.version },
      dir,
      format,
      rowShape: m.signature.inputShape,
    }));
  } catch (error) {
    if (!isAppError(error) || error.status >= 500) throw error;
    throw registryErrors.badBundle(`its model does not load (${error.message})`);
  }
  const classes = m.signature.classes.length;
  const expected = classes === 0 ? 1 : classes;
  if (units !== expected && !(classes === 2 && units === 1)) {
    throw registryErrors.badBundle(
      `its model gives ${units} values a row, its signature names ${classes} classes`,
    );
  }
}

/**
 * Deletes a version: its row, its tags and its artifact folder (the bytes are freed). Refused
 * while an alias points at it or an endpoint serves it.
 */
export async function deleteVersion(
  ctx: AppContext,
  name: string,
  version: number,
  actor: string,
): Promise<{ model: string; version: number; freedBytes: number }> {
  const v = await getModelVersion(ctx, name, version);
  const users = (await meta.aliasesOfVersion(ctx.db, v.id)).map((a) => `alias "${a.alias}"`);
  for (const endpoint of await ctx.endpoints.servingVersion(v.id)) {
    users.push(`endpoint "${endpoint}"`);
  }
  if (users.length > 0) throw registryErrors.versionInUse(`${name}@${version}`, users);
  const row = (await store.findVersionById(ctx.db, v.id))!;
  const freedBytes = await folderBytes(row.artifact_path);
  await meta.deleteVersion(ctx.db, v.id);
  await rm(row.artifact_path, { recursive: true, force: true });
  await recordRegistryEvent(
    ctx,
    row.model_id,
    null,
    'version.deleted',
    { version, freedBytes },
    actor,
  );
  return { model: name, version, freedBytes };
}

async function folderBytes(dir: string): Promise<number> {
  try {
    const entries = await readdir(dir);
    const sizes = await Promise.all(entries.map(async (e) => (await stat(path.join(dir, e))).size));
    return sizes.reduce((a, b) => a + b, 0);
  } catch {
    return 0;
  }
}
