import type { AppContext } from '../context.ts';
import { newId, nowIso } from '../shared/ids.ts';
import type { Principal } from '../shared/principal.ts';
import { parseInput } from '../shared/validate.ts';
import { registryErrors } from './registry.errors.ts';
import {
  AliasName,
  type ModelAliasView,
  type ModelCardInput,
  ModelCardSchema,
  type ModelCardView,
  type ModelEventView,
  type ModelTagView,
  type ModelVersionView,
  StoredModelCardSchema,
  TagKey,
} from './registry.schemas.ts';
import { getModelVersion, getModelVersionById } from './registry.service.ts';
import * as store from './registry.store.ts';
import * as meta from './registry-meta.store.ts';

/** Who did it, as the audit trail writes it. */
export function actorOf(principal: Principal | null | undefined): string {
  if (!principal || principal.kind === 'owner') return 'owner';
  if (principal.kind === 'customer') return `customer:${principal.customerId}`;
  if (principal.kind === 'partner') return `partner:${principal.partnerId}`;
  return `${principal.kind}:${principal.tokenId}`;
}

async function modelRow(ctx: AppContext, name: string) {
  const model = await store.findModel(ctx.db, name);
  if (!model) throw registryErrors.modelNotFound(name);
  return model;
}

async function record(
  ctx: AppContext,
  modelId: string,
  versionId: string | null,
  action: string,
  detail: object,
  actor: string,
) {
  await meta.insertEvent(ctx.db, {
    id: newId('rev'),
    model_id: modelId,
    model_version_id: versionId,
    action,
    detail_json: JSON.stringify(detail),
    actor,
    at: nowIso(),
  });
}

/**
 * Resolves `<model>@<version>` or `<model>@<alias>` (e.g. `spam-clf@production`) to a version.
 */
export async function resolveModelRef(ctx: AppContext, ref: string): Promise<ModelVersionView> {
  const match = /^([a-z0-9][a-z0-9._-]*)@([a-z0-9_-]+)$/.exec(ref);
  if (!match) throw registryErrors.badReference(ref);
  const [, name, target] = match as unknown as [string, string, string];
  if (/^\d+$/.test(target)) return getModelVersion(ctx, name, Number(target));
  const model = await modelRow(ctx, name);
  const alias = await meta.findAlias(ctx.db, model.id, target);
  if (!alias) throw registryErrors.aliasNotFound(name, target);
  return (await getModelVersionById(ctx, alias.model_version_id))!;
}

/**
 * The id of the version `alias` of `model` points at, or undefined: one query, for endpoints
 * that route by alias (serving asks on every call, so a moved alias moves traffic at once).
 */
export async function aliasVersionId(
  ctx: AppContext,
  model: string,
  alias: string,
): Promise<string | undefined> {
  return meta.aliasTargetByName(ctx.db, model, alias);
}

/** Points an alias at a version (moving it if it pointed elsewhere), recording who and when. */
export async function setAlias(
  ctx: AppContext,
  name: string,
  alias: string,
  version: number,
  actor: string,
): Promise<ModelAliasView[]> {
  const aliasName = parseInput(AliasName, alias, 'alias');
  const target = await getModelVersion(ctx, name, version);
  const model = await modelRow(ctx, name);
  const previous = await meta.findAlias(ctx.db, model.id, aliasName);
  const previousVersion = previous
    ? (await getModelVersionById(ctx, previous.model_version_id))?.version
    : null;
  await meta.upsertAlias(ctx.db, {
    model_id: model.id,
    alias: aliasName,
    model_version_id: target.id,
    set_by: actor,
    set_at: nowIso(),
  });
  await record(
    ctx,
    model.id,
    target.id,
    'alias.set',
    { alias: aliasName, version, from: previousVersion ?? null },
    actor,
  );
  return listAliases(ctx, name);
}

export async function removeAlias(
  ctx: AppContext,
  name: string,
  alias: string,
  actor: string,
): Promise<ModelAliasView[]> {
  const model = await modelRow(ctx, name);
  const existing = await meta.findAlias(ctx.db, model.id, alias);
  if (!existing) throw registryErrors.aliasNotFound(name, alias);
  await meta.deleteAlias(ctx.db, model.id, alias);
  await record(ctx, model.id, existing.model_version_id, 'alias.removed', { alias }, actor);
  return listAliases(ctx, name);
}

export async function listAliases(ctx: AppContext, name: string): Promise<ModelAliasView[]> {
  const model = await modelRow(ctx, name);
  const rows = await meta.aliasesOfModel(ctx.db, model.id);
  return Promise.all(
    rows.map(async (r) => ({
      alias: r.alias,
      version: (await getModelVersionById(ctx, r.model_version_id))?.version ?? null,
      setBy: r.set_by,
      setAt: r.set_at,
    })),
  );
}

export async function setTag(
  ctx: AppContext,
  name: string,
  version: number,
  key: string,
  value: string,
  actor: string,
): Promise<ModelTagView[]> {
  const tagKey = parseInput(TagKey, key, 'tag');
  const target = await getModelVersion(ctx, name, version);
  await meta.upsertTag(ctx.db, {
    model_version_id: target.id,
    key: tagKey,
    value,
    set_by: actor,
    set_at: nowIso(),
  });
  await record(
    ctx,
    (await modelRow(ctx, name)).id,
    target.id,
    'tag.set',
    { version, key: tagKey, value },
    actor,
  );
  return listTags(ctx, target.id);
}

export async function removeTag(
  ctx: AppContext,
  name: string,
  version: number,
  key: string,
  actor: string,
): Promise<ModelTagView[]> {
  const target = await getModelVersion(ctx, name, version);
  if ((await meta.deleteTag(ctx.db, target.id, key)) === 0)
    throw registryErrors.tagNotFound(`${name}@${version}`, key);
  await record(
    ctx,
    (await modelRow(ctx, name)).id,
    target.id,
    'tag.removed',
    { version, key },
    actor,
  );
  return listTags(ctx, target.id);
}

export async function listTags(ctx: AppContext, versionId: string): Promise<ModelTagView[]> {
  return (await meta.tagsOfVersion(ctx.db, versionId)).map((t) => ({
    key: t.key,
    value: t.value,
    setBy: t.set_by,
    setAt: t.set_at,
  }));
}

/** Writes the human part of a version's model card. */
export async function setModelCard(
  ctx: AppContext,
  name: string,
  version: number,
  input: ModelCardInput,
  actor: string,
): Promise<ModelCardView> {
  const card = parseInput(ModelCardSchema, input, 'model card');
  const target = await getModelVersion(ctx, name, version);
  await meta.setCard(
    ctx.db,
    target.id,
    JSON.stringify({ ...card, updatedBy: actor, updatedAt: nowIso() }),
  );
  await record(ctx, (await modelRow(ctx, name)).id, target.id, 'card.set', { version }, actor);
  return getModelCard(ctx, name, version);
}

/**
 * The model card: the written parts plus what the registry knows (template, data set version and
 * its hash, training config, test metrics, signature, aliases, tags).
 */
export async function getModelCard(
  ctx: AppContext,
  name: string,
  version: number,
): Promise<ModelCardView> {
  const v = await getModelVersion(ctx, name, version);
  const row = await store.findVersionById(ctx.db, v.id);
  // Only the documented parts of what was stored (a card imported from elsewhere may hold more).
  const stored = StoredModelCardSchema.safeParse(row?.card_json ? JSON.parse(row.card_json) : {});
  const written = stored.success ? stored.data : {};
  const aliases = (await listAliases(ctx, name))
    .filter((a) => a.version === version)
    .map((a) => a.alias);
  return {
    model: name,
    version,
    ...written,
    template: v.template,
    data: { dataset: v.dataset, version: v.datasetVersion, hash: v.datasetHash },
    training: v.config,
    metrics: (v.metrics as { test?: unknown })?.test ?? null,
    signature: { inputShape: v.inputShape, classes: v.classes },
    aliases,
    tags: await listTags(ctx, v.id),
    artifactHash: v.artifactHash,
    createdAt: v.createdAt,
  };
}

/** The audit trail of a model: registrations, alias moves, tags, cards, imports, deletions. */
export async function modelEvents(ctx: AppContext, name: string): Promise<ModelEventView[]> {
  const model = await modelRow(ctx, name);
  return (await meta.eventsOfModel(ctx.db, model.id)).map((e) => ({
    action: e.action,
    detail: JSON.parse(e.detail_json),
    actor: e.actor,
    at: e.at,
  }));
}

export { record as recordRegistryEvent };
