import type { AppContext } from '../context.ts';
import type { ProviderModelTable, ProviderTable } from '../db/schema.ts';
import { isAppError } from '../shared/app-error.ts';
import { assertKnownCurrency } from '../shared/currency.ts';
import { newId } from '../shared/ids.ts';
import { inTransaction } from '../shared/transaction.ts';
import { parseInput } from '../shared/validate.ts';
import { openSecret, sealSecret } from './provider-secrets.ts';
import { providerErrors } from './providers.errors.ts';
import {
  type CreateProviderInput,
  CreateProviderSchema,
  type ProviderView,
  type UpdateProviderInput,
  UpdateProviderSchema,
} from './providers.schemas.ts';
import * as store from './providers.store.ts';

type ModelEntry = ReturnType<typeof CreateProviderSchema.parse>['models'][number];

/** `••••` and the key's last four characters (none for keys too short to show any). */
function hintOf(apiKey: string): string | null {
  return apiKey.length >= 12 ? apiKey.slice(-4) : null;
}

function view(row: ProviderTable, models: Awaited<ReturnType<typeof store.listProviderModels>>) {
  return {
    id: row.id,
    name: row.name,
    baseUrl: row.base_url,
    apiKey: row.secret_sealed === null ? null : `••••${row.secret_hint ?? ''}`,
    timeoutMs: row.timeout_ms,
    currency: row.currency,
    models: models
      .filter((m) => m.provider_id === row.id)
      .map((m) => ({
        model: m.model_name,
        upstreamModel: m.upstream_model,
        priority: m.priority,
        inputCostPer1kMinor: m.input_cost_per_1k_minor,
        outputCostPer1kMinor: m.output_cost_per_1k_minor,
      })),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  } satisfies ProviderView;
}

/** Refuses a map that names a model twice, or under an endpoint's name. */
async function checkModels(ctx: AppContext, models: ModelEntry[]) {
  const seen = new Set<string>();
  for (const m of models) {
    if (seen.has(m.model)) throw providerErrors.duplicateModel(m.model);
    seen.add(m.model);
    let taken = true;
    try {
      await ctx.endpoints.idOf(m.model);
    } catch (error) {
      if (!isAppError(error) || error.code !== 'serving.endpoint_not_found') throw error;
      taken = false;
    }
    if (taken) throw providerErrors.modelNameTaken(m.model);
  }
}

/** The map's rows, making the upstream models (the names sold) the first time one is named. */
async function modelRows(
  tx: AppContext,
  providerId: string,
  models: ModelEntry[],
): Promise<ProviderModelTable[]> {
  const rows: ProviderModelTable[] = [];
  for (const m of models) {
    let upstream = await store.findUpstreamModel(tx.db, m.model);
    if (!upstream) {
      upstream = { id: newId('upm'), name: m.model, created_at: tx.clock.now().toISOString() };
      await store.insertUpstreamModel(tx.db, upstream);
    }
    rows.push({
      id: newId('pvm'),
      provider_id: providerId,
      model_id: upstream.id,
      upstream_model: m.upstreamModel ?? m.model,
      priority: m.priority,
      input_cost_per_1k_minor: m.inputCostPer1kMinor,
      output_cost_per_1k_minor: m.outputCostPer1kMinor,
    });
  }
  return rows;
}

/** A concurrent call that took the name first: the same answer as when it was seen taken. */
function nameRace(name: string) {
  return (error: unknown): never => {
    if (String((error as Error).message).includes('UNIQUE constraint failed: providers.name')) {
      throw providerErrors.providerExists(name);
    }
    throw error;
  };
}

async function viewOf(ctx: AppContext, row: ProviderTable): Promise<ProviderView> {
  return view(row, await store.listProviderModels(ctx.db, [row.id]));
}

/**
 * Registers an upstream provider. Its secret is sealed before it is written (the database never
 * holds it in clear) and answered masked; every model of its map becomes a model the gateway
 * sells under that name, with this provider in its fallback order.
 */
export async function createProvider(
  ctx: AppContext,
  input: CreateProviderInput,
): Promise<ProviderView> {
  const data = parseInput(CreateProviderSchema, input, 'provider');
  assertKnownCurrency(data.currency);
  if (await store.findProviderByName(ctx.db, data.name)) {
    throw providerErrors.providerExists(data.name);
  }
  await checkModels(ctx, data.models);
  const now = ctx.clock.now().toISOString();
  const id = newId('prv');
  const apiKey = data.apiKey ?? null;
  const row: ProviderTable = {
    id,
    name: data.name,
    base_url: data.baseUrl,
    secret_sealed: apiKey === null ? null : await sealSecret(ctx, id, apiKey),
    secret_hint: apiKey === null ? null : hintOf(apiKey),
    timeout_ms: data.timeoutMs,
    currency: data.currency,
    created_at: now,
    updated_at: now,
  };
  await inTransaction(ctx, async (tx) => {
    await store.insertProvider(tx.db, row);
    await store.replaceProviderModels(tx.db, id, await modelRows(tx, id, data.models));
  }).catch(nameRace(data.name));
  return viewOf(ctx, row);
}

async function findRow(ctx: AppContext, idOrName: string): Promise<ProviderTable> {
  const row = await store.findProvider(ctx.db, idOrName);
  if (!row) throw providerErrors.providerNotFound(idOrName);
  return row;
}

export async function listProviders(ctx: AppContext): Promise<ProviderView[]> {
  const rows = await store.listProviders(ctx.db);
  const models = await store.listProviderModels(ctx.db);
  return rows.map((row) => view(row, models));
}

export async function getProvider(ctx: AppContext, idOrName: string): Promise<ProviderView> {
  return viewOf(ctx, await findRow(ctx, idOrName));
}

/** Changes what is given; `models` replaces the whole map, `apiKey: null` removes the key. */
export async function updateProvider(
  ctx: AppContext,
  idOrName: string,
  input: UpdateProviderInput,
): Promise<ProviderView> {
  const data = parseInput(UpdateProviderSchema, input, 'provider change');
  const row = await findRow(ctx, idOrName);
  if (data.currency !== undefined) assertKnownCurrency(data.currency);
  if (data.name !== undefined && data.name !== row.name) {
    if (await store.findProviderByName(ctx.db, data.name)) {
      throw providerErrors.providerExists(data.name);
    }
  }
  const models = data.models;
  if (models) await checkModels(ctx, models);
  const changes: Partial<ProviderTable> = { updated_at: ctx.clock.now().toISOString() };
  if (data.name !== undefined) changes.name = data.name;
  if (data.baseUrl !== undefined) changes.base_url = data.baseUrl;
  if (data.timeoutMs !== undefined) changes.timeout_ms = data.timeoutMs;
  if (data.currency !== undefined) changes.currency = data.currency;
  if (data.apiKey !== undefined) {
    changes.secret_sealed =
      data.apiKey === null ? null : await sealSecret(ctx, row.id, data.apiKey);
    changes.secret_hint = data.apiKey === null ? null : hintOf(data.apiKey);
  }
  await inTransaction(ctx, async (tx) => {
    await store.updateProvider(tx.db, row.id, changes);
    if (models)
      await store.replaceProviderModels(tx.db, row.id, await modelRows(tx, row.id, models));
  }).catch(nameRace(data.name ?? row.name));
  return getProvider(ctx, row.id);
}

/**
 * Removes a provider and its model map. The models it served keep their names (products sell
 * them by id) and go on through their other providers; one left with none answers
 * `providers.no_route` until a provider serves it again.
 */
export async function deleteProvider(ctx: AppContext, idOrName: string): Promise<void> {
  const row = await findRow(ctx, idOrName);
  await inTransaction(ctx, (tx) => store.deleteProvider(tx.db, row.id));
}

/** A provider as the gateway calls it: its secret opened. */
export interface ProviderRoute {
  provider: { id: string; name: string; currency: string };
  target: { name: string; baseUrl: string; apiKey: string | null; timeoutMs: number };
  upstreamModel: string;
  cost: { input: number; output: number };
}

async function targetOf(ctx: AppContext, row: ProviderTable) {
  let apiKey: string | null = null;
  if (row.secret_sealed !== null) {
    try {
      apiKey = await openSecret(ctx, row.id, row.secret_sealed);
    } catch (error) {
      if (isAppError(error)) throw error;
      throw providerErrors.secretUnreadable(row.name);
    }
  }
  return { name: row.name, baseUrl: row.base_url, apiKey, timeoutMs: row.timeout_ms };
}

/** A model the gateway sells through providers (null: no such name). */
export async function findUpstreamModel(
  ctx: AppContext,
  name: string,
): Promise<{ id: string; name: string; createdAt: string } | null> {
  const row = await store.findUpstreamModel(ctx.db, name);
  return row ? { id: row.id, name: row.name, createdAt: row.created_at } : null;
}

/** Names of upstream models by id (for the endpoint directory's `namesOf`). */
export async function upstreamModelNames(ctx: AppContext, ids: string[]) {
  const rows = await store.upstreamModelsByIds(ctx.db, ids);
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Upstream models at least one provider serves now, by name (GET /v1/models). */
export async function listRoutedModels(ctx: AppContext) {
  return (await store.listRoutedModels(ctx.db)).map((r) => ({
    id: r.id,
    name: r.name,
    createdAt: r.created_at,
  }));
}

/** An upstream model's providers in fallback order (priority, then name), secrets opened. */
export async function routesOf(ctx: AppContext, modelId: string): Promise<ProviderRoute[]> {
  const rows = await store.routesOf(ctx.db, modelId);
  const routes: ProviderRoute[] = [];
  for (const row of rows) {
    routes.push({
      provider: { id: row.id, name: row.name, currency: row.currency },
      target: await targetOf(ctx, row),
      upstreamModel: row.upstream_model,
      cost: { input: row.input_cost_per_1k_minor, output: row.output_cost_per_1k_minor },
    });
  }
  return routes;
}

/** One provider as the test call reaches it, with its map (the sold name → its name). */
export async function providerTarget(ctx: AppContext, idOrName: string) {
  const row = await findRow(ctx, idOrName);
  const models = await store.listProviderModels(ctx.db, [row.id]);
  return {
    name: row.name,
    target: await targetOf(ctx, row),
    models: new Map(models.map((m) => [m.model_name, m.upstream_model])),
  };
}
