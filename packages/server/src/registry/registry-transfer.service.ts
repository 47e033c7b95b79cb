import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { BundleError, packBundle, unpackBundle } from '@qudao/ml';
import type { AppContext } from '../context.ts';
import { getDatasetVersion } from '../data/data.service.ts';
import { registryErrors } from './registry.errors.ts';
import {
  type ModelSignature,
  ModelSignatureSchema,
  type ModelVersionView,
  StoredModelCardSchema,
} from './registry.schemas.ts';
import { externalDatasetId, getModelVersion, registerVersion } from './registry.service.ts';
import * as store from './registry.store.ts';
import { recordRegistryEvent } from './registry-lifecycle.service.ts';
import * as meta from './registry-meta.store.ts';

/** What a bundle carries besides the artifact files: the version's lineage, metrics, card. */
interface BundleMetadata {
  format: 'qudao-model-version/1';
  model: string;
  version: number;
  template: string;
  dataset: { name: string; version: number; hash: string };
  config: unknown;
  metrics: unknown;
  signature: ModelSignature;
  card: unknown;
  artifactHash: string;
  backend: string;
  createdAt: string;
}

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
    const m = header.metadata as BundleMetadata;
    if (m?.format !== 'qudao-model-version/1') {
      throw registryErrors.badBundle('the bundle has no Qudao model-version metadata');
    }
    // The bundle is a file from elsewhere: its signature and card are checked like any input.
    const signature = ModelSignatureSchema.safeParse(m.signature);
    const card = StoredModelCardSchema.nullable().safeParse(m.card ?? null);
    if (!signature.success || !card.success) {
      throw registryErrors.badBundle('the bundle metadata holds a malformed signature or card');
    }
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
      signature: signature.data,
      artifactDir: staging,
      artifactHash: m.artifactHash,
      backend: m.backend,
      actor: options.actor,
    });
    if (card.data) await meta.setCard(ctx.db, registered.id, JSON.stringify(card.data));
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
