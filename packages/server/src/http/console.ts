import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** The built console (packages/web/dist), if it has been built. */
export function consoleDir(): string | null {
  const require = createRequire(import.meta.url);
  try {
    const dir = path.join(path.dirname(require.resolve('@qudao/web/package.json')), 'dist');
    return existsSync(path.join(dir, 'index.html')) ? dir : null;
  } catch {
    return null;
  }
}

/** Serves the console at `/`, with index.html for every non-API path (client-side routing). */
export async function installConsole(app: FastifyInstance): Promise<boolean> {
  const dir = consoleDir();
  if (!dir) return false;
  await app.register(fastifyStatic, {
    root: dir,
    prefix: '/',
    wildcard: false,
    index: ['index.html'],
  });
  app.get('/*', { config: { access: 'public' } }, (request, reply) => {
    if (request.url.startsWith('/api/')) return reply.callNotFound();
    return reply.sendFile('index.html');
  });
  return true;
}
