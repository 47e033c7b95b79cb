import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { access } from '../shared/access.ts';
import { parseInput } from '../shared/validate.ts';
import { SetAliasSchema, SetTagSchema } from './registry.schemas.ts';
import * as registry from './registry.service.ts';
import * as lifecycle from './registry-lifecycle.service.ts';
import * as transfer from './registry-transfer.service.ts';

const NameParams = z.object({ name: z.string().min(1) });
const VersionParams = NameParams.extend({ version: z.coerce.number().int().positive() });
const AliasParams = NameParams.extend({ alias: z.string().min(1) });
const TagParams = VersionParams.extend({ key: z.string().min(1) });
const RefParams = z.object({ ref: z.string().min(1) });
const ImportQuery = z.object({ as: z.string().optional() });

export function registryRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    app.addContentTypeParser(
      'application/octet-stream',
      { parseAs: 'buffer', bodyLimit: ctx.config.maxUploadBytes },
      (_req, body, done) => done(null, body),
    );
    const actor = (request: { principal: Parameters<typeof lifecycle.actorOf>[0] }) =>
      lifecycle.actorOf(request.principal);

    app.get('/api/v1/models', access.owner, () => registry.listModels(ctx));

    app.get('/api/v1/models/:name/versions/:version', access.owner, async (request) => {
      const { name, version } = parseInput(VersionParams, request.params);
      return registry.getModelVersion(ctx, name, version);
    });

    /** `<model>@<version>` or `<model>@<alias>`. */
    app.get('/api/v1/model-refs/:ref', access.owner, async (request) => {
      const { ref } = parseInput(RefParams, request.params);
      return lifecycle.resolveModelRef(ctx, ref);
    });

    app.get('/api/v1/models/:name/aliases', access.owner, async (request) => {
      const { name } = parseInput(NameParams, request.params);
      return lifecycle.listAliases(ctx, name);
    });

    app.put('/api/v1/models/:name/aliases/:alias', access.owner, async (request) => {
      const { name, alias } = parseInput(AliasParams, request.params);
      const { version } = parseInput(SetAliasSchema, request.body);
      return lifecycle.setAlias(ctx, name, alias, version, actor(request));
    });

    app.delete('/api/v1/models/:name/aliases/:alias', access.owner, async (request) => {
      const { name, alias } = parseInput(AliasParams, request.params);
      return lifecycle.removeAlias(ctx, name, alias, actor(request));
    });

    app.put('/api/v1/models/:name/versions/:version/tags/:key', access.owner, async (request) => {
      const { name, version, key } = parseInput(TagParams, request.params);
      const { value } = parseInput(SetTagSchema, request.body);
      return lifecycle.setTag(ctx, name, version, key, value, actor(request));
    });

    app.delete(
      '/api/v1/models/:name/versions/:version/tags/:key',
      access.owner,
      async (request) => {
        const { name, version, key } = parseInput(TagParams, request.params);
        return lifecycle.removeTag(ctx, name, version, key, actor(request));
      },
    );

    app.get('/api/v1/models/:name/versions/:version/card', access.owner, async (request) => {
      const { name, version } = parseInput(VersionParams, request.params);
      return lifecycle.getModelCard(ctx, name, version);
    });

    app.put('/api/v1/models/:name/versions/:version/card', access.owner, async (request) => {
      const { name, version } = parseInput(VersionParams, request.params);
      return lifecycle.setModelCard(ctx, name, version, request.body as object, actor(request));
    });

    app.get('/api/v1/models/:name/events', access.owner, async (request) => {
      const { name } = parseInput(NameParams, request.params);
      return lifecycle.modelEvents(ctx, name);
    });

    app.get(
      '/api/v1/models/:name/versions/:version/export',
      access.owner,
      async (request, reply) => {
        const { name, version } = parseInput(VersionParams, request.params);
        const { fileName, bytes } = await transfer.exportVersion(ctx, name, version);
        reply.header('content-type', 'application/octet-stream');
        reply.header('content-disposition', `attachment; filename="${fileName}"`);
        return reply.send(bytes);
      },
    );

    app.post('/api/v1/models/import', access.owner, async (request, reply) => {
      const query = parseInput(ImportQuery, request.query);
      reply.code(201);
      return transfer.importVersion(ctx, request.body as Buffer, {
        as: query.as,
        actor: actor(request),
      });
    });

    app.delete('/api/v1/models/:name/versions/:version', access.owner, async (request) => {
      const { name, version } = parseInput(VersionParams, request.params);
      return transfer.deleteVersion(ctx, name, version, actor(request));
    });
  };
}
