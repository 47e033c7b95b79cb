import { type AppContext, startServer, stopServer } from '@qudao/server';
import type { Command } from 'commander';
import { ensureConsoleBuilt } from '../console-build.ts';
import { printJson } from '../output.ts';
import { optionsOf, withWorkspace } from '../workspace.ts';

const int = (v: string) => Number.parseInt(v, 10);

/** `qudao serve`: the API and the console until Ctrl-C. */
export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('serve the REST API and the web console until stopped (Ctrl-C)')
    .option('--port <n>', 'port (default 7070, or QUDAO_PORT)', int)
    .option('--host <host>', 'interface to listen on (default 127.0.0.1, or QUDAO_HOST)')
    .action(async (_opts, command: Command) => {
      const opts = optionsOf<{ port?: number; host?: string }>(command);
      ensureConsoleBuilt();
      await withWorkspace(opts, async (ctx) => {
        const server = await startServer(ctx, { port: opts.port, host: opts.host });
        announce(ctx, server.url, server.consoleUrl, opts.json);
        await untilStopped();
        await stopServer(server, ctx);
      });
    });
}

export function announce(ctx: AppContext, url: string, consoleUrl: string | null, json?: boolean) {
  if (json) {
    printJson({ url, consoleUrl, backend: ctx.backend.name });
    return;
  }
  console.log(`Qudao API     ${url}/api/v1   (backend ${ctx.backend.name})`);
  console.log(
    consoleUrl
      ? `Console       ${consoleUrl}`
      : 'Console       not built: run `npm run build` to build packages/web',
  );
  console.log(`Workspace     ${ctx.config.home}   (logs in ${ctx.paths.logs})`);
}

export function untilStopped(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
