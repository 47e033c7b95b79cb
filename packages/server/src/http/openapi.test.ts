import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeTable } from '../auth/auth.plugin.ts';
import { createTestContext } from '../testing/factories.ts';
import { OPENAPI_PATH } from './api-docs.ts';
import type { OpenApiDocument } from './openapi.ts';
import { buildServer } from './server.ts';

let ctx: Awaited<ReturnType<typeof createTestContext>>;
let app: Awaited<ReturnType<typeof buildServer>>;
let document: OpenApiDocument;

beforeAll(async () => {
  ctx = await createTestContext();
  app = await buildServer(ctx);
  const response = await app.inject({ method: 'GET', url: OPENAPI_PATH });
  expect(response.statusCode).toBe(200);
  document = response.json();
});
afterAll(async () => {
  await app.close();
  await ctx.dispose();
});

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 with the error body as a component', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.components.schemas.ErrorBody).toMatchObject({ type: 'object' });
  });

  it('documents every registered API route, each mounted from a contract with a response schema', () => {
    const undocumented: string[] = [];
    const withoutContract: string[] = [];
    for (const route of routeTable(app)) {
      if (route.url.startsWith('/api/v1/docs') || route.url === OPENAPI_PATH) continue;
      if (!route.contract) withoutContract.push(`${route.method} ${route.url}`);
      const path = route.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
      if (!document.paths[path]?.[route.method.toLowerCase()]) {
        undocumented.push(`${route.method} ${route.url}`);
      }
    }
    expect(withoutContract).toEqual([]);
    expect(undocumented).toEqual([]);
  });

  it('documents nothing the server does not serve', () => {
    const served = new Set(routeTable(app).map((r) => `${r.method} ${r.url}`));
    const documented = Object.entries(document.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{([^}]+)\}/g, ':$1')}`),
    );
    expect(documented.filter((d) => !served.has(d))).toEqual([]);
  });

  it('names each operation once, by domain, with its access rule', () => {
    const ids = Object.values(document.paths).flatMap((ops) =>
      Object.values(ops).map((op) => (op as { operationId: string }).operationId),
    );
    expect(new Set(ids).size).toBe(ids.length);
    const createDeal = document.paths['/api/v1/deals']!.post as Record<string, unknown>;
    expect(createDeal.operationId).toBe('deals.create');
    expect(createDeal['x-qudao-access']).toEqual(['owner', 'admin', 'partner']);
    expect(Object.keys(createDeal.responses as object)).toEqual(['201', 'default']);
  });

  it('serves a browsable reference page without credentials', async () => {
    const page = await app.inject({ method: 'GET', url: '/api/v1/docs/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('swagger');
  });
});
