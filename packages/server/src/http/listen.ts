import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { createConsoleSignInCode } from '../auth/console-sign-in-codes.ts';
import type { AppContext } from '../context.ts';
import { markDraining, warmEndpoints } from '../serving/readiness.service.ts';
import { AppError } from '../shared/app-error.ts';
import { consoleDir } from './console.ts';
import { buildServer } from './server.ts';

export interface RunningServer {
  app: FastifyInstance;
  /** Base URL of the API, e.g. http://127.0.0.1:7070 */
  url: string;
  /** The console URL with a one-time sign-in code, or null if the console is not built. */
  consoleUrl: string | null;
}

/** Builds and starts the server on the configured host and port (logging to the workspace). */
export async function startServer(
  ctx: AppContext,
  options: { port?: number; host?: string } = {},
): Promise<RunningServer> {
  const app = await buildServer(ctx, { logFile: path.join(ctx.paths.logs, 'server.log') });
  const host = options.host ?? ctx.config.host;
  const port = options.port ?? ctx.config.port;
  try {
    await app.listen({ host, port });
  } catch (error) {
    await app.close();
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new AppError(
        'serve.port_in_use',
        409,
        `port ${port} is in use; choose another with --port`,
      );
    }
    throw error;
  }
  // Endpoints are warmed while the server already answers /health; /ready says when it is done.
  void warmEndpoints(ctx);
  const address = app.server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  const url = `http://${shownHost}:${actualPort}`;
  return {
    app,
    url,
    // A one-time code, never the token: the printed URL ends up in logs and browser history.
    consoleUrl: consoleDir() ? `${url}/?signin=${createConsoleSignInCode(ctx)}` : null,
  };
}

/**
 * Stops a server gracefully (SIGTERM): `/ready` answers 503 at once, the listener closes, the
 * requests already in flight finish (their rows still run in their batches), then the runtime
 * drains its queues. The context is closed by the caller.
 */
export async function stopServer(server: RunningServer, ctx: AppContext): Promise<void> {
  markDraining(ctx);
  await server.app.close();
  await ctx.runtime.drain();
}
