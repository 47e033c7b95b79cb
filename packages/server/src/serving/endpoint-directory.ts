import type { AppContext } from '../context.ts';
import type { EndpointDirectory, EndpointTraffic } from '../shared/endpoint-directory.ts';
import { servingErrors } from './serving.errors.ts';
import * as store from './serving.store.ts';
import { resolveTarget } from './traffic-route.ts';

/**
 * Serving's endpoints as the directory that plans, metering, the registry and monitoring look
 * names, ids and versions up in. It takes the context lazily, as it is built before the
 * context is complete (aliases resolve through the registry's service).
 */
export function endpointDirectory(context: () => AppContext): EndpointDirectory {
  const traffic = async (
    row: NonNullable<Awaited<ReturnType<typeof store.findEndpointByName>>>,
  ): Promise<EndpointTraffic> => {
    const ctx = context();
    const primary = await resolveTarget(ctx, row.model_name, row.model_version_id, row.alias);
    const arm = async (which: 'canary' | 'shadow') => {
      const percent = row[`${which}_percent`];
      if (percent === null || percent === undefined) return null;
      const model = row[`${which}_model`];
      const version = await resolveTarget(
        ctx,
        model,
        row[`${which}_version_id`],
        row[`${which}_alias`],
      );
      return version
        ? { versionId: version.id, percent, since: row[`${which}_since`] ?? row.updated_at }
        : null;
    };
    return {
      id: row.id,
      name: row.name,
      status: row.status,
      primary: primary?.id ?? null,
      alias: row.alias ?? null,
      canary: await arm('canary'),
      shadow: await arm('shadow'),
    };
  };
  const idOf = async (name: string) => {
    const row = await store.findEndpointByName(context().db, name);
    if (!row) throw servingErrors.endpointNotFound(name);
    return row.id;
  };
  return {
    idOf,
    // Upstream models are added by the providers domain (providers/upstream-directory.ts).
    sellableIdOf: idOf,
    async namesOf(ids) {
      return new Map((await store.endpointsByIds(context().db, ids)).map((e) => [e.id, e.name]));
    },
    async servingVersion(modelVersionId) {
      const names: string[] = [];
      for (const row of await store.listEndpoints(context().db)) {
        const t = await traffic(row);
        const ids = [
          row.alias ? null : row.model_version_id,
          t.primary,
          t.canary?.versionId,
          t.shadow?.versionId,
        ];
        if (ids.includes(modelVersionId)) names.push(row.name);
      }
      return names;
    },
    async traffic(name) {
      const row = await store.findEndpointByName(context().db, name);
      if (!row) throw servingErrors.endpointNotFound(name);
      return traffic(row);
    },
  };
}
