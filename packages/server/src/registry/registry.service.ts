import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { AppContext } from '../context.ts';
import { getDatasetVersionById } from '../data/data.service.ts';
import { readCacheOf } from '../db/database.ts';
import { newId, nowIso } from '../shared/ids.ts';
import { registryErrors } from './registry.errors.ts';
import type { ModelSignature, ModelVersionView, ModelView } from './registry.schemas.ts';
import type { ModelVersionRow } from './registry.store.ts';
import * as store from './registry.store.ts';
import { insertEvent } from './registry-meta.store.ts';

export interface RegisterVersionInput {
  model: string;
  template: string;
  datasetVersionId: string;
  jobId: string | null;
  config: unknown;
  metrics: unknown;
  signature: ModelSignature;
  /** Folder holding the saved artifact; it is moved into the registry's storage. */
  artifactDir: string;
  artifactHash: string;
  backend: string;
  /** Who registered it (default the owner). */
  actor?: string;
}

/**
 * Versions imported from another workspace keep their lineage as
 * `external:<dataset>@<version>:<hash>` when the data set is not here.
 */
export const EXTERNAL_DATASET = 'external:';

export function externalDatasetId(dataset: string, version: number, hash: string): string {
  return `${EXTERNAL_DATASET}${dataset}@${version}:${hash}`;
}

function parseExternalDataset(id: string) {
  const match = /^external:(.+)@(\d+):([0-9a-f]*)$/.exec(id);
  return match ? { dataset: match[1]!, version: Number(match[2]), hash: match[3]! } : undefined;
}

/** Registers a trained model as the next version of `model`, taking ownership of its artifact. */
export async function registerVersion(
  ctx: AppContext,
  input: RegisterVersionInput,
): Promise<ModelVersionView> {
  let model = await store.findModel(ctx.db, input.model);
  if (!model) {
    model = { id: newId('mdl'), name: input.model, created_at: nowIso() };
    await store.insertModel(ctx.db, model);
  }
  const version = (await store.maxVersion(ctx.db, model.id)) + 1;
  const finalDir = path.join(ctx.paths.models, input.model, `v${version}`);
  await mkdir(path.dirname(finalDir), { recursive: true });
  await rm(finalDir, { recursive: true, force: true });
  await rename(input.artifactDir, finalDir);
  const id = newId('mv');
  await store.insertVersion(ctx.db, {
    id,
    model_id: model.id,
    version,
    template: input.template,
    dataset_version_id: input.datasetVersionId,
    job_id: input.jobId,
    config_json: JSON.stringify(input.config),
    metrics_json: JSON.stringify(input.metrics),
    signature_json: JSON.stringify(input.signature),
    artifact_path: finalDir,
    artifact_hash: input.artifactHash,
    backend: input.backend,
    created_at: nowIso(),
  });
  await insertEvent(ctx.db, {
    id: newId('rev'),
    model_id: model.id,
    model_version_id: id,
    action: 'version.registered',
    detail_json: JSON.stringify({ version, jobId: input.jobId, template: input.template }),
    actor: input.actor ?? 'owner',
    at: nowIso(),
  });
  return toView(ctx, (await store.findVersionById(ctx.db, id))!);
}

export async function getModelVersion(
  ctx: AppContext,
  model: string,
  version: number,
): Promise<ModelVersionView> {
  const row = await store.findVersion(ctx.db, model, version);
  if (!row) {
    if (!(await store.findModel(ctx.db, model))) throw registryErrors.modelNotFound(model);
    throw registryErrors.versionNotFound(model, version);
  }
  return toView(ctx, row);
}

export async function getModelVersionById(ctx: AppContext, id: string) {
  const row = await store.findVersionById(ctx.db, id);
  return row ? toView(ctx, row) : undefined;
}

/** What serving a version needs, read from its one row: no lineage look-ups, no metrics. */
export interface ServableVersion {
  id: string;
  model: string;
  version: number;
  classes: string[];
  inputShape: number[];
  signature: ModelSignature;
  /** Folder of model.json + weights.bin. */
  artifactPath: string;
}

/**
 * The version a prediction runs on (this is on every call's path): one query, kept until a
 * version is written by this process or any commit by another (db/read-cache.ts). Callers
 * share the object: they never change it.
 */
export async function getServableVersion(
  ctx: AppContext,
  id: string,
): Promise<ServableVersion | undefined> {
  const cache = readCacheOf<ServableVersion | null>(ctx.db, 'registry.servable');
  const version = await cache.get(id, async () => {
    const row = await store.findVersionById(ctx.db, id);
    if (!row) return null;
    const signature = JSON.parse(row.signature_json) as ModelSignature;
    return {
      id: row.id,
      model: row.model,
      version: row.version,
      classes: signature.classes,
      inputShape: signature.inputShape,
      signature,
      artifactPath: row.artifact_path,
    };
  });
  return version ?? undefined;
}

/** Where a version's artifact lives (model.json + weights.bin). */
export async function artifactDir(ctx: AppContext, id: string): Promise<string | undefined> {
  return (await store.findVersionById(ctx.db, id))?.artifact_path;
}

export async function listModels(ctx: AppContext): Promise<ModelView[]> {
  const rows = await store.listVersions(ctx.db);
  const byModel = new Map<string, ModelVersionView[]>();
  for (const row of rows) {
    const view = await toView(ctx, row);
    byModel.set(row.model, [...(byModel.get(row.model) ?? []), view]);
  }
  return [...byModel.entries()].map(([name, versions]) => ({ name, versions }));
}

/** Parses `<model>@<version>`. */
export function parseModelRef(ref: string): { model: string; version: number } {
  const match = /^([a-z0-9][a-z0-9._-]*)@(\d+)$/.exec(ref);
  if (!match) throw registryErrors.badReference(ref);
  return { model: match[1]!, version: Number(match[2]) };
}

async function toView(ctx: AppContext, row: ModelVersionRow): Promise<ModelVersionView> {
  const signature = JSON.parse(row.signature_json) as ModelSignature;
  const dataset = row.dataset_version_id.startsWith(EXTERNAL_DATASET)
    ? parseExternalDataset(row.dataset_version_id)
    : await getDatasetVersionById(ctx, row.dataset_version_id);
  return {
    id: row.id,
    model: row.model,
    version: row.version,
    template: row.template,
    datasetVersionId: row.dataset_version_id,
    dataset: dataset?.dataset ?? '(deleted)',
    datasetVersion: dataset?.version ?? 0,
    datasetHash: dataset?.hash ?? '',
    config: JSON.parse(row.config_json),
    metrics: JSON.parse(row.metrics_json) as ModelVersionView['metrics'],
    inputShape: signature.inputShape,
    classes: signature.classes,
    signature,
    artifactHash: row.artifact_hash,
    backend: row.backend,
    createdAt: row.created_at,
  };
}
