import type { Selectable } from 'kysely';
import type { AppContext } from '../context.ts';
import type { EndpointTable } from '../db/schema.ts';
import type { ServableVersion } from '../registry/registry.service.ts';
import { sortableId } from '../shared/ids.ts';
import { servingErrors } from './serving.errors.ts';
import type { EndpointTrafficView } from './serving.schemas.ts';
import * as store from './serving.store.ts';
import type { EndpointEventView } from './traffic.schemas.ts';
import { resolveTarget } from './traffic-route.ts';

/** An endpoint's traffic as its view shows it, and its history (below the serving service). */

export const NO_SHADOW = {
  shadow_model: null,
  shadow_version_id: null,
  shadow_alias: null,
  shadow_percent: null,
  shadow_since: null,
};

export const NO_CANARY = {
  canary_model: null,
  canary_version_id: null,
  canary_alias: null,
  canary_percent: null,
  canary_since: null,
};

/**
 * What an endpoint serves and where else its traffic goes, for its view; never throws (an alias
 * that points nowhere shows as version null).
 */
export async function trafficView(
  ctx: AppContext,
  row: Selectable<EndpointTable>,
): Promise<{ primary: ServableVersion | undefined; traffic: EndpointTrafficView }> {
  const alias = row.alias ?? null;
  const primary = await resolveTarget(ctx, row.model_name, row.model_version_id, alias);
  const arm = async (which: 'canary' | 'shadow') => {
    const percent = row[`${which}_percent`];
    if (percent === null || percent === undefined) return null;
    const model = row[`${which}_model`] ?? primary?.model ?? '';
    const armAlias = row[`${which}_alias`] ?? null;
    const version = await resolveTarget(ctx, model, row[`${which}_version_id`], armAlias);
    return {
      model,
      version: version?.version ?? null,
      alias: armAlias,
      percent,
      since: row[`${which}_since`] ?? row.updated_at,
    };
  };
  return { primary, traffic: { alias, canary: await arm('canary'), shadow: await arm('shadow') } };
}

/** Writes one line of an endpoint's history: what changed, who did it, when. */
export async function recordEndpointEvent(
  ctx: AppContext,
  endpointId: string,
  action: string,
  detail: object,
  actor: string,
): Promise<void> {
  await store.insertEndpointEvent(ctx.db, {
    id: sortableId('epe'),
    endpoint_id: endpointId,
    action,
    detail_json: JSON.stringify(detail),
    actor,
    at: ctx.clock.now().toISOString(),
  });
}

/** An endpoint's history, oldest first: deploys, stops, canaries, shadows, promotions, rollbacks. */
export async function endpointHistory(ctx: AppContext, name: string): Promise<EndpointEventView[]> {
  const row = await store.findEndpointByName(ctx.db, name);
  if (!row) throw servingErrors.endpointNotFound(name);
  return (await store.endpointEvents(ctx.db, row.id)).map((e) => ({
    id: e.id,
    action: e.action,
    detail: JSON.parse(e.detail_json),
    actor: e.actor,
    at: e.at,
  }));
}
