import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { QudaoClient } from '@qudao/client';
import { type AppContext, startServer } from '@qudao/server';
import type { Command } from 'commander';
import { ensureConsoleBuilt } from '../console-build.ts';
import { percent, printJson, printRecord } from '../output.ts';
import { optionsOf, withWorkspace } from '../workspace.ts';

const int = (v: string) => Number.parseInt(v, 10);

export function registerServeCommands(program: Command): void {
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
        await server.app.close();
      });
    });

  program
    .command('predict <endpoint> <file>')
    .description(
      'call an endpoint over HTTP with a PNG image or a JSON file ({"image": rows} or rows)',
    )
    .requiredOption(
      '--key <key>',
      'the API key of the calling customer (or QUDAO_API_KEY)',
      process.env.QUDAO_API_KEY,
    )
    .option('--url <url>', 'server URL', process.env.QUDAO_URL ?? 'http://127.0.0.1:7070')
    .addHelpText('after', '\nExample:\n  qudao predict mnist digit.png --key qd_…')
    .action(async (endpoint: string, file: string, _opts, command: Command) => {
      const opts = optionsOf<{ key: string; url: string }>(command);
      const client = new QudaoClient({ baseUrl: opts.url, token: opts.key });
      const bytes = await readFile(file);
      const prediction =
        path.extname(file).toLowerCase() === '.json'
          ? await client.predict(endpoint, jsonImage(bytes))
          : await client.predictPng(endpoint, bytes);
      if (opts.json) {
        printJson(prediction);
        return;
      }
      printRecord(
        {
          label: prediction.label,
          confidence: percent(Math.max(...prediction.probabilities.map((p) => p.probability))),
          model: `${prediction.model}@${prediction.version}`,
          latency: `${prediction.latencyMs.toFixed(2)} ms`,
          billed: prediction.billed ? 'yes' : 'no (owner test call)',
        },
        {},
      );
    });

  program
    .command('doctor')
    .description('show which ML backend runs and why, and where the workspace is')
    .action(async (_opts, command: Command) => {
      const opts = optionsOf(command);
      await withWorkspace(opts, async (ctx) => {
        printRecord(
          {
            backend: ctx.backend.name,
            why: ctx.backend.reasons.join('; '),
            workspace: ctx.config.home,
            node: process.version,
            cpus: (await import('node:os')).cpus().length,
          },
          opts,
          { backend: ctx.backend, workspace: ctx.config.home },
        );
      });
    });
}

function jsonImage(bytes: Buffer): number[][] {
  const parsed = JSON.parse(bytes.toString('utf8')) as unknown;
  if (parsed && typeof parsed === 'object' && !Array.isArray(parsed) && 'image' in parsed) {
    return (parsed as { image: number[][] }).image;
  }
  return parsed as number[][];
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
