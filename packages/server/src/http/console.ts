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

/**
 * Serves the console at `/`. Files are looked up per request (a rebuilt console is served
 * without a restart); unknown non-API paths get index.html (see the not-found handler).
 */
export async function installConsole(app: FastifyInstance): Promise<boolean> {
  const dir = consoleDir();
  if (!dir) return false;
  await app.register(fastifyStatic, {
    root: dir,
    prefix: '/',
    wildcard: true,
    index: ['index.html'],
    allowedPath: (pathName) => !pathName.startsWith('/api/'),
    // index.html names the hashed bundles: never cache it, so a rebuild shows at once.
    setHeaders: (res, file) => {
      if (file.endsWith('index.html')) res.setHeader('cache-control', 'no-cache');
    },
  });
  return true;
}
