import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { buildOpenApi, type OpenApiDocument } from './openapi.ts';

export const OPENAPI_PATH = '/api/v1/openapi.json';
export const DOCS_PREFIX = '/api/v1/docs';

/**
 * The OpenAPI document at /api/v1/openapi.json and a browsable reference (Swagger UI, served
 * from the installed package: no CDN) at /api/v1/docs. Both are public, like any API reference.
 */
export async function installApiDocs(app: FastifyInstance, version: string): Promise<void> {
  const document: OpenApiDocument = buildOpenApi(version);
  app.get(OPENAPI_PATH, { config: { access: 'public' } }, () => document);
  await app.register(fastifySwagger, {
    mode: 'static',
    specification: { document: document as never },
  });
  await app.register(fastifySwaggerUi, {
    routePrefix: DOCS_PREFIX,
    uiConfig: { url: OPENAPI_PATH, deepLinking: true },
  });
}
