import { createHash } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { AppContext } from '../context.ts';
import type { EndpointTable } from '../db/schema.ts';
import { getServableVersion, type ServableVersion } from '../registry/registry.service.ts';
import { aliasVersionId } from '../registry/registry-lifecycle.service.ts';
import { sortableId } from '../shared/ids.ts';
import type { Principal } from '../shared/principal.ts';
import { servingErrors } from './serving.errors.ts';

/** Which side of an endpoint answered: its main version, or the canary. */
export type AnsweringArm = 'primary' | 'canary';

export interface RoutedArm {
  version: ServableVersion;
  /** The alias it follows (null: pinned). */
  alias: string | null;
  percent: number;
  since: string;
}

/** Where an endpoint's calls go now: aliases resolved against the registry. */
export interface EndpointRoute {
  primary: ServableVersion;
  /** The alias the primary follows (null: pinned). */
  alias: string | null;
  model: string;
  /** Null when none is set, or its alias points at no version now. */
  canary: RoutedArm | null;
  shadow: RoutedArm | null;
}

/** The version one call runs on, chosen before it runs. */
export interface VersionChoice {
  /** The id the answer carries (`predictionId`): feedback and the prediction log name it. */
  predictionId: string;
  arm: AnsweringArm;
  version: ServableVersion;
  /** A version that also answers this call, in the background, for the log only; or null. */
  shadow: ServableVersion | null;
  /** Who is calling, for the sticky canary split and the log. */
  caller: string;
}

/** The version a pinned id or an alias of `model` names now, or undefined. */
export async function resolveTarget(
  ctx: AppContext,
  model: string | null | undefined,
  versionId: string | null | undefined,
  alias: string | null | undefined,
): Promise<ServableVersion | undefined> {
  if (alias && model) {
    const id = await aliasVersionId(ctx, model, alias);
    return id ? getServableVersion(ctx, id) : undefined;
  }
  return versionId ? getServableVersion(ctx, versionId) : undefined;
}

/** The model an endpoint serves (older rows name it only through their pinned version). */
export async function modelOf(ctx: AppContext, row: Selectable<EndpointTable>) {
  return row.model_name ?? (await getServableVersion(ctx, row.model_version_id))?.model ?? null;
}

async function armOf(
  ctx: AppContext,
  row: Selectable<EndpointTable>,
  arm: 'canary' | 'shadow',
): Promise<RoutedArm | null> {
  const percent = row[`${arm}_percent`];
  if (percent === null || percent === undefined) return null;
  const alias = row[`${arm}_alias`] ?? null;
  const version = await resolveTarget(ctx, row[`${arm}_model`], row[`${arm}_version_id`], alias);
  return version ? { version, alias, percent, since: row[`${arm}_since`] ?? row.updated_at } : null;
}

/**
 * Resolves an endpoint's traffic. An endpoint that pins a version and has no canary or shadow
 * costs one query, as before; an alias costs one more, so a moved alias moves traffic on the
 * next call, in every serving process, with no cache to go stale.
 */
export async function routeOf(
  ctx: AppContext,
  row: Selectable<EndpointTable>,
): Promise<EndpointRoute> {
  const alias = row.alias ?? null;
  const primary = alias
    ? await resolveTarget(ctx, row.model_name, null, alias)
    : await getServableVersion(ctx, row.model_version_id);
  if (!primary) {
    if (alias) throw servingErrors.aliasMissing(row.name, `${row.model_name}@${alias}`);
    throw servingErrors.versionGone(row.name);
  }
  const plain = row.canary_percent == null && row.shadow_percent == null;
  return {
    primary,
    alias,
    model: primary.model,
    canary: plain ? null : await armOf(ctx, row, 'canary'),
    shadow: plain ? null : await armOf(ctx, row, 'shadow'),
  };
}

/** The key a caller is kept on one side of a canary by: the customer, or the staff token. */
export function callerKey(principal: Principal): string {
  switch (principal.kind) {
    case 'customer':
      return `customer:${principal.customerId}`;
    case 'partner':
      return `partner:${principal.partnerId}`;
    case 'owner':
      return 'owner';
    default:
      return `${principal.kind}:${principal.tokenId}`;
  }
}

/**
 * A caller's place on an endpoint, 0 ≤ bucket < 100, from a hash of the endpoint and the caller:
 * the same caller always lands in the same place, and a canary takes the callers below its
 * percentage, so raising the percentage only adds callers and lowering it only removes some.
 */
export function callerBucket(endpointId: string, caller: string): number {
  const digest = createHash('sha256').update(endpointId).update('\0').update(caller).digest();
  return (digest.readUInt32BE(0) / 2 ** 32) * 100;
}

/** Whether a caller's calls go to the canary of `percent`. */
export function inCanary(endpointId: string, caller: string, percent: number): boolean {
  return callerBucket(endpointId, caller) < percent;
}

/**
 * Chooses the version of one call: the canary for the callers in its share (sticky), the
 * primary for the others; a shadow too on `shadow.percent` of the calls (random: no caller sees
 * it, so it need not be sticky).
 */
export async function chooseVersion(
  ctx: AppContext,
  row: Selectable<EndpointTable>,
  principal: Principal,
  random: () => number = Math.random,
): Promise<VersionChoice> {
  const route = await routeOf(ctx, row);
  const caller = callerKey(principal);
  const canary = route.canary && inCanary(row.id, caller, route.canary.percent);
  const shadow = route.shadow && random() * 100 < route.shadow.percent ? route.shadow : null;
  return {
    predictionId: sortableId('pr'),
    arm: canary ? 'canary' : 'primary',
    version: canary ? route.canary!.version : route.primary,
    shadow: shadow?.version ?? null,
    caller,
  };
}
