import type { Selectable } from 'kysely';
import type { AppContext } from '../context.ts';
import type { EndpointTable } from '../db/schema.ts';
import { registryErrors } from '../registry/registry.errors.ts';
import {
  getModelVersion,
  getServableVersion,
  type ServableVersion,
} from '../registry/registry.service.ts';
import { aliasVersionId, setAlias } from '../registry/registry-lifecycle.service.ts';
import { parseInput } from '../shared/validate.ts';
import { runtimeModelOf } from './runtime/runtime-model.ts';
import { servingErrors } from './serving.errors.ts';
import type { EndpointView } from './serving.schemas.ts';
import { getEndpoint } from './serving.service.ts';
import * as store from './serving.store.ts';
import {
  type TrafficCanaryInput,
  TrafficCanarySchema,
  type TrafficChangeInput,
  TrafficChangeSchema,
  type TrafficShadowInput,
  TrafficShadowSchema,
} from './traffic.schemas.ts';
import { modelOf, routeOf } from './traffic-route.ts';
import { NO_CANARY, NO_SHADOW, recordEndpointEvent } from './traffic-view.ts';

async function rowOf(ctx: AppContext, name: string) {
  const row = await store.findEndpointByName(ctx.db, name);
  if (!row) throw servingErrors.endpointNotFound(name);
  return row;
}

/** A version or alias of `model`, resolved now; an alias must point somewhere. */
async function target(ctx: AppContext, model: string, ref: { version?: number; alias?: string }) {
  if (ref.version !== undefined) return getModelVersion(ctx, model, ref.version);
  const id = await aliasVersionId(ctx, model, ref.alias!);
  if (!id) throw registryErrors.aliasNotFound(model, ref.alias!);
  return (await getServableVersion(ctx, id))!;
}

/** A second version takes the same input as the first (or its answers cannot be compared). */
function checkCompatible(
  first: Pick<ServableVersion, 'model' | 'version' | 'signature'>,
  second: Pick<ServableVersion, 'model' | 'version' | 'signature'>,
) {
  const a = first.signature;
  const b = second.signature;
  const same =
    (a.kind ?? 'image') === (b.kind ?? 'image') &&
    JSON.stringify(a.inputShape) === JSON.stringify(b.inputShape) &&
    JSON.stringify(a.columns ?? null) === JSON.stringify(b.columns ?? null);
  if (!same) {
    throw servingErrors.badTraffic(
      `${second.model}@${second.version} takes other inputs (${b.kind ?? 'image'} ${b.inputShape.join('x')}) than ${first.model}@${first.version} (${a.kind ?? 'image'} ${a.inputShape.join('x')})`,
    );
  }
}

/**
 * Loads and warms a version on every inference worker before it takes traffic: its first
 * callers do not wait for the load, and one that cannot load fails here, not on their calls.
 */
async function warm(ctx: AppContext, version: ServableVersion): Promise<void> {
  await ctx.runtime.warm(runtimeModelOf(version));
}

/**
 * Sends `percent` of the endpoint's callers to a canary: another version (or an alias) of the
 * same model. Callers are split by a hash of who they are, so each stays on its side.
 */
export async function setCanary(
  ctx: AppContext,
  name: string,
  input: TrafficCanaryInput,
  actor: string,
): Promise<EndpointView> {
  const request = parseInput(TrafficCanarySchema, input, 'canary');
  const row = await rowOf(ctx, name);
  const route = await routeOf(ctx, row);
  const version = await target(ctx, route.model, request);
  if (version.id === route.primary.id) {
    throw servingErrors.badTraffic(
      `${route.model}@${version.version} already serves "${name}"; a canary is another version`,
    );
  }
  checkCompatible(route.primary, version);
  await warm(ctx, (await getServableVersion(ctx, version.id))!);
  const now = ctx.clock.now().toISOString();
  const alias = request.alias ?? null;
  const same = row.canary_version_id === (alias ? null : version.id) && row.canary_alias === alias;
  await store.updateEndpoint(ctx.db, row.id, {
    canary_model: route.model,
    canary_version_id: alias ? null : version.id,
    canary_alias: alias,
    canary_percent: request.percent,
    // Changing only the share keeps the canary's window (its stats since it started).
    canary_since: same && row.canary_since ? row.canary_since : now,
    updated_at: now,
  });
  await recordEndpointEvent(
    ctx,
    row.id,
    'canary',
    {
      model: route.model,
      version: version.version,
      alias,
      percent: request.percent,
      primary: route.primary.version,
    },
    actor,
  );
  return getEndpoint(ctx, name);
}

/** Also runs `percent` of the calls on a shadow version: logged and compared, never answered. */
export async function setShadow(
  ctx: AppContext,
  name: string,
  input: TrafficShadowInput,
  actor: string,
): Promise<EndpointView> {
  const request = parseInput(TrafficShadowSchema, input, 'shadow');
  const row = await rowOf(ctx, name);
  const route = await routeOf(ctx, row);
  const model = request.model ?? route.model;
  const version = await target(ctx, model, request);
  checkCompatible(route.primary, version);
  await warm(ctx, (await getServableVersion(ctx, version.id))!);
  const now = ctx.clock.now().toISOString();
  const alias = request.alias ?? null;
  await store.updateEndpoint(ctx.db, row.id, {
    shadow_model: model,
    shadow_version_id: alias ? null : version.id,
    shadow_alias: alias,
    shadow_percent: request.percent,
    shadow_since: now,
    updated_at: now,
  });
  await recordEndpointEvent(
    ctx,
    row.id,
    'shadow',
    { model, version: version.version, alias, percent: request.percent },
    actor,
  );
  return getEndpoint(ctx, name);
}

/** Stops the shadow; the endpoint's answers were never affected by it. */
export async function clearShadow(ctx: AppContext, name: string, actor: string) {
  const row = await rowOf(ctx, name);
  if (row.shadow_percent != null) {
    await store.updateEndpoint(ctx.db, row.id, {
      ...NO_SHADOW,
      updated_at: ctx.clock.now().toISOString(),
    });
    await recordEndpointEvent(ctx, row.id, 'shadow.stopped', {}, actor);
  }
  return getEndpoint(ctx, name);
}

/** Points the endpoint's main traffic at `version`: moves its alias, or re-pins it. */
async function serveVersion(
  ctx: AppContext,
  row: Selectable<EndpointTable>,
  model: string,
  version: number,
  actor: string,
  patch: Partial<EndpointTable> = {},
) {
  const now = ctx.clock.now().toISOString();
  if (row.alias) await setAlias(ctx, model, row.alias, version, actor);
  const pinned = row.alias
    ? {}
    : { model_version_id: (await getModelVersion(ctx, model, version)).id };
  await store.updateEndpoint(ctx.db, row.id, { ...pinned, ...patch, updated_at: now });
}

/**
 * Makes the canary the endpoint's version: an endpoint that routes by alias moves the alias (so
 * every endpoint on it follows), a pinned one is re-pinned. The canary ends.
 */
export async function promote(
  ctx: AppContext,
  name: string,
  input: TrafficChangeInput,
  actor: string,
): Promise<EndpointView> {
  const request = parseInput(TrafficChangeSchema, input ?? {}, 'promotion');
  const row = await rowOf(ctx, name);
  const route = await routeOf(ctx, row);
  if (!route.canary) throw servingErrors.noCanary(name);
  const to = route.canary.version.version;
  await serveVersion(ctx, row, route.model, to, actor, NO_CANARY);
  await recordEndpointEvent(
    ctx,
    row.id,
    'promote',
    {
      model: route.model,
      from: route.primary.version,
      to,
      alias: route.alias,
      percent: route.canary.percent,
      reason: request.reason ?? null,
    },
    actor,
  );
  return getEndpoint(ctx, name);
}

/**
 * Undoes the last traffic change: ends a running canary (its callers go back to the main
 * version), or, with none running, puts back the version the last promotion replaced.
 */
export async function rollback(
  ctx: AppContext,
  name: string,
  input: TrafficChangeInput,
  actor: string,
): Promise<EndpointView> {
  const request = parseInput(TrafficChangeSchema, input ?? {}, 'rollback');
  const row = await rowOf(ctx, name);
  const reason = request.reason ?? null;
  if (row.canary_percent != null) {
    const route = await routeOf(ctx, row);
    await store.updateEndpoint(ctx.db, row.id, {
      ...NO_CANARY,
      updated_at: ctx.clock.now().toISOString(),
    });
    await recordEndpointEvent(
      ctx,
      row.id,
      'rollback',
      {
        undid: 'canary',
        model: route.model,
        canary: route.canary?.version.version ?? null,
        primary: route.primary.version,
        reason,
      },
      actor,
    );
    return getEndpoint(ctx, name);
  }
  const last = lastPromotion(await store.endpointEvents(ctx.db, row.id));
  if (!last) throw servingErrors.nothingToRollBack(name);
  const detail = JSON.parse(last.detail_json) as { model: string; from: number; to: number };
  const model = (await modelOf(ctx, row)) ?? detail.model;
  await serveVersion(ctx, row, model, detail.from, actor);
  await recordEndpointEvent(
    ctx,
    row.id,
    'rollback',
    { undid: 'promote', promotion: last.id, model, from: detail.to, to: detail.from, reason },
    actor,
  );
  return getEndpoint(ctx, name);
}

/** The promotion a rollback would undo: the last one, unless a deploy or rollback came after. */
function lastPromotion(events: { id: string; action: string; detail_json: string }[]) {
  for (const event of [...events].reverse()) {
    if (event.action === 'promote') return event;
    if (event.action === 'deploy' || event.action === 'rollback') return undefined;
  }
  return undefined;
}
