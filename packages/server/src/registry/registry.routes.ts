import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context.ts';
import { mountContract } from '../shared/mount.ts';
import { BUNDLE_TYPE, registryContract } from './registry.schemas.ts';
import * as registry from './registry.service.ts';
import * as lifecycle from './registry-lifecycle.service.ts';
import { actorOf } from './registry-lifecycle.service.ts';
import * as tfjs from './registry-tfjs.service.ts';
import * as transfer from './registry-transfer.service.ts';

export function registryRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    // Bundles arrive as raw bytes, up to the upload limit.
    app.addContentTypeParser(
      BUNDLE_TYPE,
      { parseAs: 'buffer', bodyLimit: ctx.config.maxUploadBytes },
      (_req, body, done) => done(null, body),
    );
    mountContract(app, ctx, registryContract, {
      list: () => registry.listModels(ctx),
      getVersion: ({ params }) => registry.getModelVersion(ctx, params.name, params.version),
      resolveRef: ({ params }) => lifecycle.resolveModelRef(ctx, params.ref),
      listAliases: ({ params }) => lifecycle.listAliases(ctx, params.name),
      setAlias: ({ params, body, principal }) =>
        lifecycle.setAlias(ctx, params.name, params.alias, body.version, actorOf(principal)),
      removeAlias: ({ params, principal }) =>
        lifecycle.removeAlias(ctx, params.name, params.alias, actorOf(principal)),
      setTag: ({ params, body, principal }) =>
        lifecycle.setTag(
          ctx,
          params.name,
          params.version,
          params.key,
          body.value,
          actorOf(principal),
        ),
      removeTag: ({ params, principal }) =>
        lifecycle.removeTag(ctx, params.name, params.version, params.key, actorOf(principal)),
      getCard: ({ params }) => lifecycle.getModelCard(ctx, params.name, params.version),
      setCard: ({ params, body, principal }) =>
        lifecycle.setModelCard(ctx, params.name, params.version, body, actorOf(principal)),
      events: ({ params }) => lifecycle.modelEvents(ctx, params.name),
      exportVersion: async ({ params, reply }) => {
        const { fileName, bytes } = await transfer.exportVersion(ctx, params.name, params.version);
        return reply
          .type(BUNDLE_TYPE)
          .header('content-disposition', `attachment; filename="${fileName}"`)
          .send(bytes);
      },
      tfjsModel: async ({ params, reply }) =>
        reply
          .type('application/json')
          .send(await tfjs.readTfjsFile(ctx, params.name, params.version, 'model.json')),
      tfjsWeights: async ({ params, reply }) =>
        reply
          .type(BUNDLE_TYPE)
          .send(await tfjs.readTfjsFile(ctx, params.name, params.version, 'weights.bin')),
      importVersion: ({ query, body, principal }) =>
        transfer.importVersion(ctx, body, { as: query.as, actor: actorOf(principal) }),
      deleteVersion: ({ params, principal }) =>
        transfer.deleteVersion(ctx, params.name, params.version, actorOf(principal)),
    });
  };
}
