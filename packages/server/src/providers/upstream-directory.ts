import type { AppContext } from '../context.ts';
import type { EndpointDirectory } from '../shared/endpoint-directory.ts';
import { findUpstreamModel, upstreamModelNames } from './providers.service.ts';

/**
 * Serving's endpoint directory with the upstream models added where products look names up:
 * a product sells an endpoint or an upstream model by its id, and usage and product views name
 * either. Everything about traffic and versions stays the endpoints' alone.
 */
export function withUpstreamModels(
  endpoints: EndpointDirectory,
  context: () => AppContext,
): EndpointDirectory {
  return {
    ...endpoints,
    async sellableIdOf(name) {
      try {
        return await endpoints.sellableIdOf(name);
      } catch (error) {
        const model = await findUpstreamModel(context(), name);
        if (model) return model.id;
        throw error;
      }
    },
    async namesOf(ids) {
      const names = await endpoints.namesOf(ids);
      const rest = ids.filter((id) => !names.has(id));
      if (rest.length > 0) {
        for (const [id, name] of await upstreamModelNames(context(), rest)) names.set(id, name);
      }
      return names;
    },
  };
}
